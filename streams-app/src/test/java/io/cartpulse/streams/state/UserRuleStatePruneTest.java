package io.cartpulse.streams.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.click.EventType;
import io.cartpulse.streams.config.StreamsAppConfig;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Pruning keeps a fact exactly as long as it can still change an alert: one millisecond less than
 * its window or cooldown, and no longer (the windows are half-open, so a fact exactly a window old
 * is already irrelevant). Pruning too early would change alerts; too late only wastes state.
 */
class UserRuleStatePruneTest {
  private static final long MIN = 60_000;
  private static final StateRetention KEEP = StateRetention.from(defaults());

  private static StreamsAppConfig.RuleSettings defaults() {
    Properties props = new Properties();
    props.setProperty("bootstrap.servers", "x:1");
    props.setProperty("schema.registry.url", "mock://prune");
    return StreamsAppConfig.load(props, Map.of()).rules();
  }

  @Test
  void theRetentionOfEachFactIsItsWindowOrCooldown() {
    assertThat(KEEP).isEqualTo(new StateRetention(5 * MIN, 5 * MIN, 15 * MIN, 15 * MIN, 15 * MIN, 10 * MIN, 10 * MIN));
  }

  @Test
  void theCrossSellFactsLiveFiveMinutes() {
    UserRuleState state = new UserRuleState();
    state.setPrevious(EventType.VIEW, 0, "s", "a.b");
    state.setLastCrossSell(0);

    state.prune(5 * MIN - 1, 0, KEEP);
    assertThat(state.hasPrevious()).isTrue();
    assertThat(state.lastCrossSell()).isZero();

    state.prune(5 * MIN, 0, KEEP);
    assertThat(state.hasPrevious()).isFalse();
    assertThat(state.lastCrossSell()).isEqualTo(UserRuleState.NONE);
    assertThat(state.isEmpty()).isTrue();
  }

  @Test
  void productFactsLiveAsLongAsTheirRuleLooksBack() {
    UserRuleState state = new UserRuleState();
    ProductState product = state.product("p");
    product.addView(0, 100);
    product.recordPurchase(0);
    product.setLastPurchaseIntent(0);
    product.setLastPriceSensitivity(0);
    product.openPending(0, 25_000, "s");
    product.markPendingEmitted(); // the re-emission guard of an item due at 0

    state.prune(10 * MIN - 1, 0, KEEP);
    assertThat(product.lastPriceSensitivity()).isZero();
    assertThat(product.lastAbandonmentDue()).isZero();

    state.prune(10 * MIN, 0, KEEP);
    assertThat(product.lastPriceSensitivity()).isEqualTo(UserRuleState.NONE);
    assertThat(product.lastAbandonmentDue()).isEqualTo(UserRuleState.NONE);

    state.prune(15 * MIN - 1, 0, KEEP);
    assertThat(product.viewCount()).isEqualTo(1);
    assertThat(product.lastPurchase()).isZero();
    assertThat(product.lastPurchaseIntent()).isZero();

    state.prune(15 * MIN, 0, KEEP);
    assertThat(state.existingProduct("p")).isNull();
    assertThat(state.isEmpty()).isTrue();
  }

  @Test
  void anOpenAbandonmentItemIsNeverPruned() {
    UserRuleState state = new UserRuleState();
    state.product("p").openPending(10 * MIN, 25_000, "s");

    state.prune(365 * 24 * 60 * MIN, 0, KEEP);

    assertThat(state.existingProduct("p").pendingOpen()).isTrue();
    assertThat(state.expiresAt(KEEP, Long.MIN_VALUE)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void theCouponSpendLivesUntilTheClockLeavesItsDay() {
    UserRuleState state = new UserRuleState();
    state.setCoupon(18_170, 61_240);

    state.prune(0, 18_170, KEEP);
    assertThat(state.couponSpendCents()).isEqualTo(61_240);

    state.prune(0, 18_171, KEEP);
    assertThat(state.couponDay()).isEqualTo(UserRuleState.NONE);
    assertThat(state.isEmpty()).isTrue();
  }
}
