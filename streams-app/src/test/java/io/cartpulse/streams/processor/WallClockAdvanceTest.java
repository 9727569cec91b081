package io.cartpulse.streams.processor;

import static io.cartpulse.streams.StreamsTestHarness.MINUTE;
import static io.cartpulse.streams.StreamsTestHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.AlertType;
import io.cartpulse.streams.StreamsTestHarness;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** ALERTS.md section 2: a quiet partition keeps its clock moving by wall-clock progress. */
class WallClockAdvanceTest {

  @Test
  void aDueAbandonmentFiresWithNoNewTrafficOnceEnoughWallTimePassed() {
    try (StreamsTestHarness h = new StreamsTestHarness()) {
      h.cart("u1", "p1", T0, "250.00", "s1");
      h.advanceWallClock(Duration.ofMinutes(10).minusSeconds(2));
      assertThat(h.readAlerts()).isEmpty();

      h.advanceWallClock(Duration.ofSeconds(2));

      assertThat(h.readAlerts()).singleElement().satisfies(a -> {
        assertThat(a.getType()).isEqualTo(AlertType.CART_ABANDONMENT);
        assertThat(a.getEventTime().toEpochMilli()).isEqualTo(T0 + 10 * MINUTE);
      });
    }
  }

  @Test
  void wallTimeCountsFromTheLastRecord() {
    try (StreamsTestHarness h = new StreamsTestHarness()) {
      h.cart("u1", "p1", T0, "250.00", "s1");
      h.advanceWallClock(Duration.ofMinutes(6));
      h.view("u2", "p2", T0 + MINUTE, "1.00"); // late against the advanced clock; the clock stays at T0+6m
      h.advanceWallClock(Duration.ofMinutes(3));
      assertThat(h.readAlerts()).isEmpty();

      h.advanceWallClock(Duration.ofMinutes(1));

      assertThat(h.readAlerts()).hasSize(1);
    }
  }

  @Test
  void anEventAfterTheWallClockMovedTheClockPastTheDueTimeCannotCancelIt() {
    try (StreamsTestHarness h = new StreamsTestHarness()) {
      h.cart("u1", "p1", T0, "250.00", "s1");
      h.advanceWallClock(Duration.ofMinutes(11));
      h.purchase("u1", "p1", T0 + 5 * MINUTE, "250.00"); // event time before the due time, but too late

      assertThat(h.readAlerts(AlertType.CART_ABANDONMENT)).hasSize(1);
    }
  }

  @Test
  void withWallClockAdvanceOffOnlyEventsMoveTheClock() {
    try (StreamsTestHarness h = new StreamsTestHarness(
        StreamsTestHarness.props("clock.wall-clock-advance", "false"))) {
      h.cart("u1", "p1", T0, "250.00", "s1");
      h.advanceWallClock(Duration.ofHours(1));
      assertThat(h.readAlerts()).isEmpty();

      h.tick(T0 + 10 * MINUTE);
      assertThat(h.readAlerts()).hasSize(1);
    }
  }
}
