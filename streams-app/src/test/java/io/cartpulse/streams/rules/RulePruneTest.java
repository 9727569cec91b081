package io.cartpulse.streams.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.click.EventType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each rule keeps a fact of its slice exactly as long as it can still change an alert: one
 * millisecond less than its window or cooldown, and no longer (the windows are half-open, so a fact
 * exactly a window old is already irrelevant). Pruning too early would change alerts; too late only
 * wastes state. {@link ShopperRule#expiresAt} is the first time at which all of it is gone.
 */
class RulePruneTest {
  private static final long MIN = 60_000;
  private static final RuleSetup DEFAULTS = RecordingRuleContext.setup(Map.of());
  private final RecordingRuleContext ctx = new RecordingRuleContext();

  private static Click click(EventType type, long t, long cents) {
    return new Click(type, t, "u1", "p", "a.b", "s", cents);
  }

  @Test
  void theCrossSellFactsLiveFiveMinutes() {
    CrossSellRule rule = new CrossSellRule(DEFAULTS);
    CrossSellRule.Slice slice = rule.newSlice();
    rule.onEvent(click(EventType.VIEW, 0, 1), slice, ctx);
    slice.lastCrossSell = 0;
    assertThat(rule.expiresAt(slice)).isEqualTo(5 * MIN);

    rule.prune(slice, 5 * MIN - 1, 0);
    assertThat(slice.previousType).isEqualTo(EventType.VIEW);
    assertThat(slice.lastCrossSell).isZero();

    rule.prune(slice, 5 * MIN, 0);
    assertThat(rule.isEmpty(slice)).isTrue();
  }

  @Test
  void purchaseIntentFactsLiveFifteenMinutes() {
    PurchaseIntentRule rule = new PurchaseIntentRule(DEFAULTS);
    PurchaseIntentRule.Slice slice = rule.newSlice();
    rule.onEvent(click(EventType.VIEW, 0, 1), slice, ctx);
    rule.onEvent(click(EventType.PURCHASE, 0, 1), slice, ctx);
    slice.products.get("p").lastIntent = 0;
    assertThat(rule.expiresAt(slice)).isEqualTo(15 * MIN);

    rule.prune(slice, 15 * MIN - 1, 0);
    PurchaseIntentRule.Product product = slice.products.get("p");
    assertThat(product.views).isEqualTo(1);
    assertThat(product.lastPurchase).isZero();
    assertThat(product.lastIntent).isZero();

    rule.prune(slice, 15 * MIN, 0);
    assertThat(rule.isEmpty(slice)).isTrue();
  }

  @Test
  void priceSensitivityFactsLiveTenMinutes() {
    PriceSensitivityRule rule = new PriceSensitivityRule(DEFAULTS);
    PriceSensitivityRule.Slice slice = rule.newSlice();
    rule.onEvent(click(EventType.VIEW, 0, 100), slice, ctx);
    rule.onEvent(click(EventType.VIEW, 1, 99), slice, ctx);
    rule.onEvent(click(EventType.CART, 2, 1), slice, ctx);
    assertThat(ctx.drain()).hasSize(1);
    assertThat(rule.expiresAt(slice)).isEqualTo(10 * MIN + 2);

    rule.prune(slice, 10 * MIN, 0);
    assertThat(slice.products.get("p").views).as("the view at 1 ms").isEqualTo(1);
    rule.prune(slice, 10 * MIN + 1, 0);
    assertThat(slice.products.get("p").views).isZero();
    assertThat(slice.products.get("p").lastAlert).isEqualTo(2);
    rule.prune(slice, 10 * MIN + 2, 0);
    assertThat(rule.isEmpty(slice)).isTrue();
  }

  @Test
  void anOpenAbandonmentItemIsNeverPrunedAndItsGuardLivesOneDelay() {
    CartAbandonmentRule rule = new CartAbandonmentRule(DEFAULTS);
    CartAbandonmentRule.Slice slice = rule.newSlice();
    rule.onEvent(click(EventType.CART, 0, 25_000), slice, ctx);

    rule.prune(slice, 365 * 24 * 60 * MIN, 0);
    assertThat(slice.products.get("p").open).isTrue();
    assertThat(rule.expiresAt(slice)).isEqualTo(Long.MAX_VALUE);

    rule.onDue(slice, ctx.at(10 * MIN));
    assertThat(ctx.drain()).hasSize(1);
    assertThat(rule.expiresAt(slice)).as("the guard of the item due at 10 min").isEqualTo(20 * MIN);
    rule.prune(slice, 20 * MIN - 1, 0);
    assertThat(slice.products.get("p").lastDue).isEqualTo(10 * MIN);
    rule.prune(slice, 20 * MIN, 0);
    assertThat(rule.isEmpty(slice)).isTrue();
  }

  @Test
  void theCouponSpendLivesUntilTheClockLeavesItsDay() {
    CouponIssuedRule rule = new CouponIssuedRule(DEFAULTS);
    CouponIssuedRule.Slice slice = rule.newSlice();
    long day = 18_170 * 86_400_000L;
    rule.onEvent(click(EventType.PURCHASE, day + 1, 61_240), slice, ctx.at(day + 1));
    assertThat(rule.expiresAt(slice)).isEqualTo(day + 86_400_000L);

    rule.prune(slice, 0, day + 86_400_000L - 1);
    assertThat(slice.spendCents).isEqualTo(61_240);

    rule.prune(slice, 0, day + 86_400_000L);
    assertThat(rule.isEmpty(slice)).isTrue();
  }
}
