package io.cartpulse.streams.upgrade;

import static io.cartpulse.streams.StreamsTestHarness.MINUTE;
import static io.cartpulse.streams.StreamsTestHarness.SECOND;
import static io.cartpulse.streams.StreamsTestHarness.event;

import io.cartpulse.avro.ClickEvent;
import java.time.Instant;
import java.util.List;

/**
 * The input of the state-upgrade tests, in two halves. The first half leaves something in every
 * part of a user's state when the store is written (views counting towards PURCHASE_INTENT and
 * PRICE_SENSITIVITY, a cooldown in force, an open CART_ABANDONMENT item, an emitted one with its
 * guard, a day's coupon spend, a previous view for CROSS_SELL); the second half needs each of
 * those facts to give the right alerts after the store is restored by another release.
 */
final class UpgradeScenario {
  static final long T = Instant.parse("2019-10-01T10:00:00Z").toEpochMilli();

  private UpgradeScenario() {}

  /** Written by the old release; its clock ends at T + 10 min. */
  static List<ClickEvent> before() {
    return List.of(
        purchase("u-coupon", "p-x", T, "150.00"),
        cart("u-guard", "p-g", T, "300.00"),
        view("u-cool", "p-c", T + 5 * MINUTE, "10.00"),
        view("u-cool", "p-c", T + 6 * MINUTE, "10.00"),
        view("u-cool", "p-c", T + 7 * MINUTE, "10.00"),
        view("u-intent", "p-i", T + 8 * MINUTE, "10.00"),
        view("u-price", "p-s", T + 8 * MINUTE, "50.00"),
        view("u-cool", "p-c", T + 8 * MINUTE, "10.00"),
        view("u-intent", "p-i", T + 9 * MINUTE, "10.00"),
        view("u-price", "p-s", T + 9 * MINUTE, "40.00"),
        cart("u-cart", "p-a", T + 9 * MINUTE, "250.00"),
        view("u-intent", "p-i", T + 9 * MINUTE + 30 * SECOND, "10.00"),
        event("view", "u-cross", "p-1", T + 9 * MINUTE + 30 * SECOND, "99.00", "electronics.smartphone", "s1"),
        view("u-tick", "p-t", T + 10 * MINUTE, "1.00"));
  }

  /** Read by the new release from the restored store. */
  static List<ClickEvent> after() {
    return List.of(
        view("u-intent", "p-i", T + 11 * MINUTE, "10.00"),
        event("view", "u-cross", "p-2", T + 11 * MINUTE, "59.00", "appliances.kitchen", "s1"),
        view("u-cool", "p-c", T + 12 * MINUTE, "10.00"),
        cart("u-price", "p-s", T + 12 * MINUTE, "40.00"),
        purchase("u-coupon", "p-y", T + 13 * MINUTE, "60.00"),
        // A replay of the cart whose item was already alerted on: its guard must survive the upgrade.
        cart("u-guard", "p-g", T, "300.00"),
        view("u-tick", "p-t", T + 20 * MINUTE, "1.00"));
  }

  private static ClickEvent view(String user, String product, long time, String price) {
    return event("view", user, product, time, price, "electronics.smartphone", "s-" + user);
  }

  private static ClickEvent cart(String user, String product, long time, String price) {
    return event("cart", user, product, time, price, "electronics.smartphone", "s-" + user);
  }

  private static ClickEvent purchase(String user, String product, long time, String price) {
    return event("purchase", user, product, time, price, "electronics.smartphone", "s-" + user);
  }
}
