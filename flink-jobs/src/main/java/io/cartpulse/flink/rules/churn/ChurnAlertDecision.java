package io.cartpulse.flink.rules.churn;

import io.cartpulse.flink.rules.churn.ChurnWindowMachine.ClosedWindow;
import java.io.Serializable;

/**
 * Whether a closed CHURN_RISK window alerts (ALERTS.md section 4): it holds at least
 * {@code churn.min.views} views. Kept apart from the window bookkeeping
 * ({@link ChurnWindowMachine}) because it is a setting read at the window end: run-time settings
 * (ALERTS.md section 8) decide it, and {@code churn.enabled}, with the settings in force at
 * {@link ClosedWindow#end()}.
 */
public final class ChurnAlertDecision implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int minViews;

  public ChurnAlertDecision(int minViews) {
    if (minViews < 1) {
      throw new IllegalArgumentException("churn minimum views must be at least 1, was " + minViews);
    }
    this.minViews = minViews;
  }

  public int minViews() {
    return minViews;
  }

  public boolean alerts(ClosedWindow window) {
    return window.views() >= minViews;
  }
}
