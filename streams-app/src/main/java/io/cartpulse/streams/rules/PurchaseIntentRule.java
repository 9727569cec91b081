package io.cartpulse.streams.rules;

import io.cartpulse.alert.Alerts;
import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.streams.config.StreamsAppConfig.PurchaseIntent;
import io.cartpulse.streams.state.ProductState;
import io.cartpulse.streams.state.UserRuleState;
import java.util.Map;

/**
 * PURCHASE_INTENT (ALERTS.md section 3): at a view of p at t, n = the user's views of p with
 * {@code t - tv < window} (this one included); emitted when {@code n >= minViews}, no purchase of p
 * with {@code t - tp < window}, and the previous PURCHASE_INTENT for p is at least {@code cooldown}
 * old.
 */
public final class PurchaseIntentRule {
  private final long windowMs;
  private final int minViews;
  private final long cooldownMs;

  public PurchaseIntentRule(PurchaseIntent settings) {
    this.windowMs = settings.window().toMillis();
    this.minViews = settings.minViews();
    this.cooldownMs = settings.cooldown().toMillis();
  }

  /** Evaluates a view already recorded in {@code product}. */
  public Alert onView(Click view, ProductState product, long detectedAt) {
    long t = view.time();
    int n = 0;
    for (int i = 0, count = product.viewCount(); i < count; i++) {
      if (t - product.viewTime(i) < windowMs) {
        n++;
      }
    }
    if (n < minViews) {
      return null;
    }
    long purchase = product.lastPurchase();
    if (purchase != UserRuleState.NONE && t - purchase < windowMs) {
      return null;
    }
    long last = product.lastPurchaseIntent();
    if (last != UserRuleState.NONE && t - last < cooldownMs) {
      return null;
    }
    product.setLastPurchaseIntent(t);
    String message = "User " + view.userId() + " viewed product " + view.productId() + " " + n + " times within "
        + RuleText.duration(windowMs) + " without buying it.";
    return Alerts.create(AlertType.PURCHASE_INTENT, view.userId(), view.session(), view.productId(), t, detectedAt,
        Alerts.SOURCE_STREAMS, message, Map.of("views", Integer.toString(n)), null);
  }
}
