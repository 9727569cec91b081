package io.cartpulse.bench.jmh;

import io.cartpulse.avro.Alert;
import io.cartpulse.click.EventType;
import io.cartpulse.streams.config.StreamsAppConfig;
import io.cartpulse.streams.rules.CartAbandonmentRule;
import io.cartpulse.streams.rules.Click;
import io.cartpulse.streams.rules.CouponIssuedRule;
import io.cartpulse.streams.rules.CrossSellRule;
import io.cartpulse.streams.rules.DeadlineIndex;
import io.cartpulse.streams.rules.PriceSensitivityRule;
import io.cartpulse.streams.rules.PurchaseIntentRule;
import io.cartpulse.streams.state.ProductState;
import io.cartpulse.streams.state.StateRetention;
import io.cartpulse.streams.state.UserRuleState;
import io.cartpulse.streams.state.UserRuleStateSerde;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Each streams-app rule's hot path on a typical user's state, in ns per event: the common case
 * (no alert) and the alerting case (the alert record built, deterministic id included). The
 * alerting benchmarks reset the cooldown the rule just set, so every call alerts.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class StreamsRuleBenchmarks {
  CrossSellRule crossSell;
  PurchaseIntentRule purchaseIntent;
  PriceSensitivityRule priceSensitivity;
  CartAbandonmentRule cartAbandonment;
  CouponIssuedRule coupon;
  StateRetention retention;
  UserRuleStateSerde serde;

  long now;
  UserRuleState user;
  byte[] userBytes;
  Click viewOtherCategory;
  Click viewP1;
  Click cartP2;
  Click cartP1;
  Click expensiveCart;
  Click removeExpensive;
  Click smallPurchase;
  Click tierPurchase;
  ProductState p1;
  final List<Alert> couponOut = new ArrayList<>();

  @Setup
  public void setUp() {
    StreamsAppConfig config = Fixtures.defaults();
    crossSell = new CrossSellRule(config.rules().crossSell());
    purchaseIntent = new PurchaseIntentRule(config.rules().purchaseIntent());
    priceSensitivity = new PriceSensitivityRule(config.rules().priceSensitivity());
    cartAbandonment = new CartAbandonmentRule(config.rules().cartAbandonment());
    coupon = new CouponIssuedRule(config.rules().coupon());
    retention = StateRetention.from(config.rules());
    serde = new UserRuleStateSerde();
    now = Fixtures.T0 + 3_600_000L;
    user = Fixtures.typicalUser(now);
    userBytes = serde.serialize(user, Long.MAX_VALUE);
    viewOtherCategory = Fixtures.click(EventType.VIEW, now, "p9", "appliances.kitchen", 12_000);
    viewP1 = Fixtures.click(EventType.VIEW, now, "p1", "electronics.smartphone", 29_900);
    cartP2 = Fixtures.click(EventType.CART, now, "p2", "electronics.smartphone", 44_900);
    cartP1 = Fixtures.click(EventType.CART, now, "p1", "electronics.smartphone", 29_900);
    expensiveCart = Fixtures.click(EventType.CART, now, "p7", "electronics.tv", 89_900);
    removeExpensive = Fixtures.click(EventType.REMOVE_FROM_CART, now + 1, "p7", "electronics.tv", 89_900);
    smallPurchase = Fixtures.click(EventType.PURCHASE, now, "p3", "books", 1_999);
    tierPurchase = Fixtures.click(EventType.PURCHASE, now, "p2", "electronics.smartphone", 44_900);
    // p1 with four views in the window: PURCHASE_INTENT's threshold is reached by the next view.
    p1 = new UserRuleState().product("p1");
    for (int i = 4; i >= 1; i--) {
      p1.addView(now - i * Fixtures.MINUTE, 29_900);
    }
  }

  /** CROSS_SELL at a view in another category, within the cooldown of the last one: no alert. */
  @Benchmark
  public Alert crossSellInCooldown() {
    user.setLastCrossSell(now - Fixtures.MINUTE);
    return crossSell.onView(viewOtherCategory, user, now);
  }

  /** CROSS_SELL alerting (the alert built). */
  @Benchmark
  public Alert crossSellAlert() {
    user.setLastCrossSell(UserRuleState.NONE);
    return crossSell.onView(viewOtherCategory, user, now);
  }

  /** PURCHASE_INTENT at a view of a product with four views in the window, in cooldown: counted, no alert. */
  @Benchmark
  public Alert purchaseIntentInCooldown() {
    p1.setLastPurchaseIntent(now - Fixtures.MINUTE);
    return purchaseIntent.onView(viewP1, p1, now);
  }

  /** PURCHASE_INTENT alerting. */
  @Benchmark
  public Alert purchaseIntentAlert() {
    p1.setLastPurchaseIntent(UserRuleState.NONE);
    return purchaseIntent.onView(viewP1, p1, now);
  }

  /** PRICE_SENSITIVITY at a cart of a product whose views never got cheaper: scanned, no alert. */
  @Benchmark
  public Alert priceSensitivityNoDrop() {
    return priceSensitivity.onCart(cartP1, user, now);
  }

  /** PRICE_SENSITIVITY alerting (views of p2 dropped in price). */
  @Benchmark
  public Alert priceSensitivityAlert() {
    user.existingProduct("p2").setLastPriceSensitivity(UserRuleState.NONE);
    return priceSensitivity.onCart(cartP2, user, now);
  }

  /** CART_ABANDONMENT: an expensive cart opens an item, its removal closes it (two events). */
  @Benchmark
  public UserRuleState cartAbandonmentOpenAndClose() {
    cartAbandonment.onCart(expensiveCart, user, DeadlineIndex.NONE);
    cartAbandonment.onClose(removeExpensive, user, DeadlineIndex.NONE);
    return user;
  }

  /** COUPON_ISSUED: a purchase that crosses no tier. */
  @Benchmark
  public List<Alert> couponNoTier() {
    couponOut.clear();
    user.clearCoupon();
    coupon.onPurchase(smallPurchase, user, coupon.dayOf(now), now, couponOut);
    return couponOut;
  }

  /** COUPON_ISSUED: a purchase that crosses the 200 tier (one alert). */
  @Benchmark
  public List<Alert> couponOneTier() {
    couponOut.clear();
    user.clearCoupon();
    coupon.onPurchase(tierPurchase, user, coupon.dayOf(now), now, couponOut);
    return couponOut;
  }

  /** The per-event pruning of the user's state (nothing expires: the common case). */
  @Benchmark
  public boolean statePrune() {
    return user.prune(now, coupon.dayOf(now), retention);
  }

  /** The user-rule-state value written once per event. */
  @Benchmark
  public byte[] stateSerialize() {
    return serde.serialize(user, now + 900_000);
  }

  /** The user-rule-state value read once per event. */
  @Benchmark
  public UserRuleState stateDeserialize() {
    return serde.deserialize("user-rule-state", userBytes);
  }
}
