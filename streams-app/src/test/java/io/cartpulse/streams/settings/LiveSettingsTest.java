package io.cartpulse.streams.settings;

import static io.cartpulse.streams.StreamsTestHarness.MINUTE;
import static io.cartpulse.streams.StreamsTestHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.streams.StreamsTestHarness;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The streams-app following {@code rule-settings} while it runs (ALERTS.md section 8, "Live"),
 * through the whole topology: versions that arrive late, and records that are not versions.
 */
class LiveSettingsTest {
  private final StreamsTestHarness h = new StreamsTestHarness();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void aVersionThatArrivesAfterTheClockPassedItAppliesFromTheNextEventOn_nothingEmittedIsTakenBack() {
    h.cart("early", "p1", T0, "150.00"); // not above the default 200.00: no item
    h.purchase("buyer", "p1", T0 + MINUTE, "240.00"); // the 200 tier
    h.tick(T0 + 20 * MINUTE);
    List<Alert> before = h.readAlerts();
    assertThat(before).extracting(Alert::getType, a -> a.getAttributes().get("tier"))
        .containsExactly(tuple(AlertType.COUPON_ISSUED, "200"));

    // In force from T0, but the task's clock is at T0 + 20 min already.
    h.publish(1, T0, "cart-abandonment.min-price", "100.00", "coupon.tiers", "100,250");

    assertThat(h.alerts.isEmpty()).as("nothing re-evaluated, nothing retracted").isTrue();
    h.cart("late", "p1", T0 + 21 * MINUTE, "150.00"); // the next event: the new minimum applies
    h.purchase("buyer", "p2", T0 + 21 * MINUTE, "20.00"); // 240 -> 260: the new 250 tier, not 100 again
    h.tick(T0 + 40 * MINUTE);

    assertThat(h.readAlerts()).extracting(Alert::getType, Alert::getUserId, a -> a.getEventTime().toEpochMilli())
        .containsExactly(
            tuple(AlertType.COUPON_ISSUED, "buyer", T0 + 21 * MINUTE),
            tuple(AlertType.CART_ABANDONMENT, "late", T0 + 31 * MINUTE));
  }

  @Test
  void aVersionLateForADueItemDecidesIt_theDueTimeIsAfterItArrived() {
    h.cart("u1", "p1", T0, "250.00"); // due T0 + 10 min
    h.tick(T0 + 5 * MINUTE);
    h.publish(1, T0, "cart-abandonment.enabled", "false");
    h.tick(T0 + 15 * MINUTE);

    assertThat(h.readAlerts()).isEmpty();
  }

  @Test
  void recordsThatAreNotValidVersionsAreSkippedAndTheAppKeepsRunning() {
    h.rawSettings.pipeInput("1", "not avro".getBytes(StandardCharsets.UTF_8));
    h.publish(2, T0, "cart-abandonment.min-pirce", "100.00"); // unknown key
    h.publish(3, T0, "cart-abandonment.min-price", "100.001"); // bad value: more than 2 decimals
    h.publish(4, T0, "purchase-intent.min-views", "0"); // bad value: below 1
    h.publish(5, T0, "cart-abandonment.delay", "PT1M"); // a start-up key
    h.rawSettings.pipeInput("6", (byte[]) null); // a tombstone
    h.cart("u1", "p1", T0, "150.00");
    h.publish(7, T0 + MINUTE, "cart-abandonment.min-price", "100.00");
    h.cart("u2", "p1", T0 + MINUTE, "150.00");
    h.tick(T0 + 20 * MINUTE);

    assertThat(h.readAlerts()).extracting(Alert::getType, Alert::getUserId, a -> a.getEventTime().toEpochMilli())
        .containsExactly(tuple(AlertType.CART_ABANDONMENT, "u2", T0 + 11 * MINUTE));
    KeyValueStore<String, byte[]> store = h.store(RuleSettingsUpdater.STORE);
    List<String> kept = new ArrayList<>();
    try (var all = store.all()) {
      all.forEachRemaining((KeyValue<String, byte[]> entry) -> kept.add(entry.key));
    }
    assertThat(kept).containsExactly("7");
  }
}
