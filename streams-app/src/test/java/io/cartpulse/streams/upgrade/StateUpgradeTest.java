package io.cartpulse.streams.upgrade;

import static io.cartpulse.streams.upgrade.UpgradeScenario.T;
import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.streams.processor.ShopperAlertsProcessor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stores written by an earlier release (the committed fixtures, one per release, made by
 * {@link StateFixtureGenerator}) are restored by this build, which then carries on: every fact
 * the old release remembered still counts, and the alerts after the restore are exactly those a
 * single uninterrupted run of this build gives for the same input.
 */
class StateUpgradeTest {
  private static final long MINUTE = 60_000;

  static Stream<Path> fixtures() throws Exception {
    try (Stream<Path> files = java.nio.file.Files.list(StateFixture.DIRECTORY)) {
      List<Path> all = files.filter(f -> f.toString().endsWith(".stores")).sorted().toList();
      assertThat(all).as("committed state fixtures").isNotEmpty();
      return all.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void aStoreWrittenByAnEarlierReleaseRestoresAndTheRulesGoOn(Path fixture) throws Exception {
    StateFixture.Rig restored = new StateFixture.Rig();
    List<String> emittedBefore = restored.load(fixture);
    List<Alert> after = restored.start().process(UpgradeScenario.after());

    List<ClickEvent> whole = new ArrayList<>(UpgradeScenario.before());
    whole.addAll(UpgradeScenario.after());
    List<Alert> uninterrupted = new StateFixture.Rig().start().process(whole);
    assertThat(uninterrupted.stream().map(Alert::getAlertId).limit(emittedBefore.size()))
        .as("the fixture's alerts are this build's alerts for the first half")
        .containsExactlyElementsOf(emittedBefore);
    assertThat(after).as("alerts after the restore")
        .containsExactlyInAnyOrderElementsOf(uninterrupted.subList(emittedBefore.size(), uninterrupted.size()));

    assertThat(after).extracting(a -> a.getType() + " " + a.getUserId() + " " + a.getProductId() + " "
            + (a.getEventTime().toEpochMilli() - T) / MINUTE + "m " + new java.util.TreeMap<>(a.getAttributes()))
        .containsExactlyInAnyOrder(
            "PURCHASE_INTENT u-intent p-i 11m {views=4}",
            "CROSS_SELL u-cross p-2 11m {fromCategory=electronics.smartphone, toCategory=appliances.kitchen}",
            "PRICE_SENSITIVITY u-price p-s 12m {priceAfter=40.00, priceBefore=50.00}",
            "COUPON_ISSUED u-coupon p-y 13m {spend=210.00, tier=200}",
            "CART_ABANDONMENT u-cart p-a 19m {price=250.00}");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void theRestoredStoresAreRewrittenAndStillBoundedByTheirWindows(Path fixture) throws Exception {
    StateFixture.Rig restored = new StateFixture.Rig();
    restored.load(fixture);
    restored.start().process(UpgradeScenario.after());
    // A day later every window and the coupon day have passed: one event sweeps everything else away.
    restored.process(List.of(io.cartpulse.streams.StreamsTestHarness.event("view", "u-late", "p-z",
        T + 24 * 60 * MINUTE, "1.00", null, null)));
    assertThat(restored.entries(ShopperAlertsProcessor.USER_STATE_STORE)).isEqualTo(1);
    assertThat(restored.entries(ShopperAlertsProcessor.DEADLINE_STORE)).isZero();
  }
}
