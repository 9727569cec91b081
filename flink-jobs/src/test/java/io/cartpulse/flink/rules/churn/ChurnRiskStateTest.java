package io.cartpulse.flink.rules.churn;

import static io.cartpulse.flink.rules.churn.ChurnPipelines.WEEK;
import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.Alert;
import io.cartpulse.click.EventType;
import io.cartpulse.flink.model.Click;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-user CHURN_RISK state stays bounded however many views a window holds: a user with 100,000
 * views in a week holds the same few partial matches and about the same snapshot bytes as a user
 * with 1,000. Also logs the per-view cost of the CEP pipeline and the plain function (measured,
 * not asserted).
 */
class ChurnRiskStateTest {
  private static final Logger LOG = LoggerFactory.getLogger(ChurnRiskStateTest.class);
  static final long W0 = 1_569_888_000_000L;

  /** What one window of {@code views} views left behind, measured mid-window and at its end. */
  record Measured(int maxPartialMatches, long userBytes, long secondUserBytes, int midWindowEntries, int maxTimers, List<Alert> alerts,
      long nanosPerView) {}

  static Measured runCep(int views) throws Exception {
    try (ChurnPipelines.Cep churn = (ChurnPipelines.Cep) ChurnPipelines.create("cep", WEEK, 10)) {
      // Snapshot bytes without any user: serializer and state metadata, the same for every snapshot.
      long emptyBytes = churn.snapshotBytes();
      long step = (WEEK - 1) / views;
      int maxPartialMatches = 0;
      int maxTimers = 0;
      long start = System.nanoTime();
      for (int i = 0; i < views; i++) {
        long time = W0 + i * step;
        churn.click(new Click(time, EventType.VIEW, "heavy", "p" + (i % 50), "electronics"));
        if (i % 100 == 99) {
          churn.watermark(time);
          maxPartialMatches = Math.max(maxPartialMatches, churn.partialMatches("heavy"));
          maxTimers = Math.max(maxTimers, churn.timers());
        }
      }
      long nanosPerView = (System.nanoTime() - start) / views;
      long oneUserBytes = churn.snapshotBytes();
      long userBytes = oneUserBytes - emptyBytes;
      // What one more user in the middle of a window costs (the first user also pays for metadata).
      long last = W0 + (views - 1) * step;
      for (int i = 0; i < 20; i++) {
        churn.click(new Click(last + 1 + i, EventType.VIEW, "other", "p", "electronics"));
      }
      churn.watermark(last + 20);
      long secondUserBytes = churn.snapshotBytes() - oneUserBytes;
      int entries = churn.stateEntries();
      churn.watermark(W0 + WEEK);
      List<Alert> alerts = churn.takeAlerts().stream().filter(a -> a.getUserId().equals("heavy")).toList();
      churn.watermark(W0 + 2 * WEEK);
      assertThat(churn.stateEntries()).isZero();
      assertThat(churn.timers()).isZero();
      assertThat(churn.partialMatches("heavy")).isZero();
      return new Measured(maxPartialMatches, userBytes, secondUserBytes, entries, maxTimers, alerts, nanosPerView);
    }
  }

  @Test
  void aHundredThousandViewsInAWeekKeepTheSameSmallStateAsAThousand() throws Exception {
    Measured small = runCep(1_000);
    Measured large = runCep(100_000);
    LOG.info("CEP churn state: 1,000 views -> {}; 100,000 views -> {}", small, large);

    assertThat(large.alerts()).singleElement()
        .satisfies(alert -> assertThat(alert.getAttributes()).containsEntry("views", "100000"));
    assertThat(small.alerts()).singleElement()
        .satisfies(alert -> assertThat(alert.getAttributes()).containsEntry("views", "1000"));
    // At most: "first" waiting for more views, and "first, last" waiting for the window end.
    assertThat(large.maxPartialMatches()).isLessThanOrEqualTo(3);
    assertThat(large.maxPartialMatches()).isEqualTo(small.maxPartialMatches());
    // The same bytes whatever the number of views; a few hundred per additional user.
    assertThat(large.userBytes()).isLessThanOrEqualTo(small.userBytes() + 16).isLessThan(4_096);
    assertThat(large.secondUserBytes()).isLessThan(1_024);
    assertThat(large.midWindowEntries()).isLessThanOrEqualTo(small.midWindowEntries());
    // Timers: one per buffered timestamp until the watermark passes it, plus the window end.
    assertThat(large.maxTimers()).isLessThanOrEqualTo(200);
  }

  @Test
  void thePlainFunctionHoldsOneValueAndOneTimer() throws Exception {
    try (ChurnPipelines.ChurnUnderTest churn = ChurnPipelines.create("process", WEEK, 10)) {
      int views = 100_000;
      long step = (WEEK - 1) / views;
      long start = System.nanoTime();
      for (int i = 0; i < views; i++) {
        long time = W0 + i * step;
        churn.click(new Click(time, EventType.VIEW, "heavy", "p", "electronics"));
        if (i % 100 == 99) {
          churn.watermark(time);
        }
      }
      long nanosPerView = (System.nanoTime() - start) / views;
      assertThat(churn.stateEntries()).isEqualTo(1);
      assertThat(churn.timers()).isEqualTo(1);
      long bytes = churn.snapshotBytes();
      assertThat(bytes).isLessThan(4_096);
      LOG.info("Plain churn state: 100,000 views -> {} entries, {} timers, {} snapshot bytes, {} ns/view",
          churn.stateEntries(), churn.timers(), bytes, nanosPerView);
      churn.watermark(W0 + WEEK);
      assertThat(churn.takeAlerts()).singleElement()
          .satisfies(alert -> assertThat(alert.getAttributes()).containsEntry("views", "100000"));
      assertThat(churn.stateEntries()).isZero();
      assertThat(churn.timers()).isZero();
    }
  }
}
