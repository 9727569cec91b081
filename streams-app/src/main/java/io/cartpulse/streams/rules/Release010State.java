package io.cartpulse.streams.rules;

import io.cartpulse.click.EventType;
import io.cartpulse.streams.state.SliceReader;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Reads user-rule-state values of release 0.1.0 (format 1): the rules' facts in one record -
 * flags, the previous event (its type as the ordinal of {@link EventType} at that release), the
 * last CROSS_SELL, the coupon day and spend, then per product the last purchase, last
 * PURCHASE_INTENT, last PRICE_SENSITIVITY, the last abandonment due time, the open abandonment item
 * and the views (time delta, price). Each fact goes to the slice of the rule that owns it now; the
 * value is rewritten in format 2 at its next store. Kept until no store can hold format 1 any more.
 */
final class Release010State {
  static final int FORMAT = 1;
  /** {@link EventType} in declaration order at release 0.1.0 (ordinal -> type). */
  private static final EventType[] TYPES_AT_010 =
      {EventType.VIEW, EventType.CART, EventType.REMOVE_FROM_CART, EventType.PURCHASE};

  private Release010State() {}

  static UserState read(byte[] data, ShopperRules rules) {
    UserState state = rules.newState();
    CrossSellRule.Slice crossSell = new CrossSellRule.Slice();
    CouponIssuedRule.Slice coupon = new CouponIssuedRule.Slice();
    PurchaseIntentRule.Slice intent = new PurchaseIntentRule.Slice();
    PriceSensitivityRule.Slice price = new PriceSensitivityRule.Slice();
    CartAbandonmentRule.Slice abandonment = new CartAbandonmentRule.Slice();
    try {
      SliceReader in = new SliceReader(data, 9, data.length);
      int flags = in.readByte();
      if ((flags & 1) != 0) {
        crossSell.previousType = TYPES_AT_010[in.readByte()];
        crossSell.previousTime = in.readLong();
        crossSell.previousSession = readString(in);
        crossSell.previousCategory = readString(in);
      }
      if ((flags & 2) != 0) {
        crossSell.lastCrossSell = in.readLong();
      }
      if ((flags & 4) != 0) {
        coupon.day = in.readLong();
        coupon.spendCents = in.readLong();
      }
      long products = in.readLong();
      for (long n = 0; n < products; n++) {
        String productId = readString(in);
        int pflags = in.readByte();
        PurchaseIntentRule.Product intentProduct = new PurchaseIntentRule.Product();
        PriceSensitivityRule.Product priceProduct = new PriceSensitivityRule.Product();
        CartAbandonmentRule.Item item = new CartAbandonmentRule.Item();
        if ((pflags & 1) != 0) {
          intentProduct.lastPurchase = in.readLong();
        }
        if ((pflags & 2) != 0) {
          intentProduct.lastIntent = in.readLong();
        }
        if ((pflags & 4) != 0) {
          priceProduct.lastAlert = in.readLong();
        }
        if ((pflags & 8) != 0) {
          item.lastDue = in.readLong();
        }
        if ((pflags & 16) != 0) {
          item.open = true;
          item.due = in.readLong();
          item.priceCents = in.readLong();
          item.session = readString(in);
        }
        long views = in.readLong();
        long time = 0;
        for (long i = 0; i < views; i++) {
          time += in.readLong();
          long cents = in.readLong();
          intentProduct.addView(time);
          priceProduct.addView(time, cents);
        }
        if (!intentProduct.isEmpty()) {
          intent.products.put(productId, intentProduct);
        }
        if (!priceProduct.isEmpty()) {
          price.products.put(productId, priceProduct);
        }
        if (!item.isEmpty()) {
          abandonment.products.put(productId, item);
        }
      }
    } catch (ArrayIndexOutOfBoundsException e) {
      throw new SerializationException("user-rule-state: format 1 value of " + data.length + " bytes is corrupt", e);
    }
    place(state, rules, CrossSellRule.class, crossSell);
    place(state, rules, CouponIssuedRule.class, coupon);
    place(state, rules, PurchaseIntentRule.class, intent);
    place(state, rules, PriceSensitivityRule.class, price);
    place(state, rules, CartAbandonmentRule.class, abandonment);
    return state;
  }

  /** Format 1 wrote string lengths (plus one; 0 = null) as zig-zag varints. */
  private static String readString(SliceReader in) {
    return in.readUtf8(in.readLong());
  }

  /** A fact of a rule that is no longer registered is dropped with the rule. */
  private static void place(UserState state, ShopperRules rules, Class<? extends ShopperRule<?>> type, Object slice) {
    int index = rules.indexOf(type);
    if (index >= 0) {
      state.set(index, slice);
    }
  }
}
