package io.cartpulse.flink.rules.churn;

import static io.cartpulse.flink.rules.churn.ChurnPipelines.WEEK;
import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.click.EventType;
import io.cartpulse.contract.BacktestClock;
import io.cartpulse.contract.ReferenceContract;
import io.cartpulse.contract.ReferenceContract.ExpectedAlert;
import io.cartpulse.flink.model.Click;
import io.cartpulse.testing.Clicks;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CEP pipeline and the plain function give identical alerts (ids, times, attributes) on the
 * same input, and both agree with the contract's reference implementation (ReferenceContract). Times sit on
 * an hourly grid so views and purchases often fall exactly on a window end.
 */
class ChurnRiskEquivalenceTest {
  static final long T0 = 1_569_888_000_000L;
  static final long HOUR = 3_600_000L;

  static List<Click> randomClicks(long seed) {
    Random random = new Random(seed);
    List<Click> clicks = new ArrayList<>();
    for (int user = 0; user < 40; user++) {
      // Heavier users view more often; some buy now and then.
      int rate = 1 + random.nextInt(8);
      for (long hour = 0; hour < 24 * 30; hour++) {
        if (random.nextInt(48) < rate) {
          int roll = random.nextInt(100);
          EventType type = roll < 85 ? EventType.VIEW : roll < 90 ? EventType.PURCHASE
              : roll < 95 ? EventType.CART : EventType.REMOVE_FROM_CART;
          long time = T0 + hour * HOUR + (random.nextInt(4) == 0 ? 0 : random.nextInt(3) * 1000L);
          clicks.add(new Click(time, type, "u" + user, "p" + random.nextInt(10), "electronics"));
        }
      }
    }
    clicks.sort(Comparator.comparingLong(c -> c.time));
    return clicks;
  }

  static List<Alert> run(String implementation, List<Click> clicks, Random watermarks) throws Exception {
    List<Alert> alerts = new ArrayList<>();
    try (ChurnPipelines.ChurnUnderTest churn = ChurnPipelines.create(implementation, WEEK, 10)) {
      for (int i = 0; i < clicks.size(); i++) {
        churn.click(clicks.get(i));
        // The clock lags the events by a random amount, as with a watermark delay.
        if (watermarks.nextInt(10) == 0) {
          churn.watermark(clicks.get(i).time - 1 - watermarks.nextInt(3) * HOUR);
        }
        alerts.addAll(churn.takeAlerts());
      }
      churn.watermark(Long.MAX_VALUE);
      alerts.addAll(churn.takeAlerts());
      assertThat(churn.stateEntries()).isZero();
      assertThat(churn.timers()).isZero();
    }
    return alerts;
  }

  /**
   * Arrival order with event times up to two hours out of order, and a clock that never passes an
   * event still to come (as a watermark delay of two hours would ensure).
   */
  static List<Alert> runOutOfOrder(String implementation, List<Click> arrivals) throws Exception {
    long[] minAhead = new long[arrivals.size() + 1];
    minAhead[arrivals.size()] = Long.MAX_VALUE;
    for (int i = arrivals.size() - 1; i >= 0; i--) {
      minAhead[i] = Math.min(minAhead[i + 1], arrivals.get(i).time);
    }
    List<Alert> alerts = new ArrayList<>();
    try (ChurnPipelines.ChurnUnderTest churn = ChurnPipelines.create(implementation, WEEK, 10)) {
      for (int i = 0; i < arrivals.size(); i++) {
        churn.click(arrivals.get(i));
        if (i % 7 == 0 && minAhead[i + 1] != Long.MAX_VALUE) {
          churn.watermark(minAhead[i + 1] - 1);
        }
        alerts.addAll(churn.takeAlerts());
      }
      churn.watermark(Long.MAX_VALUE);
      alerts.addAll(churn.takeAlerts());
      assertThat(churn.stateEntries()).isZero();
      assertThat(churn.timers()).isZero();
    }
    return alerts;
  }

  @ParameterizedTest
  @ValueSource(longs = {4, 5})
  void outOfOrderArrivalsGiveIdenticalAlertsToo(long seed) throws Exception {
    Random random = new Random(seed);
    List<Click> arrivals = new ArrayList<>();
    for (Click click : randomClicks(seed)) {
      arrivals.add(new Click(click.time - random.nextInt(3) * HOUR + (random.nextBoolean() ? 0 : 1), click.type,
          click.userId, click.productId, click.topCategory));
    }

    List<Alert> cep = runOutOfOrder("cep", arrivals);
    List<Alert> plain = runOutOfOrder("process", arrivals);

    assertThat(comparable(cep)).isEqualTo(comparable(plain)).isNotEmpty();
  }

  static List<String> comparable(List<Alert> alerts) {
    return alerts.stream()
        .map(a -> a.getAlertId() + " " + a.getUserId() + " " + a.getEventTime().toEpochMilli() + " "
            + new java.util.TreeMap<>(a.getAttributes()) + " " + a.getProductId() + " " + a.getUserSession())
        .sorted().toList();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void cepAndPlainFunctionEmitIdenticalAlerts(long seed) throws Exception {
    List<Click> clicks = randomClicks(seed);

    List<Alert> cep = run("cep", clicks, new Random(seed));
    List<Alert> plain = run("process", clicks, new Random(seed));

    assertThat(comparable(cep)).isEqualTo(comparable(plain));
    List<ClickEvent> events = clicks.stream()
        .map(c -> Clicks.click(c.time, c.type.wireName(), c.userId, c.productId, null)).toList();
    // The reference stops at T_end; compare the alerts due by then.
    ReferenceContract.Result reference = ReferenceContract.run(events);
    List<Alert> due = cep.stream().filter(a -> BacktestClock.emits(a.getEventTime().toEpochMilli(), reference.tEnd()))
        .toList();
    assertThat(ExpectedAlert.of(due)).isEqualTo(reference.alerts(AlertType.CHURN_RISK)).isNotEmpty();
  }
}
