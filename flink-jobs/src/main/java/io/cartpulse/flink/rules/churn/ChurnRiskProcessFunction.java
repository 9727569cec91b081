package io.cartpulse.flink.rules.churn;

import io.cartpulse.avro.Alert;
import io.cartpulse.flink.rules.churn.ChurnWindowMachine.ClosedWindow;
import io.cartpulse.flink.rules.churn.ChurnWindowMachine.Step;
import org.apache.flink.util.Collector;

/**
 * CHURN_RISK (ALERTS.md section 4) as a plain keyed function, keyed by userId: the reference the
 * CEP version ({@link ChurnWindowAssigner} + {@link ChurnRiskPattern}) is tested and measured
 * against, running the same {@link ChurnWindowMachine}. Every closed, not discarded window becomes
 * a candidate, emitted by the timer at w0 + window, or by the first later event when that arrives
 * before the watermark lets the timer fire; {@link ChurnRiskGate} decides with the settings in force
 * at the window end.
 */
public class ChurnRiskProcessFunction extends ChurnWindowFunction<Alert> {
  private static final long serialVersionUID = 2L;

  public ChurnRiskProcessFunction(long windowMs) {
    super(windowMs, 0);
  }

  @Override
  protected void onStep(String userId, Step step, long now, Collector<Alert> out) {
    if (step.closed() != null) {
      onWindowEnd(userId, step.closed(), now, out);
    }
  }

  @Override
  protected void onWindowEnd(String userId, ClosedWindow closed, long now, Collector<Alert> out) {
    out.collect(ChurnAlerts.create(userId, closed.start(), closed.views(), machine.windowMs(), now));
  }
}
