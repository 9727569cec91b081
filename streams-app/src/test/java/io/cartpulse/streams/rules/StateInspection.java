package io.cartpulse.streams.rules;

import io.cartpulse.streams.config.StreamsAppConfig;

/** Reads facts out of a stored user value, for tests outside this package. */
public final class StateInspection {
  private StateInspection() {}

  public static long couponSpendCents(StreamsAppConfig config, byte[] value) {
    ShopperRules rules = ShopperRules.fromCatalog(config);
    return ((CouponIssuedRule.Slice) rules.decode(value).slice(rules.indexOf(CouponIssuedRule.class))).spendCents;
  }

  /** The views PURCHASE_INTENT still counts, over all products. */
  public static int purchaseIntentViews(StreamsAppConfig config, byte[] value) {
    ShopperRules rules = ShopperRules.fromCatalog(config);
    PurchaseIntentRule.Slice slice =
        (PurchaseIntentRule.Slice) rules.decode(value).slice(rules.indexOf(PurchaseIntentRule.class));
    return slice.products.values().stream().mapToInt(product -> product.views).sum();
  }
}
