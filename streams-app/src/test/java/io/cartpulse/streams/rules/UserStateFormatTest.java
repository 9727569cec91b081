package io.cartpulse.streams.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartpulse.click.EventType;
import io.cartpulse.rules.RuleCatalog;
import io.cartpulse.rules.RuleDefinition;
import io.cartpulse.streams.state.SliceReader;
import io.cartpulse.streams.state.SliceWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * The stored value of one user: one versioned slice per rule, so a release that adds, removes or
 * re-encodes a rule still reads what another release wrote (see {@link ShopperRules}).
 */
class UserStateFormatTest {
  private static final RuleSetup DEFAULTS = RecordingRuleContext.setup(Map.of());
  private static final long T = 1_569_888_000_000L;
  private final ShopperRules rules = ShopperRules.fromCatalog(DEFAULTS);

  /** A user with something in every slice. */
  private UserState busyUser() {
    UserState state = rules.newState();
    RecordingRuleContext ctx = new RecordingRuleContext().at(T + 3);
    List<Click> clicks = List.of(
        new Click(EventType.VIEW, T, "u1", "p1", "a.b", "s", 50_000),
        new Click(EventType.VIEW, T + 1, "u1", "p1", "c.d", "s", 40_000),
        new Click(EventType.CART, T + 2, "u1", "p1", "c.d", "s", 40_000),
        new Click(EventType.PURCHASE, T + 3, "u1", "p2", null, null, 25_000),
        new Click(EventType.CART, T + 3, "u1", "p3", null, "s", 30_000));
    for (Click click : clicks) {
      for (int i = 0; i < rules.rules().size(); i++) {
        rules.rules().get(i).onEvent(click, state.slice(i), ctx);
      }
    }
    assertThat(ctx.drain()).extracting(a -> a.getType().name())
        .containsExactly("CROSS_SELL", "PRICE_SENSITIVITY", "COUPON_ISSUED");
    return state;
  }

  @Test
  void everySliceSurvivesARoundTripAndTheExpiryIsReadableWithoutDecoding() {
    UserState state = busyUser();
    byte[] bytes = rules.encode(state, 42);

    UserState copy = rules.decode(bytes);

    assertThat(ShopperRules.expiresAt(bytes)).isEqualTo(42);
    assertThat(rules.encode(copy, 42)).isEqualTo(bytes);
    assertThat(copy.expiresAt()).isEqualTo(Long.MAX_VALUE).as("an open item").isEqualTo(state.expiresAt());
    for (int i = 0; i < rules.rules().size(); i++) {
      assertThat(rules.rules().get(i).isEmpty(copy.peek(i))).as(rules.rules().get(i).definition().name()).isFalse();
    }
  }

  @Test
  void aTypicalUserIsCompactAndEmptySlicesAreNotWritten() {
    UserState state = rules.newState();
    new CrossSellRule(DEFAULTS).onEvent(new Click(EventType.VIEW, T, "u1", "44600062", "electronics.smartphone",
        "72d76fde-8bb3-4e00-8c23-a032dfed738c", 3_579), (CrossSellRule.Slice) state.slice(0), new RecordingRuleContext());
    state.slice(2); // used, still empty

    byte[] bytes = rules.encode(state, 0);

    assertThat(bytes.length).isLessThan(100);
    UserState copy = rules.decode(bytes);
    assertThat(copy.peek(0)).isNotNull();
    assertThat(copy.peek(2)).as("an empty slice is not stored").isNull();
  }

  @Test
  void aSliceOfARuleAddedLaterReadsAsEmptyFromOlderValues() {
    byte[] older = rules.encode(busyUser(), 7);
    ShopperRules newer = withExtraRule();

    UserState state = newer.decode(older);

    int extra = newer.rules().size() - 1;
    assertThat(state.peek(extra)).isNull();
    assertThat(newer.rules().get(extra).isEmpty(state.slice(extra))).isTrue();
    assertThat(Arrays.copyOfRange(newer.encode(state, 7), 0, older.length)).isEqualTo(older);
  }

  @Test
  void aSliceThisReleaseDoesNotKnowIsSkipped() {
    ShopperRules newer = withExtraRule();
    UserState state = newer.newState();
    int extra = newer.rules().size() - 1;
    ((long[]) state.slice(extra))[0] = 99;
    new CouponIssuedRule(DEFAULTS).onEvent(new Click(EventType.PURCHASE, T, "u1", "p", null, null, 100),
        (CouponIssuedRule.Slice) state.slice(4), new RecordingRuleContext().at(T));
    byte[] written = newer.encode(state, 1);

    UserState read = rules.decode(written);

    assertThat(((CouponIssuedRule.Slice) read.peek(4)).spendCents).isEqualTo(100);
    assertThat(read.peek(0)).isNull();
  }

  @Test
  void aSliceWrittenInANewerVersionOrAForeignFormatIsRefusedWithAClearError() {
    UserState state = rules.newState();
    ((CouponIssuedRule.Slice) state.slice(4)).day = 1;
    byte[] bytes = rules.encode(state, 0);
    // the coupon slice header: id 5, then its version; a later release writes version 2
    assertThat(bytes[9]).isEqualTo((byte) 5);
    assertThat(bytes[10]).isEqualTo((byte) 1);
    bytes[10] = 2;

    assertThatThrownBy(() -> rules.decode(bytes)).isInstanceOf(SerializationException.class)
        .hasMessageContaining("coupon").hasMessageContaining("version 2").hasMessageContaining("newer release");
    byte[] foreign = bytes.clone();
    foreign[0] = 9;
    assertThatThrownBy(() -> rules.decode(foreign)).isInstanceOf(SerializationException.class)
        .hasMessageContaining("format 9");
    byte[] busy = rules.encode(busyUser(), 0);
    assertThatThrownBy(() -> rules.decode(Arrays.copyOf(busy, busy.length - 3)))
        .isInstanceOf(SerializationException.class);
  }

  @Test
  void aRelease010ValueIsSplitIntoTheSlicesOfTheRulesThatOwnItsFacts() {
    // u-price of the v0.1.0 state fixture: views of p-s at 10:08 (50.00) and 10:09 (40.00), previous event.
    byte[] v010 = HexFormat.of().parseHex("010000016d86d922000100c099dbecb05b14732d752d70726963652e656c656374"
        + "726f6e6963732e736d61727470686f6e650208702d73000480f0d3ecb05b904ec0a907c03e");
    long tenOhEight = 1_569_924_480_000L;

    UserState state = rules.decode(v010);

    assertThat(ShopperRules.expiresAt(v010)).isEqualTo(tenOhEight + 60_000 + 15 * 60_000);
    CrossSellRule.Slice crossSell = (CrossSellRule.Slice) state.peek(0);
    assertThat(crossSell.previousType).isEqualTo(EventType.VIEW);
    assertThat(crossSell.previousTime).isEqualTo(tenOhEight + 60_000);
    assertThat(crossSell.previousSession).isEqualTo("s-u-price");
    PriceSensitivityRule.Product price = ((PriceSensitivityRule.Slice) state.peek(3)).products.get("p-s");
    assertThat(Arrays.copyOf(price.viewPrices, price.views)).containsExactly(5_000, 4_000);
    PurchaseIntentRule.Product intent = ((PurchaseIntentRule.Slice) state.peek(2)).products.get("p-s");
    assertThat(Arrays.copyOf(intent.viewTimes, intent.views)).containsExactly(tenOhEight, tenOhEight + 60_000);
    assertThat(state.peek(1)).as("no abandonment facts").satisfies(s -> assertThat(
        ((CartAbandonmentRule.Slice) s).products).isEmpty());
  }

  /** The streams rules plus one more, whose slice is one long, as a later release might register. */
  private ShopperRules withExtraRule() {
    List<ShopperRule<?>> all = new ArrayList<>(rules.rules());
    all.add(new ShopperRule<long[]>() {
      @Override
      public RuleDefinition definition() {
        return RuleCatalog.CHURN;
      }

      @Override
      public int sliceId() {
        return 99;
      }

      @Override
      public int sliceVersion() {
        return 1;
      }

      @Override
      public long[] newSlice() {
        return new long[1];
      }

      @Override
      public void onEvent(Click click, long[] slice, RuleContext context) {}

      @Override
      public void prune(long[] slice, long now, long clock) {}

      @Override
      public long expiresAt(long[] slice) {
        return slice[0];
      }

      @Override
      public boolean isEmpty(long[] slice) {
        return slice[0] == 0;
      }

      @Override
      public void write(long[] slice, SliceWriter out) {
        out.writeLong(slice[0]);
      }

      @Override
      public long[] read(SliceReader in, int version) {
        return new long[] {in.readLong()};
      }
    });
    return new ShopperRules(all);
  }
}
