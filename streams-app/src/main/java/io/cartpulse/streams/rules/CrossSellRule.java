package io.cartpulse.streams.rules;

import io.cartpulse.alert.Alerts;
import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.click.EventType;
import io.cartpulse.streams.config.StreamsAppConfig.CrossSell;
import io.cartpulse.streams.state.UserRuleState;
import java.util.Map;

/**
 * CROSS_SELL (ALERTS.md section 3): at a view e2, the user's previous event e1 (any type) is a view
 * in the same non-missing session, {@code t2 - t1 < maxGap}, with two present and different
 * category codes; not within {@code cooldown} of the user's previous CROSS_SELL.
 */
public final class CrossSellRule {
  private final long maxGapMs;
  private final long cooldownMs;

  public CrossSellRule(CrossSell settings) {
    this.maxGapMs = settings.maxGap().toMillis();
    this.cooldownMs = settings.cooldown().toMillis();
  }

  /** Evaluates {@code view} against the state before the view becomes the previous event. */
  public Alert onView(Click view, UserRuleState state, long detectedAt) {
    if (!state.hasPrevious() || state.previousType() != EventType.VIEW) {
      return null;
    }
    String session = view.session();
    if (session == null || !session.equals(state.previousSession())) {
      return null;
    }
    if (view.time() - state.previousTime() >= maxGapMs) {
      return null;
    }
    String from = state.previousCategory();
    String to = view.categoryCode();
    if (from == null || to == null || from.equals(to)) {
      return null;
    }
    long last = state.lastCrossSell();
    if (last != UserRuleState.NONE && view.time() - last < cooldownMs) {
      return null;
    }
    state.setLastCrossSell(view.time());
    String message = "User " + view.userId() + " moved from " + from + " to " + to + " (product "
        + view.productId() + ") within " + RuleText.duration(view.time() - state.previousTime())
        + " in one session.";
    return Alerts.create(AlertType.CROSS_SELL, view.userId(), session, view.productId(), view.time(), detectedAt,
        Alerts.SOURCE_STREAMS, message, Map.of("fromCategory", from, "toCategory", to), null);
  }
}
