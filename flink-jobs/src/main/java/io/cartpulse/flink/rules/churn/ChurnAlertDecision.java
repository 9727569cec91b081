package io.cartpulse.flink.rules.churn;

import io.cartpulse.rules.RuleCatalog;
import io.cartpulse.settings.SettingsInForce;

/**
 * Whether a closed CHURN_RISK window alerts (ALERTS.md section 4): it holds at least
 * {@code churn.min-views} views and {@code churn.enabled} - both read with the settings in force at
 * the window end (section 8). Kept apart from the window bookkeeping ({@link ChurnWindowMachine}),
 * which does not depend on settings.
 */
public final class ChurnAlertDecision {
  private ChurnAlertDecision() {}

  public static boolean alerts(int views, SettingsInForce atWindowEnd) {
    return atWindowEnd.get(RuleCatalog.CHURN.enabled())
        && views >= atWindowEnd.get(RuleCatalog.CHURN_MIN_VIEWS);
  }
}
