package io.cartpulse.streams.processor;

import static io.cartpulse.streams.StreamsTestHarness.MINUTE;
import static io.cartpulse.streams.StreamsTestHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.streams.StreamsTestHarness;
import java.time.Instant;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The clock rules of ALERTS.md section 2 that are not specific to one rule: event time (not the
 * record timestamp), the clock as the largest event time seen, and "an event at t >= E first lets
 * every result due at or before t out, and only then is evaluated itself".
 */
class ClockRulesTest {
  private static final long DUE = T0 + 10 * MINUTE;

  // Wall-clock advance off: only events move the clock, so every emission below is caused by one.
  private final StreamsTestHarness h =
      new StreamsTestHarness(StreamsTestHarness.props("clock.wall-clock-advance", "false"));

  @AfterEach
  void close() {
    h.close();
  }

  private long persistedClock() {
    return h.<String, Long>store(ShopperAlertsProcessor.CLOCK_STORE).get(ShopperAlertsProcessor.CLOCK_KEY);
  }

  @Test
  void resultsDueAtAnEventsTimeLeaveBeforeThatEventIsEvaluated() {
    h.cart("u1", "p1", T0, "250.00", "s1");
    // The same user's purchase at exactly the due time: the abandonment goes out first, then the
    // purchase is evaluated (its coupons follow, and it can no longer close the item).
    h.purchase("u1", "p2", DUE, "1200.00");

    assertThat(h.readAlerts()).extracting(Alert::getType, a -> a.getEventTime().toEpochMilli()).containsExactly(
        org.assertj.core.groups.Tuple.tuple(AlertType.CART_ABANDONMENT, DUE),
        org.assertj.core.groups.Tuple.tuple(AlertType.COUPON_ISSUED, DUE),
        org.assertj.core.groups.Tuple.tuple(AlertType.COUPON_ISSUED, DUE),
        org.assertj.core.groups.Tuple.tuple(AlertType.COUPON_ISSUED, DUE));
  }

  @Test
  void resultsDueBeforeAnEventLeaveInDueOrderBeforeIt() {
    h.cart("u2", "p2", T0 + MINUTE, "250.00", "s2");
    h.cart("u1", "p1", T0, "250.00", "s1"); // arrives later, due earlier
    h.purchase("u3", "p3", DUE + 5 * MINUTE, "200.00");

    assertThat(h.readAlerts()).extracting(Alert::getType, Alert::getUserId).containsExactly(
        org.assertj.core.groups.Tuple.tuple(AlertType.CART_ABANDONMENT, "u1"),
        org.assertj.core.groups.Tuple.tuple(AlertType.CART_ABANDONMENT, "u2"),
        org.assertj.core.groups.Tuple.tuple(AlertType.COUPON_ISSUED, "u3"));
  }

  @Test
  void theClockIsTheLargestEventTimeSoALateEventNeitherMovesItBackNorWaits() {
    h.tick(T0 + 20 * MINUTE);
    h.tick(T0 + MINUTE); // late: the clock stays at T0 + 20 min
    assertThat(persistedClock()).isEqualTo(T0 + 20 * MINUTE);

    // A late cart whose due time the clock has already reached: emitted at once, with no further event.
    h.cart("u2", "p2", T0 + 5 * MINUTE, "250.00", "s2");

    assertThat(h.readAlerts()).singleElement().satisfies(a -> {
      assertThat(a.getType()).isEqualTo(AlertType.CART_ABANDONMENT);
      assertThat(a.getEventTime().toEpochMilli()).isEqualTo(T0 + 15 * MINUTE);
    });
    assertThat(persistedClock()).isEqualTo(T0 + 20 * MINUTE);
  }

  @Test
  void aLateCartDueJustAfterTheClockWaitsForTheClock() {
    h.tick(T0 + 20 * MINUTE);
    h.cart("u2", "p2", T0 + 10 * MINUTE + 1, "250.00", "s2"); // due 1 ms after the clock
    assertThat(h.readAlerts()).isEmpty();

    h.tick(T0 + 20 * MINUTE + 1);

    assertThat(h.readAlerts()).extracting(a -> a.getEventTime().toEpochMilli())
        .containsExactly(T0 + 20 * MINUTE + 1);
  }

  @Test
  void rulesRunOnTheEventTimeNotOnTheRecordTimestamp() {
    // Kafka timestamps that disagree with the events' own times in both directions.
    pipe(StreamsTestHarness.event("cart", "u1", "p1", T0, "250.00", null, "s1"), T0 + 60 * MINUTE);
    pipe(StreamsTestHarness.event("view", "u9", "p9", DUE - 1, "1.00", null, "s9"), 0);
    assertThat(h.readAlerts()).isEmpty();

    pipe(StreamsTestHarness.event("view", "u9", "p9", DUE, "1.00", null, "s9"), 0);

    assertThat(h.readAlerts()).singleElement()
        .satisfies(a -> assertThat(a.getEventTime().toEpochMilli()).isEqualTo(DUE));
  }

  private void pipe(ClickEvent event, long recordTimestamp) {
    h.clicks.pipeInput(new TestRecord<>(event.getUserId(), event, Instant.ofEpochMilli(recordTimestamp)));
  }
}
