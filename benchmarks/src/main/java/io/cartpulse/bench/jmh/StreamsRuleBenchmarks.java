package io.cartpulse.bench.jmh;

import io.cartpulse.avro.Alert;
import io.cartpulse.click.EventType;
import io.cartpulse.streams.rules.Click;
import io.cartpulse.streams.rules.ShopperRules;
import io.cartpulse.streams.rules.UserState;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The streams-app's per-event rule work on a typical user's state, in ns per event, as the
 * processor does it: the stored value decoded, every rule's prune and onEvent, the value encoded.
 * The alerting cases start each call from the same stored value, so every call alerts (the alert
 * record built, deterministic id included). The store round trip itself is measured separately.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class StreamsRuleBenchmarks {
  ShopperRules rules;
  Fixtures.Context context;
  long now;
  byte[] userBytes;
  Click viewSameCategory;
  Click viewOtherCategory;
  Click cartP2;
  Click expensiveCart;
  Click tierPurchase;

  @Setup
  public void setUp() {
    rules = ShopperRules.fromCatalog(Fixtures.defaults());
    now = Fixtures.T0 + 3_600_000L;
    context = new Fixtures.Context(now);
    UserState user = Fixtures.typicalUser(rules, now);
    userBytes = rules.encode(user, Long.MAX_VALUE);
    viewSameCategory = Fixtures.click(EventType.VIEW, now, "p1", "electronics.smartphone", 29_900);
    viewOtherCategory = Fixtures.click(EventType.VIEW, now, "p9", "appliances.kitchen", 12_000);
    cartP2 = Fixtures.click(EventType.CART, now, "p2", "electronics.smartphone", 44_900);
    expensiveCart = Fixtures.click(EventType.CART, now, "p7", "electronics.tv", 89_900);
    tierPurchase = Fixtures.click(EventType.PURCHASE, now, "p2", "electronics.smartphone", 44_900);
  }

  private byte[] handle(Click click) {
    UserState state = rules.decode(userBytes);
    Fixtures.evaluate(rules, state, click, context);
    return rules.encode(state, state.expiresAt());
  }

  /** A view that alerts nothing: the common case. */
  @Benchmark
  public byte[] viewNoAlert() {
    return handle(viewSameCategory);
  }

  /** A view in another category in the session: CROSS_SELL. */
  @Benchmark
  public Alert viewCrossSellAlert() {
    handle(viewOtherCategory);
    return context.last;
  }

  /** A cart of a product whose views got cheaper: PRICE_SENSITIVITY. */
  @Benchmark
  public Alert cartPriceSensitivityAlert() {
    handle(cartP2);
    return context.last;
  }

  /** An expensive cart: a CART_ABANDONMENT item opens. */
  @Benchmark
  public byte[] cartOpensAnItem() {
    return handle(expensiveCart);
  }

  /** A purchase crossing the 200 tier: COUPON_ISSUED. */
  @Benchmark
  public Alert purchaseCouponAlert() {
    handle(tierPurchase);
    return context.last;
  }

  /** The user-rule-state value written once per event. */
  @Benchmark
  public byte[] stateEncode() {
    return rules.encode(rules.decode(userBytes), Long.MAX_VALUE);
  }

  /** The user-rule-state value read once per event. */
  @Benchmark
  public UserState stateDecode() {
    return rules.decode(userBytes);
  }
}
