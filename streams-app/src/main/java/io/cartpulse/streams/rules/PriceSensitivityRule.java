package io.cartpulse.streams.rules;

import io.cartpulse.alert.Alerts;
import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.click.Money;
import io.cartpulse.streams.config.StreamsAppConfig.PriceSensitivity;
import io.cartpulse.streams.state.ProductState;
import io.cartpulse.streams.state.UserRuleState;
import java.util.Map;

/**
 * PRICE_SENSITIVITY (ALERTS.md section 3): at a cart of p at t, among the user's views of p with
 * {@code t - tv < window} there is a view a followed later (arrival order) by a view b with
 * {@code price(b) < price(a)}; not within {@code cooldown} of the previous PRICE_SENSITIVITY for p.
 *
 * <p>Witness, deterministically: the first pair in arrival order, i.e. a is the earliest view in
 * the window that some later view undercuts, b the first view after a that is cheaper than a.
 */
public final class PriceSensitivityRule {
  private final long windowMs;
  private final long cooldownMs;

  public PriceSensitivityRule(PriceSensitivity settings) {
    this.windowMs = settings.window().toMillis();
    this.cooldownMs = settings.cooldown().toMillis();
  }

  public Alert onCart(Click cart, UserRuleState state, long detectedAt) {
    ProductState product = state.existingProduct(cart.productId());
    if (product == null) {
      return null;
    }
    long t = cart.time();
    long last = product.lastPriceSensitivity();
    if (last != UserRuleState.NONE && t - last < cooldownMs) {
      return null;
    }
    int count = product.viewCount();
    // cheapest price among the in-window views after index i: suffixMin[i + 1]
    long[] suffixMin = new long[count + 1];
    suffixMin[count] = Long.MAX_VALUE;
    for (int i = count - 1; i >= 0; i--) {
      boolean inWindow = t - product.viewTime(i) < windowMs;
      suffixMin[i] = inWindow ? Math.min(suffixMin[i + 1], product.viewPrice(i)) : suffixMin[i + 1];
    }
    long before = -1;
    long after = -1;
    for (int a = 0; a < count && after < 0; a++) {
      if (t - product.viewTime(a) >= windowMs || suffixMin[a + 1] >= product.viewPrice(a)) {
        continue;
      }
      before = product.viewPrice(a);
      for (int b = a + 1; b < count; b++) {
        if (t - product.viewTime(b) < windowMs && product.viewPrice(b) < before) {
          after = product.viewPrice(b);
          break;
        }
      }
    }
    if (after < 0) {
      return null;
    }
    product.setLastPriceSensitivity(t);
    String message = "User " + cart.userId() + " put product " + cart.productId() + " in the cart after its price"
        + " dropped from " + Money.format(before) + " to " + Money.format(after) + ".";
    return Alerts.create(AlertType.PRICE_SENSITIVITY, cart.userId(), cart.session(), cart.productId(), t, detectedAt,
        Alerts.SOURCE_STREAMS, message,
        Map.of("priceBefore", Money.format(before), "priceAfter", Money.format(after)), null);
  }
}
