package io.cartpulse.streams.rules;

import static io.cartpulse.streams.StreamsTestHarness.MINUTE;
import static io.cartpulse.streams.StreamsTestHarness.SECOND;
import static io.cartpulse.streams.StreamsTestHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.streams.StreamsTestHarness;
import io.cartpulse.rules.RuleCatalog;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * ALERTS.md section 3: "Thresholds below are defaults; each is configurable." Every threshold is
 * set to a non-default value and checked on both sides of its new boundary, so a rule that kept a
 * hard-coded default fails here. (Coupon tiers and zone: CouponIssuedRuleTest.)
 */
class ConfiguredThresholdsTest {
  private static final String A = "electronics.smartphone";
  private static final String B = "electronics.audio";

  @Test
  void crossSellMaxGapAndCooldown() {
    try (StreamsTestHarness h = new StreamsTestHarness(StreamsTestHarness.props(
        RuleCatalog.CROSS_SELL_MAX_GAP.key(), "PT2M", RuleCatalog.CROSS_SELL_COOLDOWN.key(), "PT1M"))) {
      h.view("gap", "p1", T0, "1.00", A, "s").view("gap", "p2", T0 + 2 * MINUTE - 1, "1.00", B, "s"); // inside
      h.view("gap", "p3", T0 + 4 * MINUTE, "1.00", A, "s").view("gap", "p4", T0 + 6 * MINUTE, "1.00", B, "s"); // 2 min
      h.view("cool", "p1", T0, "1.00", A, "s").view("cool", "p2", T0 + SECOND, "1.00", B, "s"); // alert
      h.view("cool", "p3", T0 + MINUTE + SECOND - 1, "1.00", A, "s"); // 59.999 s after it: suppressed
      h.view("cool", "p4", T0 + MINUTE + SECOND, "1.00", B, "s"); // exactly 1 min after the alert: allowed

      assertThat(h.readAlerts()).extracting(Alert::getUserId, Alert::getProductId).containsExactly(
          Tuple.tuple("gap", "p2"), Tuple.tuple("cool", "p2"), Tuple.tuple("cool", "p4"));
    }
  }

  @Test
  void cartAbandonmentMinPriceAndDelay() {
    try (StreamsTestHarness h = new StreamsTestHarness(StreamsTestHarness.props(
        RuleCatalog.CART_ABANDONMENT_MIN_PRICE.key(), "100.00", RuleCatalog.CART_ABANDONMENT_DELAY.key(), "PT3M"))) {
      h.cart("u1", "at-threshold", T0, "100.00");
      h.cart("u1", "above", T0, "100.01");
      h.tick(T0 + 3 * MINUTE - 1);
      assertThat(h.readAlerts()).isEmpty();

      h.tick(T0 + 3 * MINUTE);

      assertThat(h.readAlerts()).singleElement().satisfies(a -> {
        assertThat(a.getProductId()).isEqualTo("above");
        assertThat(a.getEventTime().toEpochMilli()).isEqualTo(T0 + 3 * MINUTE);
        assertThat(a.getMessage()).contains("3 minutes");
      });
    }
  }

  @Test
  void purchaseIntentWindowMinViewsAndCooldown() {
    try (StreamsTestHarness h = new StreamsTestHarness(StreamsTestHarness.props(
        RuleCatalog.PURCHASE_INTENT_WINDOW.key(), "PT5M", RuleCatalog.PURCHASE_INTENT_MIN_VIEWS.key(), "2",
        RuleCatalog.PURCHASE_INTENT_COOLDOWN.key(), "PT1M"))) {
      h.view("u1", "p1", T0, "1.00");
      h.view("u1", "p1", T0 + 5 * MINUTE, "1.00"); // the first view is exactly 5 min old: n = 1
      h.view("u1", "p1", T0 + 5 * MINUTE + 1, "1.00"); // n = 2: alert
      h.view("u1", "p1", T0 + 6 * MINUTE, "1.00"); // 59.999 s after the alert: suppressed
      h.view("u1", "p1", T0 + 6 * MINUTE + 1, "1.00"); // 1 min after: alert
      h.purchase("u1", "p2", T0, "1.00");
      h.view("u1", "p2", T0 + 4 * MINUTE, "1.00");
      h.view("u1", "p2", T0 + 5 * MINUTE - 1, "1.00"); // purchase 4:59.999 before: blocked
      h.view("u1", "p2", T0 + 5 * MINUTE, "1.00"); // purchase exactly 5 min before: alert

      assertThat(h.readAlerts()).extracting(Alert::getProductId, a -> a.getEventTime().toEpochMilli(),
          a -> a.getAttributes().get("views")).containsExactly(
          Tuple.tuple("p1", T0 + 5 * MINUTE + 1, "2"),
          Tuple.tuple("p1", T0 + 6 * MINUTE + 1, "4"),
          Tuple.tuple("p2", T0 + 5 * MINUTE, "3"));
    }
  }

  @Test
  void priceSensitivityWindowAndCooldown() {
    try (StreamsTestHarness h = new StreamsTestHarness(StreamsTestHarness.props(
        RuleCatalog.PRICE_SENSITIVITY_WINDOW.key(), "PT2M", RuleCatalog.PRICE_SENSITIVITY_COOLDOWN.key(), "PT1M"))) {
      h.view("window", "p1", T0, "300.00").view("window", "p1", T0 + MINUTE, "250.00");
      h.cart("window", "p1", T0 + 2 * MINUTE, "250.00"); // the dearer view is exactly 2 min old: no pair
      h.view("inside", "p1", T0 + 1, "300.00").view("inside", "p1", T0 + MINUTE, "250.00");
      h.cart("inside", "p1", T0 + 2 * MINUTE, "250.00"); // 1:59.999 old: alert
      h.view("cool", "p1", T0, "300.00").view("cool", "p1", T0 + SECOND, "250.00");
      h.cart("cool", "p1", T0 + 2 * SECOND, "250.00"); // alert
      h.cart("cool", "p1", T0 + MINUTE + 2 * SECOND - 1, "250.00"); // pair still in the window, 59.999 s after: suppressed
      h.cart("cool", "p1", T0 + MINUTE + 2 * SECOND, "250.00"); // exactly 1 min after the alert: alert

      assertThat(h.readAlerts(AlertType.PRICE_SENSITIVITY)).extracting(Alert::getUserId,
          a -> a.getEventTime().toEpochMilli()).containsExactly(
          Tuple.tuple("inside", T0 + 2 * MINUTE),
          Tuple.tuple("cool", T0 + 2 * SECOND),
          Tuple.tuple("cool", T0 + MINUTE + 2 * SECOND));
    }
  }
}
