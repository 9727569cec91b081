package io.cartpulse.flink.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.alert.Alerts;
import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import io.cartpulse.avro.RuleSettings;
import io.cartpulse.flink.settings.FollowedSettings;
import io.cartpulse.settings.SettingsInForce;
import io.cartpulse.settings.SettingsTimeline;
import java.util.Map;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** TRAFFIC_SURGE (ALERTS.md section 4) clause by clause on the operator harness. */
class TrafficSurgeFunctionTest {
  static final long MINUTE = 60_000L;
  static final long H0 = 1_569_888_000_000L; // 2019-10-01T00:00:00Z, minute-aligned

  private KeyedBroadcastOperatorTestHarness<Integer, Long, RuleSettings, Alert> harness;

  KeyedBroadcastOperatorTestHarness<Integer, Long, RuleSettings, Alert> open(int minViews, String factor, int history,
      int baseline) throws Exception {
    SettingsTimeline settings = SettingsTimeline.of(SettingsInForce.fromStartup(
        Map.of("surge.min-views", String.valueOf(minViews), "surge.factor", factor)));
    harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
        new TrafficSurgeFunction(settings, history, baseline), time -> 0, Types.INT, FollowedSettings.STATE);
    return harness;
  }

  KeyedBroadcastOperatorTestHarness<Integer, Long, RuleSettings, Alert> openDefault() throws Exception {
    return open(50, "3.0", 30, 30);
  }

  @AfterEach
  void close() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  /** {@code count} views spread over minute {@code minuteIndex} (minutes after H0). */
  void views(int minuteIndex, int count) throws Exception {
    long start = H0 + minuteIndex * MINUTE;
    for (int i = 0; i < count; i++) {
      long time = start + (i * 997L) % MINUTE;
      harness.processElement(time, time);
    }
  }

  void clockAt(int minuteIndex) throws Exception {
    harness.watermark(H0 + minuteIndex * MINUTE);
  }

  List<Alert> alerts() {
    List<Alert> alerts = new ArrayList<>(harness.extractOutputValues());
    harness.getOutput().clear();
    return alerts;
  }

  @Test
  void aSurgingMinuteIsReportedWhenTheClockReachesItsEnd() throws Exception {
    openDefault();
    views(0, 1);
    views(40, 50);
    harness.watermark(H0 + 41 * MINUTE - 1);
    assertThat(alerts()).isEmpty();

    clockAt(41);

    assertThat(alerts()).singleElement().satisfies(alert -> {
      assertThat(alert.getType()).isEqualTo(AlertType.TRAFFIC_SURGE);
      assertThat(alert.getEventTime().toEpochMilli()).isEqualTo(H0 + 41 * MINUTE);
      assertThat(alert.getUserId()).isNull();
      assertThat(alert.getProductId()).isNull();
      assertThat(alert.getUserSession()).isNull();
      assertThat(alert.getSource()).isEqualTo(Alerts.SOURCE_FLINK);
      assertThat(alert.getMessage()).contains("50 views").endsWith(".");
      assertThat(alert.getAttributes()).containsOnly(
          org.assertj.core.api.Assertions.entry("views", "50"), org.assertj.core.api.Assertions.entry("baseline", "0.00"));
      assertThat(alert.getAlertId())
          .isEqualTo(Alerts.alertId(AlertType.TRAFFIC_SURGE, null, null, H0 + 41 * MINUTE, null));
    });
  }

  @Test
  void fortyNineViewsAreBelowTheFloor() throws Exception {
    openDefault();
    views(0, 1);
    views(40, 49);
    clockAt(45);
    assertThat(alerts()).isEmpty();
  }

  @Test
  void theFirstViewMayBeExactlyThirtyMinutesBeforeTheMinute() throws Exception {
    openDefault();
    views(0, 1); // at H0 exactly
    views(30, 60);
    clockAt(31);
    assertThat(alerts()).singleElement()
        .satisfies(alert -> assertThat(alert.getEventTime().toEpochMilli()).isEqualTo(H0 + 31 * MINUTE));
  }

  @Test
  void lessThanThirtyMinutesOfHistoryNeverSurges() throws Exception {
    openDefault();
    harness.processElement(H0 + 1000, H0 + 1000); // first view one second into minute 0
    views(30, 100); // m - 30 min = H0 < first view
    views(31, 1);
    clockAt(32);
    assertThat(alerts()).isEmpty();

    views(40, 100); // now the history is long enough
    clockAt(41);
    assertThat(alerts()).hasSize(1);
  }

  @Test
  void theFactorIsComparedExactly() throws Exception {
    openDefault();
    for (int minute = 0; minute < 30; minute++) {
      views(minute, 20); // sum 600 over the 30 minutes before minute 30
    }
    views(30, 60); // 60 x 30 = 1800 = 3.0 x 600: surges
    clockAt(31);
    assertThat(alerts()).singleElement().satisfies(alert -> assertThat(alert.getAttributes())
        .containsEntry("views", "60").containsEntry("baseline", "20.00"));
  }

  @Test
  void justBelowTheFactorDoesNotSurge() throws Exception {
    openDefault();
    for (int minute = 0; minute < 30; minute++) {
      views(minute, 20);
    }
    views(30, 59); // 1770 < 1800
    clockAt(31);
    assertThat(alerts()).isEmpty();
  }

  @Test
  void theBaselineCoversExactlyTheThirtyMinutesBeforeTheMinute() throws Exception {
    openDefault();
    views(0, 500); // outside [m - 30 min, m) for m = minute 31
    for (int minute = 1; minute < 31; minute++) {
      views(minute, 20);
    }
    views(31, 60);
    clockAt(32);
    assertThat(alerts()).singleElement().satisfies(alert -> assertThat(alert.getAttributes())
        .containsEntry("baseline", "20.00").containsEntry("views", "60"));
  }

  @Test
  void theBaselineHasTwoDecimals() throws Exception {
    openDefault();
    for (int minute = 0; minute < 30; minute++) {
      views(minute, minute < 16 ? 13 : 12); // 376 / 30 = 12.5333...
    }
    views(30, 50);
    clockAt(31);
    assertThat(alerts()).singleElement()
        .satisfies(alert -> assertThat(alert.getAttributes()).containsEntry("baseline", "12.53"));
  }

  @Test
  void onlyTheRisingEdgeIsReported() throws Exception {
    openDefault();
    views(0, 1);
    views(60, 100); // surges (baseline 0)
    views(61, 100); // surges too (100 x 30 >= 3 x 100): no second alert
    views(62, 1); // does not surge
    views(63, 200); // surges again: a new alert
    clockAt(70);
    assertThat(alerts()).extracting(a -> a.getEventTime().toEpochMilli())
        .containsExactly(H0 + 61 * MINUTE, H0 + 64 * MINUTE);
  }

  @Test
  void aMinuteWithoutViewsDoesNotSurgeSoTheNextSurgeIsANewEdge() throws Exception {
    openDefault();
    views(0, 1);
    views(60, 100);
    // minute 61: no views at all
    views(62, 400);
    clockAt(70);
    assertThat(alerts()).extracting(a -> a.getEventTime().toEpochMilli())
        .containsExactly(H0 + 61 * MINUTE, H0 + 63 * MINUTE);
  }

  @Test
  void viewsOfTheNextMinuteArrivingBeforeTheClockClosesAMinuteCountForTheirOwnMinute() throws Exception {
    openDefault();
    views(0, 1);
    views(40, 49);
    views(41, 60); // processed before the timer of minute 40 fires
    clockAt(42);
    assertThat(alerts()).singleElement().satisfies(alert -> {
      assertThat(alert.getEventTime().toEpochMilli()).isEqualTo(H0 + 42 * MINUTE);
      assertThat(alert.getAttributes()).containsEntry("views", "60").containsEntry("baseline", "1.63");
    });
  }

  @Test
  void thresholdsAreConfigurable() throws Exception {
    open(10, "2.0", 5, 10);
    views(0, 1);
    for (int minute = 1; minute < 11; minute++) {
      views(minute, 5); // sum over the 10 minutes before minute 11: 50
    }
    views(11, 10); // 10 x 10 = 100 >= 2.0 x 50
    clockAt(12);
    assertThat(alerts()).singleElement().satisfies(alert -> assertThat(alert.getAttributes())
        .containsEntry("views", "10").containsEntry("baseline", "5.00"));
  }

  @Test
  void stateStaysConstantAndTimersAreGoneOnceTheClockPasses() throws Exception {
    openDefault();
    for (int minute = 0; minute < 600; minute++) {
      views(minute, 3);
      clockAt(minute);
    }
    clockAt(601);
    // One history value and no open minutes; no timers.
    assertThat(((org.apache.flink.runtime.state.heap.HeapKeyedStateBackend<?>) harness.getOperator()
        .getKeyedStateBackend()).numKeyValueStateEntries()).isEqualTo(1);
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void minutesAreEpochAlignedAndHalfOpen() throws Exception {
    openDefault();
    views(0, 1);
    views(40, 49);
    harness.processElement(H0 + 41 * MINUTE - 1, H0 + 41 * MINUTE - 1); // the 50th view of minute 40
    views(50, 49);
    harness.processElement(H0 + 51 * MINUTE, H0 + 51 * MINUTE); // minute 51's, not minute 50's
    clockAt(52);

    assertThat(alerts()).extracting(a -> a.getEventTime().toEpochMilli()).containsExactly(H0 + 41 * MINUTE);
  }

  @Test
  void threeSurgingMinutesInARowGiveOneAlert() throws Exception {
    openDefault();
    views(0, 1);
    views(60, 100);
    views(61, 100); // 3000 >= 3 x 100
    views(62, 100); // 3000 >= 3 x 200: surges, and so did minute 61 (which did not alert)
    clockAt(70);

    assertThat(alerts()).extracting(a -> a.getEventTime().toEpochMilli()).containsExactly(H0 + 61 * MINUTE);
  }

  @Test
  void theBaselineIsRoundedHalfUp() throws Exception {
    open(50, "3.0", 30, 8); // an 8-minute baseline makes eighths: 1 / 8 = 0.125
    views(0, 1);
    views(35, 1);
    views(40, 50);
    clockAt(41);

    assertThat(alerts()).singleElement().satisfies(alert -> assertThat(alert.getAttributes())
        .containsEntry("baseline", "0.13").containsEntry("views", "50"));
  }

  @Test
  void detectedAtIsTheProcessingTimeOfTheEmission() throws Exception {
    openDefault();
    views(0, 1);
    views(40, 50);
    harness.setProcessingTime(1_767_225_600_000L); // 2026-01-01T00:00:00Z
    clockAt(41);

    assertThat(alerts()).singleElement().satisfies(alert -> assertThat(alert.getDetectedAt())
        .isEqualTo(java.time.Instant.ofEpochMilli(1_767_225_600_000L)));
  }
}
