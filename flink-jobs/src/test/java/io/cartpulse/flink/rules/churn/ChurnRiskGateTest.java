package io.cartpulse.flink.rules.churn;

import static io.cartpulse.flink.settings.SettingsRecords.timeline;
import static io.cartpulse.flink.settings.SettingsRecords.version;
import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.RuleSettings;
import io.cartpulse.flink.settings.FollowedSettings;
import io.cartpulse.settings.SettingsTimeline;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * CHURN_RISK's decision with run-time settings (ALERTS.md section 8): minimum views and
 * {@code churn.enabled} are read at the window end w0 + 7 days.
 */
class ChurnRiskGateTest {
  static final long WEEK = 7 * 86_400_000L;
  static final long W0 = 1_569_888_000_000L;
  static final long END = W0 + WEEK;

  private static Alert closed(int views) {
    return ChurnAlerts.create("u1", W0, views, WEEK, 0);
  }

  private static BroadcastOperatorTestHarness<Alert, RuleSettings, Alert> gate(SettingsTimeline settings)
      throws Exception {
    return ProcessFunctionTestHarnesses.forBroadcastProcessFunction(new ChurnRiskGate(settings),
        FollowedSettings.STATE);
  }

  private static int alerts(SettingsTimeline settings, int views) throws Exception {
    try (BroadcastOperatorTestHarness<Alert, RuleSettings, Alert> harness = gate(settings)) {
      harness.processElement(closed(views), END);
      return harness.extractOutputValues().size();
    }
  }

  @Test
  void theMinimumIsTheOneInForceAtTheWindowEnd() throws Exception {
    assertThat(alerts(timeline(), 10)).isEqualTo(1);
    assertThat(alerts(timeline(), 9)).isZero();
    assertThat(alerts(timeline(version(1, END, "churn.min-views", "9")), 9)).as("effectiveFrom = the end").isEqualTo(1);
    assertThat(alerts(timeline(version(1, END + 1, "churn.min-views", "9")), 9)).as("1 ms after the end").isZero();
    assertThat(alerts(timeline(version(1, W0, "churn.min-views", "1")), 1)).as("a minimum of one view").isEqualTo(1);
  }

  @Test
  void aDisabledRuleEmitsNothingAtTheWindowEnd() throws Exception {
    assertThat(alerts(timeline(version(1, END, "churn.enabled", "false")), 50)).isZero();
    assertThat(alerts(timeline(version(1, END - 1, "churn.enabled", "false"), version(2, END, "churn.enabled", "true")),
        50)).isEqualTo(1);
    assertThat(alerts(timeline(version(1, END + 1, "churn.enabled", "false")), 50)).as("1 ms after the end").isEqualTo(1);
  }

  @Test
  void aVersionThatArrivesWhileRunningDecidesTheWindowsThatEndAfterIt() throws Exception {
    try (BroadcastOperatorTestHarness<Alert, RuleSettings, Alert> harness = gate(timeline())) {
      harness.processElement(closed(5), END);
      harness.processBroadcastElement(version(4, W0, "churn.min-views", "5"), 0);
      harness.processBroadcastElement(version(4, W0, "churn.min-views", "5"), 0); // the same version again
      harness.processElement(closed(5), END);
      assertThat(harness.extractOutputValues()).hasSize(1);
    }
  }
}
