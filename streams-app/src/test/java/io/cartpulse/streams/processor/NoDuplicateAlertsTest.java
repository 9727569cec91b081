package io.cartpulse.streams.processor;

import static io.cartpulse.streams.StreamsTestHarness.MINUTE;
import static io.cartpulse.streams.StreamsTestHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.streams.StreamsTestHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No alert is emitted twice for the same type, user, product and event time (and tier, for
 * coupons: one purchase legitimately yields one alert per tier) when several things could each
 * release it: the wall-clock punctuator, the stream-time punctuator and the event at the due time;
 * or when records are delivered twice. (A task restart: ProcessorRestartTest.)
 */
class NoDuplicateAlertsTest {
  private static final long DUE = T0 + 10 * MINUTE;

  static String key(Alert a) {
    return a.getType() + "|" + a.getUserId() + "|" + a.getProductId() + "|" + a.getEventTime().toEpochMilli() + "|"
        + a.getAttributes().get("tier");
  }

  @Test
  void wallClockThenStreamTimeThenTheEventAtTheDueTimeReleaseTheItemOnce() {
    try (StreamsTestHarness h = new StreamsTestHarness()) {
      h.cart("u1", "p1", T0, "250.00", "s1");
      h.advanceWallClock(Duration.ofMinutes(10)); // the wall-clock punctuator moves the clock to DUE
      assertThat(h.readAlerts()).hasSize(1);

      h.cart("u1", "p1", T0, "250.00", "s1"); // the same cart again, now behind the clock
      h.remove("u1", "p1", DUE); // the user's own event at exactly the due time
      h.tick(DUE + MINUTE); // stream time passes the due time too
      h.advanceWallClock(Duration.ofHours(1));
      h.tick(DUE + 3 * 60 * MINUTE);

      assertThat(h.readAlerts()).isEmpty();
    }
  }

  @Test
  void theEventAtTheDueTimeThenBothPunctuatorsReleaseTheItemOnce() {
    try (StreamsTestHarness h = new StreamsTestHarness()) {
      h.cart("u1", "p1", T0, "250.00", "s1");
      h.advanceWallClock(Duration.ofMinutes(9).plusSeconds(59)); // the clock is 1 s short of DUE
      h.tick(DUE);
      h.advanceWallClock(Duration.ofMinutes(30));
      h.tick(DUE + 60 * MINUTE);

      assertThat(h.readAlerts()).singleElement()
          .satisfies(a -> assertThat(a.getEventTime().toEpochMilli()).isEqualTo(DUE));
    }
  }

  /** Re-delivery of single records (a producer retry, an at-least-once consumer): each record twice in a row. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void everyRecordDeliveredTwiceYieldsNoAlertTwice(long seed) {
    try (StreamsTestHarness h = new StreamsTestHarness()) {
      for (ClickEvent event : shopping(seed)) {
        h.send(event);
        h.send(ClickEvent.newBuilder(event).build());
      }
      h.advanceWallClock(Duration.ofHours(1));

      List<Alert> alerts = h.readAlerts();

      assertThat(alerts).extracting(NoDuplicateAlertsTest::key).doesNotHaveDuplicates();
      assertThat(alerts).extracting(Alert::getAlertId).doesNotHaveDuplicates();
      assertThat(alerts).extracting(Alert::getType).as("every rule fired").contains(AlertType.CROSS_SELL,
          AlertType.CART_ABANDONMENT, AlertType.PURCHASE_INTENT, AlertType.PRICE_SENSITIVITY, AlertType.COUPON_ISSUED);
    }
  }

  /** Time-ordered, dense activity of a few users on a few products: every rule fires several times. */
  static List<ClickEvent> shopping(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    String[] types = {"view", "view", "view", "view", "cart", "cart", "remove_from_cart", "purchase"};
    String[] prices = {"150.00", "200.00", "250.00", "240.00", "300.00", "600.00"};
    String[] categories = {"electronics.smartphone", "electronics.audio", "apparel.shoes"};
    List<ClickEvent> events = new ArrayList<>();
    long t = T0;
    for (int i = 0; i < 600; i++) {
      t += random.nextInt(4) * 20_000L;
      int user = random.nextInt(3);
      events.add(StreamsTestHarness.event(types[random.nextInt(types.length)], "u" + user, "p" + random.nextInt(3),
          t, prices[random.nextInt(prices.length)], categories[random.nextInt(categories.length)], "s" + user));
    }
    return events;
  }
}
