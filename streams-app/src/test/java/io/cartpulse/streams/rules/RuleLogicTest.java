package io.cartpulse.streams.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.click.EventType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules as plain logic over their own slice of a user's state: no Kafka involved. */
class RuleLogicTest {
  private static final long MIN = 60_000;
  private static final RuleSetup DEFAULTS = RecordingRuleContext.setup(Map.of());

  private static Click click(EventType type, long t, String product, long cents, String category, String session) {
    return new Click(type, t, "u1", product, category, session, cents);
  }

  private static Click view(long t, String product, long cents) {
    return click(EventType.VIEW, t, product, cents, null, null);
  }

  @Test
  void crossSellNeedsThePreviousEventToBeAViewAndSetsTheCooldown() {
    CrossSellRule rule = new CrossSellRule(DEFAULTS);
    CrossSellRule.Slice slice = rule.newSlice();
    RecordingRuleContext ctx = new RecordingRuleContext();
    rule.onEvent(click(EventType.CART, 0, "p", 1, "a.b", "s"), slice, ctx);
    rule.onEvent(click(EventType.VIEW, 1, "p", 1, "c.d", "s"), slice, ctx);
    assertThat(ctx.drain()).isEmpty();

    rule.onEvent(click(EventType.VIEW, 2, "p", 1, "a.b", "s"), slice, ctx);

    assertThat(ctx.drain()).singleElement().satisfies(alert -> assertThat(alert.getAttributes())
        .containsEntry("fromCategory", "c.d").containsEntry("toCategory", "a.b"));
    assertThat(slice.lastCrossSell).isEqualTo(2);
  }

  @Test
  void cartAbandonmentAsksForItsDueTimesAndWithdrawsThem() {
    CartAbandonmentRule rule = new CartAbandonmentRule(DEFAULTS);
    CartAbandonmentRule.Slice slice = rule.newSlice();
    RecordingRuleContext ctx = new RecordingRuleContext();

    rule.onEvent(click(EventType.CART, 0, "p", 20_000, null, "s"), slice, ctx); // not above 200.00
    rule.onEvent(click(EventType.CART, 0, "p", 20_001, null, "s"), slice, ctx);
    rule.onEvent(click(EventType.CART, MIN, "p", 30_000, null, "s2"), slice, ctx);
    rule.onEvent(click(EventType.PURCHASE, 11 * MIN, "p", 1, null, "s"), slice, ctx); // at due: too late

    assertThat(ctx.wakes).containsExactly("+" + 10 * MIN + " p", "-" + 10 * MIN + " p", "+" + 11 * MIN + " p");
    rule.onDue(slice, ctx.at(11 * MIN - 1));
    assertThat(ctx.drain()).as("not due yet").isEmpty();
    rule.onDue(slice, ctx.at(11 * MIN));
    assertThat(ctx.drain()).singleElement().satisfies(alert -> {
      assertThat(alert.getAttributes()).containsEntry("price", "300.00");
      assertThat(alert.getUserSession()).isEqualTo("s2");
      assertThat(alert.getEventTime().toEpochMilli()).isEqualTo(11 * MIN);
    });
    rule.onDue(slice, ctx.at(12 * MIN));
    assertThat(ctx.drain()).as("emitted once").isEmpty();
  }

  @Test
  void purchaseIntentCountsOnlyViewsInsideTheWindow() {
    PurchaseIntentRule rule = new PurchaseIntentRule(DEFAULTS);
    PurchaseIntentRule.Slice slice = rule.newSlice();
    RecordingRuleContext ctx = new RecordingRuleContext().version(1, 0, Map.of("purchase-intent.min-views", "2"));
    rule.onEvent(view(0, "p", 1), slice, ctx);
    rule.onEvent(view(15 * MIN, "p", 1), slice, ctx);
    assertThat(ctx.drain()).isEmpty();

    rule.onEvent(view(15 * MIN + 1, "p", 1), slice, ctx);

    assertThat(ctx.drain()).singleElement().satisfies(a -> assertThat(a.getAttributes()).containsEntry("views", "2"));
  }

  @Test
  void priceSensitivityIgnoresViewsOutsideItsWindow() {
    PriceSensitivityRule rule = new PriceSensitivityRule(DEFAULTS);
    RecordingRuleContext ctx = new RecordingRuleContext();
    for (long cart : new long[] {10 * MIN, 10 * MIN - 1}) {
      PriceSensitivityRule.Slice slice = rule.newSlice();
      rule.onEvent(view(0, "p", 50_000), slice, ctx);
      rule.onEvent(view(MIN, "p", 40_000), slice, ctx);
      rule.onEvent(click(EventType.CART, cart, "p", 1, null, null), slice, ctx);
    }
    assertThat(ctx.drain()).singleElement()
        .satisfies(a -> assertThat(a.getEventTime().toEpochMilli()).isEqualTo(10 * MIN - 1));
  }

  @Test
  void couponDaysFollowTheZoneAndTiersAreCrossedOnce() {
    CouponIssuedRule rule = new CouponIssuedRule(DEFAULTS);
    CouponIssuedRule.Slice slice = rule.newSlice();
    RecordingRuleContext ctx = new RecordingRuleContext();

    rule.onEvent(click(EventType.PURCHASE, 0, "p", 49_999, null, null), slice, ctx);
    rule.onEvent(click(EventType.PURCHASE, 1, "p", 1, null, null), slice, ctx.at(1));
    rule.onEvent(click(EventType.PURCHASE, 2, "p", 1, null, null), slice, ctx.at(2));

    assertThat(ctx.drain()).extracting(a -> a.getAttributes().get("tier")).containsExactly("200", "500");
    assertThat(slice.spendCents).isEqualTo(50_001);
    assertThat(rule.dayOf(86_400_000L - 1)).isEqualTo(0);
    assertThat(rule.dayOf(86_400_000L)).isEqualTo(1);
    assertThat(rule.startOfDay(1)).isEqualTo(86_400_000L);
    CouponIssuedRule berlin = new CouponIssuedRule(RecordingRuleContext.setup(Map.of("coupon.zone", "Europe/Berlin")));
    assertThat(berlin.dayOf(86_400_000L - 3_600_000L)).as("01:00 Berlin on 1970-01-02").isEqualTo(1);
    assertThat(berlin.startOfDay(1)).isEqualTo(86_400_000L - 3_600_000L);
    assertThat(berlin.nextRollover(0)).isEqualTo(86_400_000L - 3_600_000L);
  }

  // The rules check their windows and cooldowns themselves, independently of pruning (which drops
  // the same facts at the same boundaries): each check is tested here on its own.

  @Test
  void crossSellGapAndCooldownAreHalfOpenInTheRuleItself() {
    CrossSellRule rule = new CrossSellRule(DEFAULTS);
    RecordingRuleContext ctx = new RecordingRuleContext();
    CrossSellRule.Slice slice = rule.newSlice();
    rule.onEvent(click(EventType.VIEW, 0, "p", 1, "a.b", "s"), slice, ctx);
    rule.onEvent(click(EventType.VIEW, 5 * MIN, "p", 1, "c.d", "s"), slice, ctx);
    assertThat(ctx.drain()).as("5 min apart").isEmpty();
    slice = rule.newSlice();
    rule.onEvent(click(EventType.VIEW, 0, "p", 1, "a.b", "s"), slice, ctx);
    rule.onEvent(click(EventType.VIEW, 5 * MIN - 1, "p", 1, "c.d", "s"), slice, ctx);
    assertThat(ctx.drain()).hasSize(1);

    rule.onEvent(click(EventType.VIEW, 10 * MIN - 2, "p", 1, "a.b", "s"), slice, ctx);
    rule.onEvent(click(EventType.VIEW, 10 * MIN - 2, "p", 1, "c.d", "s"), slice, ctx);
    assertThat(ctx.drain()).as("4:59.999 after the last CROSS_SELL").isEmpty();
    rule.onEvent(click(EventType.VIEW, 10 * MIN - 1, "p", 1, "a.b", "s"), slice, ctx);
    assertThat(ctx.drain()).as("exactly 5 min after it").hasSize(1);
  }

  @Test
  void purchaseIntentPurchaseBlockAndCooldownAreHalfOpenInTheRuleItself() {
    PurchaseIntentRule rule = new PurchaseIntentRule(DEFAULTS);
    PurchaseIntentRule.Slice slice = rule.newSlice();
    RecordingRuleContext ctx = new RecordingRuleContext().version(1, 0, Map.of("purchase-intent.min-views", "1"));
    rule.onEvent(click(EventType.PURCHASE, 0, "p", 1, null, null), slice, ctx);
    rule.onEvent(view(15 * MIN - 1, "p", 1), slice, ctx);
    assertThat(ctx.drain()).as("purchase 14:59.999 before").isEmpty();
    rule.onEvent(view(15 * MIN, "p", 1), slice, ctx);
    assertThat(ctx.drain()).hasSize(1);

    rule.onEvent(view(30 * MIN - 1, "p", 1), slice, ctx);
    assertThat(ctx.drain()).as("14:59.999 after the last PURCHASE_INTENT").isEmpty();
    rule.onEvent(view(30 * MIN, "p", 1), slice, ctx);
    assertThat(ctx.drain()).hasSize(1);
  }

  @Test
  void priceSensitivityCooldownIsHalfOpenInTheRuleItself() {
    PriceSensitivityRule rule = new PriceSensitivityRule(DEFAULTS);
    PriceSensitivityRule.Slice slice = rule.newSlice();
    RecordingRuleContext ctx = new RecordingRuleContext();
    rule.onEvent(view(0, "p", 100), slice, ctx);
    rule.onEvent(view(1, "p", 100), slice, ctx);
    rule.onEvent(click(EventType.CART, 2, "p", 1, null, null), slice, ctx);
    assertThat(ctx.drain()).as("equal prices").isEmpty();
    rule.onEvent(view(2, "p", 99), slice, ctx);
    rule.onEvent(click(EventType.CART, 3, "p", 1, null, null), slice, ctx);
    assertThat(ctx.drain()).hasSize(1);

    rule.onEvent(view(10 * MIN, "p", 100), slice, ctx);
    rule.onEvent(view(10 * MIN + 1, "p", 99), slice, ctx);
    rule.onEvent(click(EventType.CART, 10 * MIN + 2, "p", 1, null, null), slice, ctx);
    assertThat(ctx.drain()).as("9:59.999 after the last PRICE_SENSITIVITY").isEmpty();
    rule.onEvent(click(EventType.CART, 10 * MIN + 3, "p", 1, null, null), slice, ctx);
    assertThat(ctx.drain()).hasSize(1);
  }

  @Test
  void theRegisteredRulesAreTheCatalogsStreamsRulesInItsOrder() {
    ShopperRules rules = ShopperRules.fromCatalog(DEFAULTS);
    assertThat(rules.rules()).extracting(rule -> rule.definition().name())
        .containsExactly("cross-sell", "cart-abandonment", "purchase-intent", "price-sensitivity", "coupon");
    assertThat(rules.rules()).extracting(ShopperRule::sliceId).doesNotHaveDuplicates();
    assertThat(rules.rules()).extracting(rule -> rule.definition().alertType().name())
        .containsExactly("CROSS_SELL", "CART_ABANDONMENT", "PURCHASE_INTENT", "PRICE_SENSITIVITY", "COUPON_ISSUED");
  }
}
