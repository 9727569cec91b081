package io.cartpulse.streams.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartpulse.click.EventType;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class UserRuleStateSerdeTest {
  private final UserRuleStateSerde serde = new UserRuleStateSerde();

  @Test
  void everyFieldSurvivesARoundTrip() {
    UserRuleState state = new UserRuleState();
    state.setPrevious(EventType.VIEW, 1_569_888_000_123L, "sessión-1", null);
    state.setLastCrossSell(1_569_888_000_000L);
    state.setCoupon(18_170, 61_240);
    ProductState p1 = state.product("p1");
    p1.addView(1_569_888_000_000L, 30_000);
    p1.addView(1_569_887_999_000L, 25_000); // out of order: deltas may be negative
    p1.addView(1_569_888_100_000L, 0);
    p1.recordPurchase(1_569_888_000_500L);
    p1.setLastPurchaseIntent(1_569_888_000_600L);
    p1.setLastPriceSensitivity(1_569_888_000_700L);
    p1.openPending(1_569_888_600_000L, 25_001, null);
    ProductState p2 = state.product("p2");
    p2.openPending(-5L, 1, "s");
    p2.markPendingEmitted();

    byte[] bytes = serde.serialize(state, 1_569_900_000_000L);
    UserRuleState copy = serde.deserialize("t", bytes);

    assertThat(UserRuleStateSerde.expiresAt(bytes)).isEqualTo(1_569_900_000_000L);
    assertThat(serde.serialize(copy, 1_569_900_000_000L)).isEqualTo(bytes);
    assertThat(copy.previousType()).isEqualTo(EventType.VIEW);
    assertThat(copy.previousTime()).isEqualTo(1_569_888_000_123L);
    assertThat(copy.previousSession()).isEqualTo("sessión-1");
    assertThat(copy.previousCategory()).isNull();
    assertThat(copy.lastCrossSell()).isEqualTo(1_569_888_000_000L);
    assertThat(copy.couponDay()).isEqualTo(18_170);
    assertThat(copy.couponSpendCents()).isEqualTo(61_240);
    ProductState c1 = copy.existingProduct("p1");
    assertThat(c1.viewCount()).isEqualTo(3);
    assertThat(c1.viewTime(1)).isEqualTo(1_569_887_999_000L);
    assertThat(c1.viewPrice(0)).isEqualTo(30_000);
    assertThat(c1.lastPurchase()).isEqualTo(1_569_888_000_500L);
    assertThat(c1.lastPurchaseIntent()).isEqualTo(1_569_888_000_600L);
    assertThat(c1.lastPriceSensitivity()).isEqualTo(1_569_888_000_700L);
    assertThat(c1.pendingOpen()).isTrue();
    assertThat(c1.pendingDue()).isEqualTo(1_569_888_600_000L);
    assertThat(c1.pendingPriceCents()).isEqualTo(25_001);
    assertThat(c1.pendingSession()).isNull();
    ProductState c2 = copy.existingProduct("p2");
    assertThat(c2.pendingOpen()).isFalse();
    assertThat(c2.lastAbandonmentDue()).isEqualTo(-5L);
  }

  @Test
  void aTypicalUserIsCompact() {
    UserRuleState state = new UserRuleState();
    state.setPrevious(EventType.VIEW, 1_569_888_000_000L, "72d76fde-8bb3-4e00-8c23-a032dfed738c",
        "electronics.smartphone");
    state.product("44600062").addView(1_569_888_000_000L, 3_579);

    assertThat(serde.serialize(state, 0).length).isLessThan(100);
  }

  @Test
  void aTruncatedOrForeignValueIsRejectedWithAClearError() {
    UserRuleState state = new UserRuleState();
    state.setPrevious(EventType.CART, 1L, "s", "c");
    byte[] bytes = serde.serialize(state, 0);

    assertThatThrownBy(() -> serde.deserialize("t", Arrays.copyOf(bytes, bytes.length - 2)))
        .isInstanceOf(SerializationException.class).hasMessageContaining("truncated");
    byte[] foreign = bytes.clone();
    foreign[0] = 9;
    assertThatThrownBy(() -> serde.deserialize("t", foreign))
        .isInstanceOf(SerializationException.class).hasMessageContaining("version 9");
  }

  @Test
  void pruningDropsExactlyWhatHasExpired() {
    StateRetention keep = new StateRetention(300_000, 300_000, 900_000, 900_000, 900_000, 600_000, 600_000);
    UserRuleState state = new UserRuleState();
    state.setPrevious(EventType.VIEW, 0, "s", "c");
    ProductState p = state.product("p");
    p.addView(0, 1);
    p.addView(1, 1);

    assertThat(state.prune(299_999, 0, keep)).isFalse();
    assertThat(state.prune(300_000, 0, keep)).isTrue();
    assertThat(state.hasPrevious()).isFalse();
    state.prune(900_000, 0, keep);
    assertThat(p.viewCount()).isEqualTo(1);
    assertThat(state.expiresAt(keep, Long.MIN_VALUE)).isEqualTo(900_001);
    state.prune(900_001, 0, keep);
    assertThat(state.isEmpty()).isTrue();
  }
}
