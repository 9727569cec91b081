package io.cartpulse.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.contract.ReferenceContract;
import io.cartpulse.contract.ReferenceContract.ExpectedAlert;
import io.cartpulse.contract.ReferenceContract.Thresholds;
import io.cartpulse.rules.RuleCatalog;
import io.cartpulse.testing.SyntheticClicks;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * All five rules together through the whole production topology (decode, repartition by user, the
 * rule processor on Kafka's in-memory stores with the record cache and changelogs on) give exactly the
 * streams-app alerts of the contract's reference implementation (sections 2-3), on dense random
 * streams that hit every window boundary, with the default thresholds and with every one changed.
 * The driver's wall clock stands still, so the clock is the event clock and stops at the last event,
 * as the reference's does.
 */
class ContractAgreementTest {
  private static final long START = Instant.parse("2019-10-01T20:00:00Z").toEpochMilli();

  private static List<ExpectedAlert> topology(List<ClickEvent> events, Properties overrides) {
    try (StreamsTestHarness h = new StreamsTestHarness(overrides)) {
      events.forEach(h::send);
      return ExpectedAlert.of(h.readAlerts());
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void denseSyntheticStreamsGiveTheReferencesAlerts(long seed) {
    List<ClickEvent> events = SyntheticClicks.dense(seed, 4000, 6, 4, START);

    assertThat(topology(events, new Properties()))
        .isEqualTo(ReferenceContract.run(events).streamsAlerts()).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(longs = {11, 12})
  void everyThresholdChangedTheSameWayInBoth(long seed) {
    List<ClickEvent> events = SyntheticClicks.dense(seed, 4000, 6, 4, START);
    Properties overrides = StreamsTestHarness.props(
        RuleCatalog.CROSS_SELL_MAX_GAP.key(), "PT2M", RuleCatalog.CROSS_SELL_COOLDOWN.key(), "PT1M",
        RuleCatalog.CART_ABANDONMENT_MIN_PRICE.key(), "150.00", RuleCatalog.CART_ABANDONMENT_DELAY.key(), "PT5M",
        RuleCatalog.PURCHASE_INTENT_WINDOW.key(), "PT10M", RuleCatalog.PURCHASE_INTENT_MIN_VIEWS.key(), "3",
        RuleCatalog.PURCHASE_INTENT_COOLDOWN.key(), "PT20M",
        RuleCatalog.PRICE_SENSITIVITY_WINDOW.key(), "PT5M", RuleCatalog.PRICE_SENSITIVITY_COOLDOWN.key(), "PT15M",
        RuleCatalog.COUPON_TIERS.key(), "100,300", RuleCatalog.COUPON_ZONE.key(), "Europe/Berlin");
    Thresholds changed = Thresholds.CONTRACT
        .withCrossSell(Duration.ofMinutes(2), Duration.ofMinutes(1))
        .withCartAbandonment("150.00", Duration.ofMinutes(5))
        .withPurchaseIntent(Duration.ofMinutes(10), 3, Duration.ofMinutes(20))
        .withPriceSensitivity(Duration.ofMinutes(5), Duration.ofMinutes(15))
        .withCoupon(ZoneId.of("Europe/Berlin"), 100, 300);

    List<ExpectedAlert> expected = ReferenceContract.run(events, changed).streamsAlerts();

    assertThat(topology(events, overrides)).isEqualTo(expected).isNotEmpty()
        .isNotEqualTo(ReferenceContract.run(events).streamsAlerts());
  }
}
