package io.cartpulse.streams.rules;

import static io.cartpulse.streams.StreamsTestHarness.MINUTE;
import static io.cartpulse.streams.StreamsTestHarness.SECOND;
import static io.cartpulse.streams.StreamsTestHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.click.EventType;
import io.cartpulse.streams.StreamsTestHarness;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The streams-app rows of the ALERTS.md section 8 table at their boundaries, through the whole
 * topology with the versions on {@code rule-settings}. Most tests publish a version at E that
 * changes a rule and one at E + 1 that changes it back, then evaluate three users at E - 1 (a
 * version whose effectiveFrom is t + 1 does not apply), E (effectiveFrom == t applies) and E + 1.
 */
class SettingsAtEventTimeTest {
  private static final long E = T0 + 30 * MINUTE;
  private static final String A = "electronics.smartphone";
  private static final String B = "electronics.audio";

  private final StreamsTestHarness h = new StreamsTestHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private void crossSellPair(String user, long t2) {
    h.view(user, "p1", t2 - SECOND, "1.00", A, "s").view(user, "p2", t2, "1.00", B, "s");
  }

  private void views(String user, long last, int count) {
    for (int i = count - 1; i >= 0; i--) {
      h.view(user, "p1", last - i * SECOND, "1.00");
    }
  }

  private void priceDropThenCart(String user, long cart) {
    h.view(user, "p1", cart - 2 * SECOND, "30.00").view(user, "p1", cart - SECOND, "25.00").cart(user, "p1", cart, "25.00");
  }

  @Test
  void crossSellIsDecidedWithTheSettingsAtTheViewsTime() {
    h.publish(1, E, "cross-sell.enabled", "false").publish(2, E + 1, "cross-sell.enabled", "true");
    crossSellPair("before", E - 1);
    crossSellPair("at", E);
    crossSellPair("after", E + 1);

    assertThat(h.readAlerts(AlertType.CROSS_SELL)).extracting(Alert::getUserId).containsExactly("before", "after");
  }

  @Test
  void purchaseIntentsMinimumIsReadAtTheViewsTime() {
    h.publish(1, E, "purchase-intent.min-views", "2").publish(2, E + 1, "purchase-intent.min-views", "4");
    views("before", E - 1, 2);
    views("at", E, 2);
    views("after", E + 1, 2);

    assertThat(h.readAlerts(AlertType.PURCHASE_INTENT)).extracting(Alert::getUserId,
        a -> a.getEventTime().toEpochMilli(), a -> a.getAttributes().get("views")).containsExactly(tuple("at", E, "2"));
  }

  @Test
  void purchaseIntentIsEnabledOrNotAtTheViewsTime() {
    h.publish(1, E, "purchase-intent.enabled", "false").publish(2, E + 1, "purchase-intent.enabled", "true");
    views("before", E - 1, 4);
    views("at", E, 4);
    views("after", E + 1, 4);

    assertThat(h.readAlerts(AlertType.PURCHASE_INTENT)).extracting(Alert::getUserId).containsExactly("before", "after");
  }

  @Test
  void priceSensitivityIsEnabledOrNotAtTheCartsTime() {
    h.publish(1, E, "price-sensitivity.enabled", "false").publish(2, E + 1, "price-sensitivity.enabled", "true");
    priceDropThenCart("before", E - 1);
    priceDropThenCart("at", E);
    priceDropThenCart("after", E + 1);

    assertThat(h.readAlerts(AlertType.PRICE_SENSITIVITY)).extracting(Alert::getUserId)
        .containsExactly("before", "after");
  }

  @Test
  void cartAbandonmentsMinimumPriceIsReadAtTheCartsTime() {
    h.publish(1, E, "cart-abandonment.min-price", "100.00").publish(2, E + 1, "cart-abandonment.min-price", "200.00");
    h.cart("before", "p1", E - 1, "150.00").cart("at", "p1", E, "150.00").cart("after", "p1", E + 1, "150.00");
    h.tick(E + 20 * MINUTE);

    assertThat(h.readAlerts(AlertType.CART_ABANDONMENT)).extracting(Alert::getUserId,
        a -> a.getEventTime().toEpochMilli()).containsExactly(tuple("at", E + 10 * MINUTE));
  }

  @Test
  void whetherACartRestartsAnOpenItemIsDecidedAtThatCartsTime() {
    h.publish(1, E, "cart-abandonment.min-price", "300.00").publish(2, E + 1, "cart-abandonment.min-price", "200.00");
    h.cart("kept", "p1", E - MINUTE, "250.00").cart("kept", "p1", E, "250.00"); // not above 300.00 at E: no restart
    h.cart("restarted", "p1", E + 1 - MINUTE, "250.00").cart("restarted", "p1", E + 1, "250.00");
    h.tick(E + 20 * MINUTE);

    assertThat(h.readAlerts(AlertType.CART_ABANDONMENT)).extracting(Alert::getUserId,
        a -> a.getEventTime().toEpochMilli()).containsExactly(
        tuple("kept", E + 9 * MINUTE), tuple("restarted", E + 1 + 10 * MINUTE));
  }

  @Test
  void cartAbandonmentIsEnabledOrNotAtTheDueTimeNotAtTheCartsTime() {
    // Due times E - 1, E, E + 1: disabled exactly at E.
    h.publish(1, E, "cart-abandonment.enabled", "false").publish(2, E + 1, "cart-abandonment.enabled", "true");
    // Disabled at the cart's time (E + 20 min), enabled at its due time (E + 30 min).
    h.publish(3, E + 20 * MINUTE, "cart-abandonment.enabled", "false")
        .publish(4, E + 25 * MINUTE, "cart-abandonment.enabled", "true");
    long cart = E - 10 * MINUTE;
    h.cart("before", "p1", cart - 1, "250.00").cart("at", "p1", cart, "250.00").cart("after", "p1", cart + 1, "250.00");
    h.cart("late-enabled", "p1", E + 20 * MINUTE, "250.00");
    h.tick(E + 40 * MINUTE);

    assertThat(h.readAlerts(AlertType.CART_ABANDONMENT)).extracting(Alert::getUserId,
        a -> a.getEventTime().toEpochMilli()).containsExactly(tuple("before", E - 1), tuple("after", E + 1),
        tuple("late-enabled", E + 30 * MINUTE));
  }

  @Test
  void aDueItemClosesEvenWhenItsTypeIsDisabled() {
    CartAbandonmentRule rule = new CartAbandonmentRule(RecordingRuleContext.setup(Map.of()));
    CartAbandonmentRule.Slice slice = rule.newSlice();
    RecordingRuleContext ctx = new RecordingRuleContext()
        .version(1, 10 * MINUTE, Map.of("cart-abandonment.enabled", "false"))
        .version(2, 10 * MINUTE + 1, Map.of("cart-abandonment.enabled", "true"));
    rule.onEvent(new Click(EventType.CART, 0, "u1", "p", null, "s", 25_000), slice, ctx.at(0));

    rule.onDue(slice, ctx.at(10 * MINUTE));

    assertThat(ctx.drain()).as("disabled at its due time").isEmpty();
    assertThat(slice.products.get("p").open).as("closed all the same").isFalse();
    assertThat(slice.products.get("p").lastDue).isEqualTo(10 * MINUTE);
    rule.onDue(slice, ctx.at(20 * MINUTE));
    assertThat(ctx.drain()).as("enabled again: the closed item never comes back").isEmpty();
    rule.onEvent(new Click(EventType.PURCHASE, 20 * MINUTE, "u1", "p", null, "s", 1), slice, ctx.at(20 * MINUTE));
    assertThat(ctx.wakes).containsExactly("+" + 10 * MINUTE + " p");
  }

  @Test
  void couponTiersAreReadAtThePurchasesTime() {
    h.publish(1, E, "coupon.tiers", "300, 100").publish(2, E + 1, "coupon.tiers", "200,500,1000");
    h.purchase("before", "p1", E - 1, "150.00").purchase("at", "p1", E, "150.00").purchase("after", "p1", E + 1, "150.00");

    assertThat(h.readAlerts(AlertType.COUPON_ISSUED)).extracting(Alert::getUserId, a -> a.getAttributes().get("tier"),
        a -> a.getAttributes().get("spend")).containsExactly(tuple("at", "100", "150.00"));
  }

  @Test
  void couponIsEnabledOrNotAtThePurchasesTime_spendCountsEitherWay() {
    h.publish(1, E, "coupon.enabled", "false").publish(2, E + 1, "coupon.enabled", "true");
    h.purchase("before", "p1", E - 1, "250.00");
    h.purchase("spender", "p1", E, "250.00"); // disabled: no 200 tier, but 250.00 spent
    h.purchase("spender", "p2", E + 1, "300.00"); // 250 -> 550: the 500 tier only

    assertThat(h.readAlerts(AlertType.COUPON_ISSUED)).extracting(Alert::getUserId, a -> a.getAttributes().get("tier"),
        a -> a.getAttributes().get("spend")).containsExactly(tuple("before", "200", "250.00"),
        tuple("spender", "500", "550.00"));
  }

  @Test
  void anAlertNotEmittedBecauseItsTypeIsDisabledStartsNoCooldown() {
    h.publish(1, E, "cross-sell.enabled", "false", "purchase-intent.enabled", "false",
        "price-sensitivity.enabled", "false");
    h.publish(2, E + 1, "cross-sell.enabled", "true", "purchase-intent.enabled", "true",
        "price-sensitivity.enabled", "true");
    crossSellPair("cross", E);
    h.view("cross", "p3", E + 1, "1.00", A, "s"); // B -> A, 1 ms after the one that was not emitted
    views("intent", E, 4);
    h.view("intent", "p1", E + 1, "1.00");
    priceDropThenCart("price", E);
    h.cart("price", "p1", E + 1, "25.00");

    assertThat(h.readAlerts()).filteredOn(a -> a.getType() != AlertType.CART_ABANDONMENT)
        .extracting(Alert::getType, Alert::getUserId, a -> a.getEventTime().toEpochMilli()).containsExactlyInAnyOrder(
            tuple(AlertType.CROSS_SELL, "cross", E + 1),
            tuple(AlertType.PURCHASE_INTENT, "intent", E + 1),
            tuple(AlertType.PRICE_SENSITIVITY, "price", E + 1));
  }

  @Test
  void aLateEventIsDecidedWithTheSettingsAtItsOwnTimeNotAtTheClock() {
    h.publish(1, E, "cart-abandonment.min-price", "100.00", "coupon.tiers", "100", "purchase-intent.min-views", "2");
    h.tick(E + MINUTE); // the clock is past E: the events below arrive late, at E - 1
    h.cart("u1", "p1", E - 1, "150.00");
    h.purchase("u2", "p1", E - 1, "150.00");
    views("u3", E - 1, 2);
    h.cart("u4", "p1", E, "150.00"); // also late, but at E: the version applies
    h.tick(E + 20 * MINUTE);

    assertThat(h.readAlerts()).extracting(Alert::getType, Alert::getUserId)
        .containsExactly(tuple(AlertType.CART_ABANDONMENT, "u4"));
  }

  @Test
  void versionsWithTheSameEffectiveFromApplyInOrderOfVersion() {
    // Published out of order: the engine orders by effectiveFrom, then version, not by arrival.
    h.publish(2, E, "cart-abandonment.min-price", "100.00", "coupon.tiers", "100");
    h.publish(1, E, "cart-abandonment.min-price", "300.00");
    h.cart("u1", "p1", E, "150.00");
    h.purchase("u2", "p1", E, "150.00");
    h.tick(E + 10 * MINUTE);

    assertThat(h.readAlerts()).extracting(Alert::getType, Alert::getUserId).containsExactlyInAnyOrder(
        tuple(AlertType.COUPON_ISSUED, "u2"), tuple(AlertType.CART_ABANDONMENT, "u1"));
  }
}
