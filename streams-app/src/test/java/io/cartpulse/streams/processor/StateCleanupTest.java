package io.cartpulse.streams.processor;

import static io.cartpulse.streams.StreamsTestHarness.MINUTE;
import static io.cartpulse.streams.StreamsTestHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.AlertType;
import io.cartpulse.streams.StreamsTestHarness;
import io.cartpulse.streams.rules.StateInspection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** Bounded state: every store entry leaves once the windows that need it have passed. */
class StateCleanupTest {

  /** Activity touching every rule and every kind of remembered fact, for several users. */
  private static void shop(StreamsTestHarness h) {
    for (int u = 0; u < 5; u++) {
      String user = "u" + u;
      long t = T0 + u * MINUTE;
      h.view(user, "p1", t, "300.00", "electronics.smartphone", "s" + u);
      h.view(user, "p2", t + 1000, "250.00", "electronics.audio", "s" + u);
      h.view(user, "p2", t + 2000, "240.00", "electronics.audio", "s" + u);
      h.view(user, "p2", t + 3000, "240.00", "electronics.audio", "s" + u);
      h.view(user, "p2", t + 4000, "240.00", "electronics.audio", "s" + u);
      h.cart(user, "p2", t + 5000, "240.00");
      h.cart(user, "p3", t + 6000, "500.00");
      h.purchase(user, "p4", t + 7000, "700.00");
    }
  }

  private static <K, V> List<K> keys(KeyValueStore<K, V> store) {
    List<K> keys = new ArrayList<>();
    try (KeyValueIterator<K, V> it = store.all()) {
      it.forEachRemaining(kv -> keys.add(kv.key));
    }
    return keys;
  }

  @Test
  void afterEveryWindowAndTheDayHavePassedBothStoresAreEmpty() {
    try (StreamsTestHarness h = new StreamsTestHarness()) {
      shop(h);
      KeyValueStore<String, byte[]> users = h.store(ShopperAlertsProcessor.USER_STATE_STORE);
      KeyValueStore<Object, byte[]> deadlines = h.store(ShopperAlertsProcessor.DEADLINE_STORE);
      assertThat(keys(users)).hasSize(5);
      // users with an open abandonment item never expire until it is emitted: not in the expiry index yet
      assertThat(keys(h.<Object, byte[]>store(ShopperAlertsProcessor.EXPIRY_STORE))).isEmpty();
      assertThat(keys(deadlines)).hasSize(10); // p2 at 240.00 and p3 at 500.00 per user
      assertThat(h.readAlerts()).extracting(a -> a.getType()).contains(AlertType.CROSS_SELL,
          AlertType.PURCHASE_INTENT, AlertType.PRICE_SENSITIVITY, AlertType.COUPON_ISSUED);

      // No more traffic: the wall clock carries the clock past every window and past midnight.
      h.advanceWallClock(Duration.ofHours(25));

      assertThat(h.readAlerts(AlertType.CART_ABANDONMENT)).hasSize(10);
      assertThat(keys(users)).isEmpty();
      assertThat(keys(deadlines)).isEmpty();
      assertThat(keys(h.<Object, byte[]>store(ShopperAlertsProcessor.EXPIRY_STORE))).isEmpty();
    }
  }

  @Test
  void withEventsOnlyQuietUsersLeaveAtTheSweepAndCouponStateLeavesWithItsDay() {
    try (StreamsTestHarness h = new StreamsTestHarness(
        StreamsTestHarness.props("clock.wall-clock-advance", "false"))) {
      shop(h);
      KeyValueStore<String, byte[]> users = h.store(ShopperAlertsProcessor.USER_STATE_STORE);

      // 30 minutes later: every window has passed, but the coupon spend of the day is still kept.
      h.tick(T0 + 30 * MINUTE);
      h.tick(T0 + 36 * MINUTE);
      assertThat(keys(users)).containsExactlyInAnyOrder("u0", "u1", "u2", "u3", "u4", "clock-mover");
      assertThat(StateInspection.couponSpendCents(h.config, users.get("u0"))).isEqualTo(70_000);

      // Next day: the day is over, the sweep removes everyone but the user whose event moved the clock.
      h.tick(T0 + 24 * 60 * MINUTE + 10 * MINUTE);
      assertThat(keys(users)).containsExactly("clock-mover");
      assertThat(keys(h.<Object, byte[]>store(ShopperAlertsProcessor.DEADLINE_STORE))).isEmpty();
      assertThat(keys(h.<Object, byte[]>store(ShopperAlertsProcessor.EXPIRY_STORE))).as("one entry per user")
          .hasSize(1);
    }
  }

  @Test
  void anActiveUsersValueOnlyHoldsWhatItsWindowsStillNeed() {
    try (StreamsTestHarness h = new StreamsTestHarness()) {
      KeyValueStore<String, byte[]> users = h.store(ShopperAlertsProcessor.USER_STATE_STORE);
      // a bot viewing one product every 10 seconds for two hours
      for (int i = 0; i < 720; i++) {
        h.view("bot", "p" + (i % 50), T0 + i * 10_000L, "10.00");
      }

      // 15-minute window at one view per 10 s: at most 90 views across at most 50 products
      assertThat(StateInspection.purchaseIntentViews(h.config, users.get("bot"))).isEqualTo(90);
      assertThat(users.get("bot").length).isLessThan(4096);
    }
  }

  @Test
  void emptyKeyValuesAreNeverWritten() {
    try (StreamsTestHarness h = new StreamsTestHarness()) {
      h.view("u1", "p1", T0, "1.00");
      KeyValueStore<String, byte[]> users = h.store(ShopperAlertsProcessor.USER_STATE_STORE);
      List<KeyValue<String, byte[]>> all = new ArrayList<>();
      try (KeyValueIterator<String, byte[]> it = users.all()) {
        it.forEachRemaining(all::add);
      }
      assertThat(all).singleElement().satisfies(kv -> assertThat(kv.value.length).isGreaterThan(9));
    }
  }
}
