package io.cartpulse.streams.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.Alert;
import io.cartpulse.click.EventType;
import io.cartpulse.streams.config.StreamsAppConfig;
import io.cartpulse.streams.state.ProductState;
import io.cartpulse.streams.state.UserRuleState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The rules as plain logic over a user's state: no Kafka involved. */
class RuleLogicTest {
  private static final long MIN = 60_000;
  private static final StreamsAppConfig.RuleSettings RULES = rules(Map.of());

  private static StreamsAppConfig.RuleSettings rules(Map<String, String> overrides) {
    Properties props = new Properties();
    props.setProperty("bootstrap.servers", "x:1");
    props.setProperty("schema.registry.url", "mock://rules");
    overrides.forEach(props::setProperty);
    return StreamsAppConfig.load(props, Map.of()).rules();
  }

  private static Click click(EventType type, long t, String product, String cents, String category, String session) {
    return new Click(type, t, "u1", product, category, session, Long.parseLong(cents));
  }

  @Test
  void crossSellNeedsThePreviousEventToBeAViewAndSetsTheCooldown() {
    CrossSellRule rule = new CrossSellRule(RULES.crossSell());
    UserRuleState state = new UserRuleState();
    state.setPrevious(EventType.CART, 0, "s", "a.b");
    assertThat(rule.onView(click(EventType.VIEW, 1, "p", "1", "c.d", "s"), state, 0)).isNull();

    state.setPrevious(EventType.VIEW, 0, "s", "a.b");
    Alert alert = rule.onView(click(EventType.VIEW, 1, "p", "1", "c.d", "s"), state, 0);

    assertThat(alert.getAttributes()).containsEntry("fromCategory", "a.b").containsEntry("toCategory", "c.d");
    assertThat(state.lastCrossSell()).isEqualTo(1);
  }

  @Test
  void cartAbandonmentIndexesOpensRestartsAndClosesItems() {
    CartAbandonmentRule rule = new CartAbandonmentRule(RULES.cartAbandonment());
    List<String> index = new ArrayList<>();
    DeadlineIndex recording = new DeadlineIndex() {
      @Override
      public void add(long due, String userId, String productId) {
        index.add("+" + due);
      }

      @Override
      public void remove(long due, String userId, String productId) {
        index.add("-" + due);
      }
    };
    UserRuleState state = new UserRuleState();

    rule.onCart(click(EventType.CART, 0, "p", "20000", null, "s"), state, recording); // not above 200.00
    rule.onCart(click(EventType.CART, 0, "p", "20001", null, "s"), state, recording);
    rule.onCart(click(EventType.CART, MIN, "p", "30000", null, "s2"), state, recording);
    rule.onClose(click(EventType.PURCHASE, 11 * MIN, "p", "1", null, "s"), state, recording); // at due: too late

    assertThat(index).containsExactly("+" + 10 * MIN, "-" + 10 * MIN, "+" + 11 * MIN);
    assertThat(rule.emit("u1", "p", 10 * MIN, state, 0)).as("stale index entry").isNull();
    Alert alert = rule.emit("u1", "p", 11 * MIN, state, 0);
    assertThat(alert.getAttributes()).containsEntry("price", "300.00");
    assertThat(alert.getUserSession()).isEqualTo("s2");
    assertThat(rule.emit("u1", "p", 11 * MIN, state, 0)).as("emitted once").isNull();
  }

  @Test
  void purchaseIntentCountsOnlyViewsInsideTheWindow() {
    PurchaseIntentRule rule = new PurchaseIntentRule(
        rules(Map.of("cartpulse.rules.purchase-intent.min-views", "2")).purchaseIntent());
    UserRuleState state = new UserRuleState();
    ProductState product = state.product("p");
    product.addView(0, 1);
    product.addView(15 * MIN, 1);
    assertThat(rule.onView(click(EventType.VIEW, 15 * MIN, "p", "1", null, null), product, 0)).isNull();

    product.addView(15 * MIN + 1, 1);
    Alert alert = rule.onView(click(EventType.VIEW, 15 * MIN + 1, "p", "1", null, null), product, 0);

    assertThat(alert.getAttributes()).containsEntry("views", "2");
  }

  @Test
  void priceSensitivityIgnoresViewsOutsideItsWindow() {
    PriceSensitivityRule rule = new PriceSensitivityRule(RULES.priceSensitivity());
    UserRuleState state = new UserRuleState();
    ProductState product = state.product("p");
    product.addView(0, 50_000);
    product.addView(MIN, 40_000);

    assertThat(rule.onCart(click(EventType.CART, 10 * MIN, "p", "1", null, null), state, 0)).isNull();
    assertThat(rule.onCart(click(EventType.CART, 10 * MIN - 1, "p", "1", null, null), state, 0)).isNotNull();
  }

  @Test
  void couponDaysFollowTheZoneAndTiersAreCrossedOnce() {
    CouponIssuedRule rule = new CouponIssuedRule(RULES.coupon());
    UserRuleState state = new UserRuleState();
    List<Alert> out = new ArrayList<>();

    rule.onPurchase(click(EventType.PURCHASE, 0, "p", "49999", null, null), state, 0, 0, out);
    rule.onPurchase(click(EventType.PURCHASE, 1, "p", "1", null, null), state, 0, 0, out);
    rule.onPurchase(click(EventType.PURCHASE, 2, "p", "1", null, null), state, 0, 0, out);

    assertThat(out).extracting(a -> a.getAttributes().get("tier")).containsExactly("200", "500");
    assertThat(state.couponSpendCents()).isEqualTo(50_001);
    assertThat(rule.dayOf(86_400_000L - 1)).isEqualTo(0);
    assertThat(rule.dayOf(86_400_000L)).isEqualTo(1);
    assertThat(rule.startOfDay(1)).isEqualTo(86_400_000L);
    CouponIssuedRule berlin = new CouponIssuedRule(
        rules(Map.of("cartpulse.rules.coupon.zone", "Europe/Berlin")).coupon());
    assertThat(berlin.dayOf(86_400_000L - 3_600_000L)).as("01:00 Berlin on 1970-01-02").isEqualTo(1);
    assertThat(berlin.startOfDay(1)).isEqualTo(86_400_000L - 3_600_000L);
  }

  // The rules check their windows and cooldowns themselves, independently of pruning (which drops
  // the same facts at the same boundaries): each check is tested here on its own.

  @Test
  void crossSellGapAndCooldownAreHalfOpenInTheRuleItself() {
    CrossSellRule rule = new CrossSellRule(RULES.crossSell());
    UserRuleState state = new UserRuleState();
    state.setPrevious(EventType.VIEW, 0, "s", "a.b");
    assertThat(rule.onView(click(EventType.VIEW, 5 * MIN, "p", "1", "c.d", "s"), state, 0)).as("5 min apart").isNull();
    assertThat(rule.onView(click(EventType.VIEW, 5 * MIN - 1, "p", "1", "c.d", "s"), state, 0)).isNotNull();

    state.setPrevious(EventType.VIEW, 10 * MIN - 2, "s", "a.b");
    assertThat(rule.onView(click(EventType.VIEW, 10 * MIN - 2, "p", "1", "c.d", "s"), state, 0))
        .as("4:59.999 after the last CROSS_SELL").isNull();
    state.setPrevious(EventType.VIEW, 10 * MIN - 1, "s", "a.b");
    assertThat(rule.onView(click(EventType.VIEW, 10 * MIN - 1, "p", "1", "c.d", "s"), state, 0))
        .as("exactly 5 min after it").isNotNull();
  }

  @Test
  void purchaseIntentPurchaseBlockAndCooldownAreHalfOpenInTheRuleItself() {
    PurchaseIntentRule rule = new PurchaseIntentRule(
        rules(Map.of("cartpulse.rules.purchase-intent.min-views", "1")).purchaseIntent());
    ProductState product = new UserRuleState().product("p");
    product.recordPurchase(0);
    product.addView(15 * MIN - 1, 1);
    assertThat(rule.onView(click(EventType.VIEW, 15 * MIN - 1, "p", "1", null, null), product, 0))
        .as("purchase 14:59.999 before").isNull();
    product.addView(15 * MIN, 1);
    assertThat(rule.onView(click(EventType.VIEW, 15 * MIN, "p", "1", null, null), product, 0)).isNotNull();

    product.addView(30 * MIN - 1, 1);
    assertThat(rule.onView(click(EventType.VIEW, 30 * MIN - 1, "p", "1", null, null), product, 0))
        .as("14:59.999 after the last PURCHASE_INTENT").isNull();
    product.addView(30 * MIN, 1);
    assertThat(rule.onView(click(EventType.VIEW, 30 * MIN, "p", "1", null, null), product, 0)).isNotNull();
  }

  @Test
  void priceSensitivityCooldownIsHalfOpenInTheRuleItself() {
    PriceSensitivityRule rule = new PriceSensitivityRule(RULES.priceSensitivity());
    UserRuleState state = new UserRuleState();
    ProductState product = state.product("p");
    product.addView(0, 100);
    product.addView(1, 100);
    assertThat(rule.onCart(click(EventType.CART, 2, "p", "1", null, null), state, 0)).as("equal prices").isNull();
    product.addView(2, 99);
    assertThat(rule.onCart(click(EventType.CART, 3, "p", "1", null, null), state, 0)).isNotNull();

    product.addView(10 * MIN, 100);
    product.addView(10 * MIN + 1, 99);
    assertThat(rule.onCart(click(EventType.CART, 10 * MIN + 2, "p", "1", null, null), state, 0))
        .as("9:59.999 after the last PRICE_SENSITIVITY").isNull();
    assertThat(rule.onCart(click(EventType.CART, 10 * MIN + 3, "p", "1", null, null), state, 0)).isNotNull();
  }
}
