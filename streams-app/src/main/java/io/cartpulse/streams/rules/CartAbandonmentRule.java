package io.cartpulse.streams.rules;

import io.cartpulse.alert.Alerts;
import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.click.Money;
import io.cartpulse.streams.config.StreamsAppConfig.CartAbandonment;
import io.cartpulse.streams.state.ProductState;
import io.cartpulse.streams.state.UserRuleState;
import java.util.Map;

/**
 * CART_ABANDONMENT (ALERTS.md section 3): a cart above {@code minPrice} (strictly) opens or restarts
 * a pending item due at {@code t + delay}, keeping that cart's price and session; a purchase or
 * remove_from_cart before the due time closes it; when the clock reaches the due time the item
 * yields one alert with {@code eventTime} = due. Carts at or below the threshold change nothing.
 *
 * <p>The clock part (emit everything due before evaluating an event) lives in the processor; this
 * class keeps the per-item logic.
 */
public final class CartAbandonmentRule {
  private final long minPriceCents;
  private final long delayMs;

  public CartAbandonmentRule(CartAbandonment settings) {
    this.minPriceCents = settings.minPriceCents();
    this.delayMs = settings.delay().toMillis();
  }

  public void onCart(Click cart, UserRuleState state, DeadlineIndex index) {
    if (cart.priceCents() <= minPriceCents) {
      return;
    }
    long due = cart.time() + delayMs;
    ProductState product = state.product(cart.productId());
    long emitted = product.lastAbandonmentDue();
    if (emitted != UserRuleState.NONE && due <= emitted) {
      // A replayed or late cart for an item already alerted on: never alert twice for one due time.
      return;
    }
    if (product.pendingOpen()) {
      index.remove(product.pendingDue(), cart.userId(), cart.productId());
    }
    product.openPending(due, cart.priceCents(), cart.session());
    index.add(due, cart.userId(), cart.productId());
  }

  /** A purchase or remove_from_cart of the product: closes the open item if it is not yet due. */
  public void onClose(Click close, UserRuleState state, DeadlineIndex index) {
    ProductState product = state.existingProduct(close.productId());
    if (product == null || !product.pendingOpen() || close.time() >= product.pendingDue()) {
      return;
    }
    index.remove(product.pendingDue(), close.userId(), close.productId());
    product.closePending();
  }

  /**
   * The alert for the item of {@code productId} due at {@code due}, or null when that item is no
   * longer open (closed or restarted since it was indexed). Marks it emitted.
   */
  public Alert emit(String userId, String productId, long due, UserRuleState state, long detectedAt) {
    ProductState product = state.existingProduct(productId);
    if (product == null || !product.pendingOpen() || product.pendingDue() != due) {
      return null;
    }
    long price = product.pendingPriceCents();
    String session = product.pendingSession();
    product.markPendingEmitted();
    String message = "User " + userId + " left product " + productId + " (" + Money.format(price)
        + ") in the cart for " + RuleText.duration(delayMs) + " without buying.";
    return Alerts.create(AlertType.CART_ABANDONMENT, userId, session, productId, due, detectedAt,
        Alerts.SOURCE_STREAMS, message, Map.of("price", Money.format(price)), null);
  }
}
