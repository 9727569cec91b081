package io.cartpulse.flink.rules.churn;

import static io.cartpulse.flink.rules.churn.ChurnPipelines.WEEK;
import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.alert.Alerts;
import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.click.EventType;
import io.cartpulse.flink.model.Click;
import io.cartpulse.flink.rules.churn.ChurnPipelines.ChurnUnderTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CHURN_RISK (ALERTS.md section 4) clause by clause, run against both implementations: the CEP
 * pipeline (assigner + pattern) and the plain keyed function.
 */
class ChurnRiskRuleTest {
  static final long W0 = 1_569_888_000_000L; // 2019-10-01T00:00:00Z
  static final long HOUR = 3_600_000L;

  static Click view(String user, long time) {
    return new Click(time, EventType.VIEW, user, "p1", "electronics");
  }

  static Click purchase(String user, long time) {
    return new Click(time, EventType.PURCHASE, user, "p1", "electronics");
  }

  static Click other(EventType type, String user, long time) {
    return new Click(time, type, user, "p1", "electronics");
  }

  static void views(ChurnUnderTest churn, String user, long from, int count, long step) throws Exception {
    for (int i = 0; i < count; i++) {
      churn.click(view(user, from + i * step));
    }
  }

  static Map<String, String> attributes(Alert alert) {
    return alert.getAttributes();
  }

  /**
   * Nothing is left once the clock has passed the user's last event by a window: no keyed state
   * at all, and no timers. (The plain function is clean as soon as the window closes; the CEP
   * operator may still hold no-op timers at signal time + window for signals that arrived in the
   * same watermark interval as a window's first view - a FlinkCEP detail - which fire by then.)
   */
  static void assertCleanAfter(ChurnUnderTest churn, long lastEventTime) throws Exception {
    assertThat(churn.stateEntries()).as("keyed state entries").isZero();
    // The CEP operator keeps a timer one window past the end signal of the last window (the timeout
    // of the branch that signal started); it fires by then, a no-op.
    churn.watermark(lastEventTime + 2 * WEEK);
    assertThat(churn.takeAlerts()).isEmpty();
    assertThat(churn.stateEntries()).as("keyed state entries").isZero();
    assertThat(churn.timers()).as("event-time timers").isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"cep", "process"})
  void tenViewsAlertWhenTheClockReachesTheWindowEnd(String implementation) throws Exception {
    try (ChurnUnderTest churn = ChurnPipelines.create(implementation, WEEK, 10)) {
      views(churn, "u1", W0, 10, HOUR);
      churn.watermark(W0 + WEEK - 1);
      assertThat(churn.takeAlerts()).isEmpty();

      churn.watermark(W0 + WEEK);
      List<Alert> alerts = churn.takeAlerts();

      assertThat(alerts).hasSize(1);
      Alert alert = alerts.get(0);
      assertThat(alert.getType()).isEqualTo(AlertType.CHURN_RISK);
      assertThat(alert.getUserId()).isEqualTo("u1");
      assertThat(alert.getProductId()).isNull();
      assertThat(alert.getUserSession()).isNull();
      assertThat(alert.getEventTime().toEpochMilli()).isEqualTo(W0 + WEEK);
      assertThat(alert.getSource()).isEqualTo(Alerts.SOURCE_FLINK);
      assertThat(alert.getMessage()).contains("u1").contains("10").endsWith(".");
      assertThat(attributes(alert)).containsExactlyInAnyOrderEntriesOf(
          Map.of("views", "10", "windowStart", Long.toString(W0)));
      assertThat(alert.getAlertId()).isEqualTo(Alerts.alertId(AlertType.CHURN_RISK, "u1", null, W0 + WEEK, null));
      assertCleanAfter(churn, W0 + 9 * HOUR);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"cep", "process"})
  void nineViewsAreBelowTheFloorAndLeaveNothingBehind(String implementation) throws Exception {
    try (ChurnUnderTest churn = ChurnPipelines.create(implementation, WEEK, 10)) {
      views(churn, "u1", W0, 9, HOUR);
      assertThat(churn.stateEntries()).isPositive();

      churn.watermark(W0 + 2 * WEEK);

      assertThat(churn.takeAlerts()).isEmpty();
      assertCleanAfter(churn, W0 + 8 * HOUR);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"cep", "process"})
  void aViewAtTheLastMillisecondCountsAndTheWindowEndIsHalfOpen(String implementation) throws Exception {
    try (ChurnUnderTest churn = ChurnPipelines.create(implementation, WEEK, 10)) {
      views(churn, "u1", W0, 9, HOUR);
      churn.click(view("u1", W0 + WEEK - 1));
      churn.watermark(W0 + WEEK);

      assertThat(churn.takeAlerts()).singleElement()
          .satisfies(alert -> assertThat(attributes(alert)).containsEntry("views", "10"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"cep", "process"})
  void aPurchaseAtTheLastMillisecondDiscardsTheWindowAndTheNextViewOpensANewOne(String implementation)
      throws Exception {
    try (ChurnUnderTest churn = ChurnPipelines.create(implementation, WEEK, 10)) {
      views(churn, "u1", W0, 12, HOUR);
      churn.click(purchase("u1", W0 + WEEK - 1));
      churn.watermark(W0 + WEEK + 1);
      assertThat(churn.takeAlerts()).isEmpty();
      assertThat(churn.stateEntries()).isZero();

      long next = W0 + WEEK + 5;
      views(churn, "u1", next, 10, HOUR);
      churn.watermark(next + WEEK);

      assertThat(churn.takeAlerts()).singleElement().satisfies(alert -> {
        assertThat(alert.getEventTime().toEpochMilli()).isEqualTo(next + WEEK);
        assertThat(attributes(alert)).containsEntry("windowStart", Long.toString(next)).containsEntry("views", "10");
      });
      assertCleanAfter(churn, next + 9 * HOUR);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"cep", "process"})
  void viewsAfterADiscardingPurchaseStartTheirOwnWindow(String implementation) throws Exception {
    try (ChurnUnderTest churn = ChurnPipelines.create(implementation, WEEK, 10)) {
      views(churn, "u1", W0, 5, HOUR);
      churn.click(purchase("u1", W0 + 5 * HOUR));
      long restart = W0 + 6 * HOUR;
      views(churn, "u1", restart, 10, HOUR);
      churn.watermark(W0 + WEEK);
      assertThat(churn.takeAlerts()).isEmpty();

      churn.watermark(restart + WEEK);

      assertThat(churn.takeAlerts()).singleElement().satisfies(alert -> assertThat(attributes(alert))
          .containsEntry("windowStart", Long.toString(restart)).containsEntry("views", "10"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"cep", "process"})
  void aPurchaseExactlyAtTheWindowEndIsOutsideIt(String implementation) throws Exception {
    try (ChurnUnderTest churn = ChurnPipelines.create(implementation, WEEK, 10)) {
      views(churn, "u1", W0, 10, HOUR);
      churn.click(purchase("u1", W0 + WEEK));
      churn.watermark(W0 + WEEK + 1);

      assertThat(churn.takeAlerts()).singleElement()
          .satisfies(alert -> assertThat(attributes(alert)).containsEntry("views", "10"));
      assertCleanAfter(churn, W0 + WEEK);
    }
  }

  /** The old window's result comes first; the view at exactly w0 + 7 days opens the next window. */
  @ParameterizedTest
  @ValueSource(strings = {"cep", "process"})
  void aViewExactlyAtTheWindowEndClosesItAndOpensTheNext(String implementation) throws Exception {
    try (ChurnUnderTest churn = ChurnPipelines.create(implementation, WEEK, 10)) {
      views(churn, "u1", W0, 10, HOUR);
      // Arrives before the watermark has reached w0 + 7 days.
      views(churn, "u1", W0 + WEEK, 10, HOUR);
      churn.watermark(W0 + 2 * WEEK);

      List<Alert> alerts = churn.takeAlerts();
      assertThat(alerts).extracting(a -> a.getEventTime().toEpochMilli()).containsExactly(W0 + WEEK, W0 + 2 * WEEK);
      assertThat(alerts).extracting(a -> attributes(a).get("views")).containsExactly("10", "10");
      assertThat(alerts).extracting(a -> attributes(a).get("windowStart"))
          .containsExactly(Long.toString(W0), Long.toString(W0 + WEEK));
      assertCleanAfter(churn, W0 + WEEK + 9 * HOUR);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"cep", "process"})
  void windowsNeverOverlap(String implementation) throws Exception {
    try (ChurnUnderTest churn = ChurnPipelines.create(implementation, WEEK, 10)) {
      // A view every 12 hours for three weeks: 14 views per window, windows back to back.
      views(churn, "u1", W0, 42, 12 * HOUR);
      churn.watermark(W0 + 3 * WEEK);

      List<Alert> alerts = churn.takeAlerts();
      assertThat(alerts).extracting(a -> attributes(a).get("windowStart"))
          .containsExactly(Long.toString(W0), Long.toString(W0 + WEEK), Long.toString(W0 + 2 * WEEK));
      assertThat(alerts).extracting(a -> attributes(a).get("views")).containsOnly("14");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"cep", "process"})
  void cartsAndRemovalsChangeNothing(String implementation) throws Exception {
    try (ChurnUnderTest churn = ChurnPipelines.create(implementation, WEEK, 10)) {
      churn.click(other(EventType.CART, "u2", W0));
      churn.click(other(EventType.REMOVE_FROM_CART, "u2", W0 + 1));
      assertThat(churn.stateEntries()).isZero();
      assertThat(churn.timers()).isZero();

      for (int i = 0; i < 10; i++) {
        churn.click(view("u1", W0 + i * HOUR));
        churn.click(other(EventType.CART, "u1", W0 + i * HOUR + 1));
        churn.click(other(EventType.REMOVE_FROM_CART, "u1", W0 + i * HOUR + 2));
      }
      churn.watermark(W0 + WEEK);

      assertThat(churn.takeAlerts()).singleElement()
          .satisfies(alert -> assertThat(attributes(alert)).containsEntry("views", "10"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"cep", "process"})
  void theAlertTimeIsTheWindowEndEvenWhenTheClockJumpsPastIt(String implementation) throws Exception {
    try (ChurnUnderTest churn = ChurnPipelines.create(implementation, WEEK, 10)) {
      views(churn, "u1", W0, 10, HOUR);
      views(churn, "u2", W0 + 3 * HOUR, 11, HOUR);
      churn.watermark(W0 + 5 * WEEK);

      List<Alert> alerts = new ArrayList<>(churn.takeAlerts());
      alerts.sort(java.util.Comparator.comparing(Alert::getUserId));
      assertThat(alerts).extracting(Alert::getUserId).containsExactly("u1", "u2");
      assertThat(alerts).extracting(a -> a.getEventTime().toEpochMilli())
          .containsExactly(W0 + WEEK, W0 + 3 * HOUR + WEEK);
      assertThat(alerts).extracting(a -> attributes(a).get("views")).containsExactly("10", "11");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"cep", "process"})
  void thresholdsAreConfigurable(String implementation) throws Exception {
    try (ChurnUnderTest churn = ChurnPipelines.create(implementation, HOUR, 3)) {
      views(churn, "u1", W0, 3, 1000);
      churn.watermark(W0 + HOUR);

      assertThat(churn.takeAlerts()).singleElement().satisfies(alert -> {
        assertThat(alert.getEventTime().toEpochMilli()).isEqualTo(W0 + HOUR);
        assertThat(attributes(alert)).containsEntry("views", "3");
      });
    }
  }

  /** Like Flink's CEPOperatorTest: snapshot mid-window, restore into new operators, the alert still fires. */
  @ParameterizedTest
  @ValueSource(strings = {"cep", "process"})
  void anOpenWindowSurvivesSnapshotAndRestore(String implementation) throws Exception {
    List<OperatorSubtaskState> snapshot;
    try (ChurnUnderTest before = ChurnPipelines.create(implementation, WEEK, 10)) {
      views(before, "u1", W0, 12, HOUR);
      views(before, "u2", W0, 4, HOUR);
      before.watermark(W0 + 2 * HOUR);
      snapshot = before.snapshot();
      assertThat(before.takeAlerts()).isEmpty();
    }
    try (ChurnUnderTest after = ChurnPipelines.create(implementation, WEEK, 10, snapshot)) {
      views(after, "u1", W0 + 20 * HOUR, 3, HOUR);
      views(after, "u2", W0 + 20 * HOUR, 6, HOUR);
      after.watermark(W0 + WEEK - 1);
      assertThat(after.takeAlerts()).isEmpty();

      after.watermark(W0 + WEEK);

      List<Alert> alerts = new ArrayList<>(after.takeAlerts());
      alerts.sort(java.util.Comparator.comparing(Alert::getUserId));
      assertThat(alerts).extracting(Alert::getUserId).containsExactly("u1", "u2");
      assertThat(alerts).extracting(a -> attributes(a).get("views")).containsExactly("15", "10");
      assertThat(alerts).extracting(a -> attributes(a).get("windowStart")).containsOnly(Long.toString(W0));
      assertThat(alerts).extracting(a -> a.getEventTime().toEpochMilli()).containsOnly(W0 + WEEK);
      assertCleanAfter(after, W0 + 25 * HOUR);
    }
  }

  /** "Either way the window closes": a window below the floor ends at w0 + 7 days like any other. */
  @ParameterizedTest
  @ValueSource(strings = {"cep", "process"})
  void aWindowBelowTheFloorClosesAtItsEndAndAViewExactlyThenOpensTheNext(String implementation) throws Exception {
    try (ChurnUnderTest churn = ChurnPipelines.create(implementation, WEEK, 10)) {
      views(churn, "u1", W0, 9, HOUR);
      views(churn, "u1", W0 + WEEK, 10, HOUR); // the first of them at exactly w0 + 7 days
      churn.watermark(W0 + 2 * WEEK - 1);
      assertThat(churn.takeAlerts()).isEmpty();

      churn.watermark(W0 + 2 * WEEK);

      assertThat(churn.takeAlerts()).singleElement().satisfies(alert -> {
        assertThat(alert.getEventTime().toEpochMilli()).isEqualTo(W0 + 2 * WEEK);
        assertThat(attributes(alert)).containsEntry("windowStart", Long.toString(W0 + WEEK))
            .containsEntry("views", "10");
      });
      assertCleanAfter(churn, W0 + WEEK + 9 * HOUR);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"cep", "process"})
  void aPurchaseWithoutAnOpenWindowNeitherOpensNorBlocksOne(String implementation) throws Exception {
    try (ChurnUnderTest churn = ChurnPipelines.create(implementation, WEEK, 10)) {
      churn.click(purchase("u1", W0));
      views(churn, "u1", W0 + HOUR, 10, HOUR);
      churn.watermark(W0 + WEEK);
      assertThat(churn.takeAlerts()).as("no window opened at the purchase").isEmpty();

      churn.watermark(W0 + HOUR + WEEK);

      assertThat(churn.takeAlerts()).singleElement().satisfies(alert -> assertThat(attributes(alert))
          .containsEntry("windowStart", Long.toString(W0 + HOUR)).containsEntry("views", "10"));
    }
  }

  /** Every view counts, also several at the same instant. */
  @ParameterizedTest
  @ValueSource(strings = {"cep", "process"})
  void viewsAtTheSameInstantEachCount(String implementation) throws Exception {
    try (ChurnUnderTest churn = ChurnPipelines.create(implementation, WEEK, 10)) {
      views(churn, "u1", W0, 10, 0);
      churn.watermark(W0 + WEEK);

      assertThat(churn.takeAlerts()).singleElement()
          .satisfies(alert -> assertThat(attributes(alert)).containsEntry("views", "10"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"cep", "process"})
  void detectedAtIsTheProcessingTimeOfTheEmission(String implementation) throws Exception {
    try (ChurnUnderTest churn = ChurnPipelines.create(implementation, WEEK, 10)) {
      views(churn, "u1", W0, 10, HOUR);
      churn.processingTime(1_767_225_600_000L); // 2026-01-01T00:00:00Z
      churn.watermark(W0 + WEEK);

      assertThat(churn.takeAlerts()).singleElement().satisfies(alert -> assertThat(alert.getDetectedAt())
          .isEqualTo(java.time.Instant.ofEpochMilli(1_767_225_600_000L)));
    }
  }
}
