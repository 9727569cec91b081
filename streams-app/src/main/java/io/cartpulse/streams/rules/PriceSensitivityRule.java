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
 * <p>Witness, deterministically: b is the first view cheaper than some earlier view, a is the
 * most expensive view before b.
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
    long before = -1;
    long after = -1;
    for (int i = 0, count = product.viewCount(); i < count; i++) {
      if (t - product.viewTime(i) >= windowMs) {
        continue;
      }
      long price = product.viewPrice(i);
      if (before >= 0 && price < before) {
        after = price;
        break;
      }
      before = Math.max(before, price);
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
