package io.cartpulse.flink.rules;

import static io.cartpulse.flink.settings.SettingsRecords.timeline;
import static io.cartpulse.flink.settings.SettingsRecords.version;
import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.RuleSettings;
import io.cartpulse.flink.settings.FollowedSettings;
import io.cartpulse.settings.SettingsTimeline;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * TRAFFIC_SURGE under run-time settings (ALERTS.md section 8): whether minute m surges is decided
 * with the minimum and factor in force at m + 1 min, emission with {@code surge.enabled} at
 * m + 1 min, and the rising edge with whether m - 1 surged under S(m).
 */
class TrafficSurgeSettingsTest {
  static final long MINUTE = 60_000L;
  static final long H0 = 1_569_888_000_000L;

  private KeyedBroadcastOperatorTestHarness<Integer, Long, RuleSettings, Alert> harness;

  private void open(SettingsTimeline settings) throws Exception {
    harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
        new TrafficSurgeFunction(settings, 30, 30), time -> 0, Types.INT, FollowedSettings.STATE);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private void views(int minute, int count) throws Exception {
    for (int i = 0; i < count; i++) {
      long time = H0 + minute * MINUTE + i;
      harness.processElement(time, time);
    }
  }

  private List<Long> surgeMinutesAlerted(int clockMinute) throws Exception {
    harness.watermark(H0 + clockMinute * MINUTE);
    List<Long> minutes = new ArrayList<>();
    for (Alert alert : harness.extractOutputValues()) {
      minutes.add((alert.getEventTime().toEpochMilli() - H0) / MINUTE - 1);
    }
    harness.getOutput().clear();
    return minutes;
  }

  @Test
  void theMinimumIsReadAtTheEndOfTheMinuteInclusive() throws Exception {
    open(timeline(version(1, H0 + 41 * MINUTE, "surge.min-views", "30"),
        version(2, H0 + 41 * MINUTE + 1, "surge.min-views", "50"),
        version(3, H0 + 43 * MINUTE + 1, "surge.min-views", "30")));
    views(0, 1);
    views(40, 30); // its end, 41, is the one instant version 1 is in force: 30 views suffice
    views(42, 30); // its end, 43, is 1 ms before version 3: 50 applies
    assertThat(surgeMinutesAlerted(44)).containsExactly(40L);
  }

  @Test
  void theFactorIsReadAtTheEndOfTheMinuteAndComparedExactly() throws Exception {
    // Baseline of minute 30: 600 views over the 30 minutes before it, 20.00 a minute.
    open(timeline(version(1, H0 + 31 * MINUTE, "surge.factor", "2.5", "surge.min-views", "1")));
    for (int minute = 0; minute < 30; minute++) {
      views(minute, 20);
    }
    views(30, 50); // 50 x 30 >= 2.5 x 600 exactly
    assertThat(surgeMinutesAlerted(31)).containsExactly(30L);
  }

  @Test
  void aDisabledMinuteStillSurges_soTheNextSurgingMinuteIsNoRisingEdge() throws Exception {
    open(timeline(version(1, H0 + 41 * MINUTE, "surge.enabled", "false"),
        version(2, H0 + 42 * MINUTE, "surge.enabled", "true")));
    views(0, 1);
    views(40, 60); // surges at 41, disabled: no alert
    views(41, 200); // surges at 42, enabled, but minute 40 surged: not a rising edge
    views(43, 0);
    assertThat(surgeMinutesAlerted(45)).isEmpty();
    views(46, 1);
    views(47, 600); // after a quiet minute: a rising edge again
    assertThat(surgeMinutesAlerted(48)).containsExactly(47L);
  }

  @Test
  void enabledIsReadAtTheEndOfTheMinute_aVersion1msLaterDoesNotApply() throws Exception {
    open(timeline(version(1, H0 + 41 * MINUTE + 1, "surge.enabled", "false"),
        version(2, H0 + 44 * MINUTE, "surge.enabled", "true")));
    views(0, 1);
    views(40, 60); // decided at 41, 1 ms before the version that disables it: emitted
    views(42, 1);
    views(43, 600); // decided at 44, exactly when the rule is enabled again: emitted
    assertThat(surgeMinutesAlerted(45)).containsExactly(40L, 43L);
  }

  @Test
  void theRisingEdgeComparesWithWhetherTheMinuteBeforeSurgedUnderItsOwnSettings() throws Exception {
    // Minute 40 (50 views) surges under the default minimum at 41; from 41 + 1 ms the minimum is 60.
    // Minute 41 (70 views) surges under the new minimum too, but minute 40 surged: no second alert.
    open(timeline(version(1, H0 + 41 * MINUTE + 1, "surge.min-views", "60")));
    views(0, 1);
    views(40, 50);
    views(41, 70);
    assertThat(surgeMinutesAlerted(42)).containsExactly(40L);
  }

  @Test
  void aVersionThatArrivesWhileRunningAppliesToTheMinutesDecidedAfterIt() throws Exception {
    open(timeline());
    views(0, 1);
    views(40, 30);
    harness.processBroadcastElement(version(1, H0, "surge.min-views", "25"), H0);
    views(42, 30);
    assertThat(surgeMinutesAlerted(43)).containsExactly(40L, 42L);
    harness.processBroadcastElement(version(2, H0 + 50 * MINUTE, "surge.enabled", "false"), H0);
    views(60, 1000);
    assertThat(surgeMinutesAlerted(61)).isEmpty();
  }
}
