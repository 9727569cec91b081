package io.cartpulse.streams.state;

import io.cartpulse.click.EventType;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything the short-window rules remember about one user, stored as ONE value per user so an
 * event costs one store read and one write. Mutable; load, change, store.
 *
 * <ul>
 *   <li>the previous event (type, time, session, category) and the last CROSS_SELL time;</li>
 *   <li>the COUPON_ISSUED spend of the current day (epoch day in the configured zone);</li>
 *   <li>per product: a {@link ProductState}.</li>
 * </ul>
 */
public final class UserRuleState {
  /** "No such time". */
  public static final long NONE = Long.MIN_VALUE;

  EventType previousType;
  long previousTime;
  String previousSession;
  String previousCategory;
  long lastCrossSell = NONE;
  long couponDay = NONE;
  long couponSpendCents;
  final Map<String, ProductState> products = new LinkedHashMap<>(4);

  public boolean hasPrevious() {
    return previousType != null;
  }

  public EventType previousType() {
    return previousType;
  }

  public long previousTime() {
    return previousTime;
  }

  public String previousSession() {
    return previousSession;
  }

  public String previousCategory() {
    return previousCategory;
  }

  public void setPrevious(EventType type, long time, String session, String category) {
    previousType = type;
    previousTime = time;
    previousSession = session;
    previousCategory = category;
  }

  public long lastCrossSell() {
    return lastCrossSell;
  }

  public void setLastCrossSell(long time) {
    lastCrossSell = time;
  }

  public long couponDay() {
    return couponDay;
  }

  public long couponSpendCents() {
    return couponSpendCents;
  }

  public void setCoupon(long day, long spendCents) {
    couponDay = day;
    couponSpendCents = spendCents;
  }

  public void clearCoupon() {
    couponDay = NONE;
    couponSpendCents = 0;
  }

  /** The product's state, created when absent. */
  public ProductState product(String productId) {
    ProductState state = products.get(productId);
    if (state == null) {
      state = new ProductState();
      products.put(productId, state);
    }
    return state;
  }

  /** The product's state, or null. */
  public ProductState existingProduct(String productId) {
    return products.get(productId);
  }

  public int productCount() {
    return products.size();
  }

  /**
   * Drops every fact that can no longer change an alert at {@code now} or later, and the coupon
   * spend of any day before {@code clockDay}. True when anything changed.
   */
  public boolean prune(long now, long clockDay, StateRetention keep) {
    boolean changed = false;
    if (previousType != null && now - previousTime >= keep.previousEventMs()) {
      previousType = null;
      previousSession = null;
      previousCategory = null;
      previousTime = 0;
      changed = true;
    }
    if (ProductState.expired(lastCrossSell, now, keep.crossSellCooldownMs())) {
      lastCrossSell = NONE;
      changed = true;
    }
    if (couponDay != NONE && couponDay < clockDay) {
      clearCoupon();
      changed = true;
    }
    Iterator<ProductState> it = products.values().iterator();
    while (it.hasNext()) {
      ProductState product = it.next();
      changed |= product.prune(now, keep);
      if (product.isEmpty()) {
        it.remove();
        changed = true;
      }
    }
    return changed;
  }

  /**
   * The earliest time at which every fact here has expired, given when the coupon day ends;
   * {@code Long.MAX_VALUE} while an abandonment item is open (its emission rewrites the entry).
   */
  public long expiresAt(StateRetention keep, long couponDayEnd) {
    long at = Long.MIN_VALUE;
    if (previousType != null) {
      at = Math.max(at, previousTime + keep.previousEventMs());
    }
    if (lastCrossSell != NONE) {
      at = Math.max(at, lastCrossSell + keep.crossSellCooldownMs());
    }
    if (couponDay != NONE) {
      at = Math.max(at, couponDayEnd);
    }
    for (ProductState product : products.values()) {
      at = Math.max(at, product.expiresAt(keep));
    }
    return at;
  }

  /** Nothing left: the store entry can be deleted. */
  public boolean isEmpty() {
    return previousType == null && lastCrossSell == NONE && couponDay == NONE && products.isEmpty();
  }
}
