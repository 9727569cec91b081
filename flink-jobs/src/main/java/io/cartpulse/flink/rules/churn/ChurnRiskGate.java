package io.cartpulse.flink.rules.churn;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.RuleSettings;
import io.cartpulse.flink.settings.FollowedSettings;
import io.cartpulse.settings.SettingsTimeline;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The last step of CHURN_RISK: a window that closed without a purchase (a candidate from either
 * implementation) alerts when {@link ChurnAlertDecision} says so with the settings in force at its
 * end, the candidate's eventTime (ALERTS.md section 8). Follows settings versions as they arrive.
 */
public class ChurnRiskGate extends BroadcastProcessFunction<Alert, RuleSettings, Alert> {
  private static final long serialVersionUID = 1L;

  private final FollowedSettings settings;
  private long clock = Long.MIN_VALUE;

  public ChurnRiskGate(SettingsTimeline initial) {
    this.settings = new FollowedSettings(initial, "churn-risk-gate");
  }

  @Override
  public void processElement(Alert candidate, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
    long end = candidate.getEventTime().toEpochMilli();
    clock = Math.max(clock, end);
    int views = Integer.parseInt(candidate.getAttributes().get(ChurnAlerts.VIEWS));
    if (ChurnAlertDecision.alerts(views, settings.timeline(ctx.getBroadcastState(FollowedSettings.STATE)).at(end))) {
      out.collect(candidate);
    }
  }

  @Override
  public void processBroadcastElement(RuleSettings version, Context ctx, Collector<Alert> out) throws Exception {
    settings.add(version, ctx.getBroadcastState(FollowedSettings.STATE), clock);
  }
}
