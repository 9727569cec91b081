package io.cartpulse.backtest.streams;

import static io.cartpulse.testing.Clicks.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.contract.ReferenceContract;
import io.cartpulse.contract.ReferenceContract.ExpectedAlert;
import io.cartpulse.contract.ReferenceContract.Thresholds;
import io.cartpulse.testing.CsvFiles;
import io.cartpulse.testing.SyntheticClicks;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The streams-app's backtest gives exactly the streams-app alerts of the contract's reference. */
class StreamsBacktestTest {
  private static final long T0 = SyntheticClicks.T0;

  @TempDir
  Path dir;

  @Test
  void rees46FixtureMatchesTheReferenceReadingOfTheContract() throws IOException {
    List<ClickEvent> events = CsvFiles.readValid(CsvFiles.copy(CsvFiles.REES46_HEAD_3K, dir));
    assertThat(events).hasSize(3000);

    List<Alert> alerts = StreamsBacktest.run(events.iterator(), new Properties());

    assertThat(ExpectedAlert.of(alerts)).isEqualTo(ReferenceContract.run(events).streamsAlerts()).isNotEmpty();
    assertThat(alerts).allSatisfy(a -> assertThat(a.getMessage()).isNotBlank());
    assertThat(alerts).extracting(Alert::getAlertId).doesNotHaveDuplicates();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void denseSyntheticStreamsMatchTheReference(long seed) {
    List<ClickEvent> events = SyntheticClicks.dense(seed, 4000, 6, 4, Instant.parse("2019-10-01T20:00:00Z")
        .toEpochMilli());

    List<Alert> alerts = StreamsBacktest.run(events.iterator(), new Properties());

    List<ExpectedAlert> expected = ReferenceContract.run(events).streamsAlerts();
    assertThat(ExpectedAlert.of(alerts)).isEqualTo(expected);
    assertThat(alerts).extracting(Alert::getAlertId).doesNotHaveDuplicates();
    for (AlertType type : List.of(AlertType.CROSS_SELL, AlertType.CART_ABANDONMENT, AlertType.PURCHASE_INTENT,
        AlertType.PRICE_SENSITIVITY, AlertType.COUPON_ISSUED)) {
      assertThat(expected).as("seed %d exercises %s", seed, type).anyMatch(e -> e.type() == type);
    }
  }

  @Test
  void anItemDueExactlyAtTheLastEventTimeIsEmittedAndOneDueLaterIsNot() {
    List<ClickEvent> events = List.of(
        event("cart", "u1", "p1", T0, "250.00", null, "s1"),
        event("cart", "u2", "p2", T0 + 1, "250.00", null, "s2"),
        event("view", "u3", "p3", T0 + 10 * 60_000, "5.00", null, "s3"));

    List<Alert> alerts = StreamsBacktest.run(events.iterator(), new Properties());

    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.getType()).isEqualTo(AlertType.CART_ABANDONMENT);
      assertThat(a.getUserId()).isEqualTo("u1");
      assertThat(a.getEventTime().toEpochMilli()).isEqualTo(T0 + 10 * 60_000);
    });
  }

  @Test
  void ruleOverridesApply() {
    List<ClickEvent> events = List.of(event("purchase", "u1", "p1", T0, "60.00", null, "s1"));
    Properties overrides = new Properties();
    overrides.setProperty("coupon.tiers", "50");
    // the Flink job's rule keys are accepted and left to it
    overrides.setProperty("churn.min-views", "3");

    List<Alert> alerts = StreamsBacktest.run(events.iterator(), overrides);

    assertThat(alerts).singleElement().satisfies(a -> assertThat(a.getAttributes())
        .containsEntry("tier", "50").containsEntry("spend", "60.00"));
    assertThat(ExpectedAlert.of(alerts)).isEqualTo(
        ReferenceContract.run(events, Thresholds.CONTRACT.withCoupon(ZoneOffset.UTC, 50)).streamsAlerts());
  }

  @Test
  void aFailingInputSurfacesAsTheRunsException() {
    Iterator<ClickEvent> failing = new Iterator<>() {
      int served;

      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public ClickEvent next() {
        if (served++ == 3000) {
          throw new IllegalStateException("input broke at row 3000");
        }
        return event("view", "u" + (served % 7), "p1", T0 + served, "1.00", null, "s");
      }
    };

    assertThatThrownBy(() -> StreamsBacktest.run(failing, new Properties()))
        .isInstanceOf(IllegalStateException.class).hasMessage("input broke at row 3000");
  }
}
