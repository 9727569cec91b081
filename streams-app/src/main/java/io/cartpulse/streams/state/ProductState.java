package io.cartpulse.streams.state;

import java.util.Arrays;

/**
 * What one user's rules remember about one product: recent views (time and price, in arrival
 * order), the last purchase, the last PURCHASE_INTENT / PRICE_SENSITIVITY alerts (cooldowns), the
 * open abandonment item and the due time of the last one emitted (a guard against re-emitting it).
 * Times are epoch ms; {@link UserRuleState#NONE} means "none".
 */
public final class ProductState {
  private long[] viewTimes;
  private long[] viewPrices;
  private int viewCount;

  long lastPurchase = UserRuleState.NONE;
  long lastPurchaseIntent = UserRuleState.NONE;
  long lastPriceSensitivity = UserRuleState.NONE;
  long lastAbandonmentDue = UserRuleState.NONE;

  boolean pendingOpen;
  long pendingDue;
  long pendingPriceCents;
  String pendingSession;

  ProductState() {
    this(0);
  }

  ProductState(int viewCapacity) {
    viewTimes = new long[Math.max(2, viewCapacity)];
    viewPrices = new long[viewTimes.length];
  }

  public void addView(long time, long priceCents) {
    if (viewCount == viewTimes.length) {
      viewTimes = Arrays.copyOf(viewTimes, viewCount * 2);
      viewPrices = Arrays.copyOf(viewPrices, viewCount * 2);
    }
    viewTimes[viewCount] = time;
    viewPrices[viewCount] = priceCents;
    viewCount++;
  }

  public int viewCount() {
    return viewCount;
  }

  public long viewTime(int i) {
    return viewTimes[i];
  }

  public long viewPrice(int i) {
    return viewPrices[i];
  }

  public long lastPurchase() {
    return lastPurchase;
  }

  public void recordPurchase(long time) {
    if (lastPurchase == UserRuleState.NONE || time > lastPurchase) {
      lastPurchase = time;
    }
  }

  public long lastPurchaseIntent() {
    return lastPurchaseIntent;
  }

  public void setLastPurchaseIntent(long time) {
    lastPurchaseIntent = time;
  }

  public long lastPriceSensitivity() {
    return lastPriceSensitivity;
  }

  public void setLastPriceSensitivity(long time) {
    lastPriceSensitivity = time;
  }

  public long lastAbandonmentDue() {
    return lastAbandonmentDue;
  }

  public boolean pendingOpen() {
    return pendingOpen;
  }

  public long pendingDue() {
    return pendingDue;
  }

  public long pendingPriceCents() {
    return pendingPriceCents;
  }

  public String pendingSession() {
    return pendingSession;
  }

  public void openPending(long due, long priceCents, String session) {
    pendingOpen = true;
    pendingDue = due;
    pendingPriceCents = priceCents;
    pendingSession = session;
  }

  public void closePending() {
    pendingOpen = false;
    pendingDue = 0;
    pendingPriceCents = 0;
    pendingSession = null;
  }

  /** Closes the item as emitted, remembering its due time so the same item is never emitted twice. */
  public void markPendingEmitted() {
    lastAbandonmentDue = pendingDue;
    closePending();
  }

  /** Drops what can no longer matter at {@code now} or later; true when anything changed. */
  boolean prune(long now, StateRetention keep) {
    boolean changed = false;
    int kept = 0;
    for (int i = 0; i < viewCount; i++) {
      if (now - viewTimes[i] < keep.viewsMs()) {
        viewTimes[kept] = viewTimes[i];
        viewPrices[kept] = viewPrices[i];
        kept++;
      }
    }
    if (kept != viewCount) {
      viewCount = kept;
      changed = true;
    }
    if (expired(lastPurchase, now, keep.purchaseMs())) {
      lastPurchase = UserRuleState.NONE;
      changed = true;
    }
    if (expired(lastPurchaseIntent, now, keep.purchaseIntentMs())) {
      lastPurchaseIntent = UserRuleState.NONE;
      changed = true;
    }
    if (expired(lastPriceSensitivity, now, keep.priceSensitivityMs())) {
      lastPriceSensitivity = UserRuleState.NONE;
      changed = true;
    }
    if (expired(lastAbandonmentDue, now, keep.abandonmentGuardMs())) {
      lastAbandonmentDue = UserRuleState.NONE;
      changed = true;
    }
    return changed;
  }

  long expiresAt(StateRetention keep) {
    if (pendingOpen) {
      return Long.MAX_VALUE;
    }
    long at = Long.MIN_VALUE;
    for (int i = 0; i < viewCount; i++) {
      at = Math.max(at, viewTimes[i] + keep.viewsMs());
    }
    if (lastPurchase != UserRuleState.NONE) {
      at = Math.max(at, lastPurchase + keep.purchaseMs());
    }
    if (lastPurchaseIntent != UserRuleState.NONE) {
      at = Math.max(at, lastPurchaseIntent + keep.purchaseIntentMs());
    }
    if (lastPriceSensitivity != UserRuleState.NONE) {
      at = Math.max(at, lastPriceSensitivity + keep.priceSensitivityMs());
    }
    if (lastAbandonmentDue != UserRuleState.NONE) {
      at = Math.max(at, lastAbandonmentDue + keep.abandonmentGuardMs());
    }
    return at;
  }

  static boolean expired(long time, long now, long keepMs) {
    return time != UserRuleState.NONE && now - time >= keepMs;
  }

  boolean isEmpty() {
    return viewCount == 0 && !pendingOpen && lastPurchase == UserRuleState.NONE
        && lastPurchaseIntent == UserRuleState.NONE && lastPriceSensitivity == UserRuleState.NONE
        && lastAbandonmentDue == UserRuleState.NONE;
  }
}
