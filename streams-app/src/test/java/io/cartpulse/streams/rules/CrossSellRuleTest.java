package io.cartpulse.streams.rules;

import static io.cartpulse.streams.StreamsTestHarness.MINUTE;
import static io.cartpulse.streams.StreamsTestHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.alert.Alerts;
import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.streams.StreamsTestHarness;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** CROSS_SELL, ALERTS.md section 3, through the whole topology. */
class CrossSellRuleTest {
  private static final String PHONES = "electronics.smartphone";
  private static final String AUDIO = "electronics.audio";

  private final StreamsTestHarness h = new StreamsTestHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private void view(long t, String product, String category, String session) {
    h.view("u1", product, t, "10.00", category, session);
  }

  @Test
  void viewInAnotherCategoryJustUnderFiveMinutesLaterInTheSameSessionAlerts() {
    view(T0, "p1", PHONES, "s1");
    view(T0 + 5 * MINUTE - 1, "p2", AUDIO, "s1");

    List<Alert> alerts = h.readAlerts();

    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.getType()).isEqualTo(AlertType.CROSS_SELL);
      assertThat(a.getUserId()).isEqualTo("u1");
      assertThat(a.getProductId()).isEqualTo("p2");
      assertThat(a.getUserSession()).isEqualTo("s1");
      assertThat(a.getEventTime().toEpochMilli()).isEqualTo(T0 + 5 * MINUTE - 1);
      assertThat(a.getAttributes()).containsEntry("fromCategory", PHONES).containsEntry("toCategory", AUDIO)
          .hasSize(2);
      assertThat(a.getSource()).isEqualTo("streams-app");
      assertThat(a.getAlertId())
          .isEqualTo(Alerts.alertId(AlertType.CROSS_SELL, "u1", "p2", T0 + 5 * MINUTE - 1, null));
      assertThat(a.getMessage()).contains("u1").endsWith(".");
    });
  }

  @Test
  void exactlyFiveMinutesApartIsOutsideTheWindow() {
    view(T0, "p1", PHONES, "s1");
    view(T0 + 5 * MINUTE, "p2", AUDIO, "s1");

    assertThat(h.readAlerts()).isEmpty();
  }

  @Test
  void differentOrMissingSessionsDoNotCount() {
    view(T0, "p1", PHONES, "s1");
    view(T0 + MINUTE, "p2", AUDIO, "s2");
    view(T0 + 2 * MINUTE, "p3", PHONES, null);
    view(T0 + 3 * MINUTE, "p4", AUDIO, null);
    view(T0 + 4 * MINUTE, "p5", PHONES, "");
    view(T0 + 4 * MINUTE + 1, "p6", AUDIO, "");

    assertThat(h.readAlerts()).isEmpty();
  }

  @Test
  void sameOrMissingCategoriesDoNotCount() {
    view(T0, "p1", PHONES, "s1");
    view(T0 + MINUTE, "p2", PHONES, "s1");
    view(T0 + 2 * MINUTE, "p3", null, "s1");
    view(T0 + 3 * MINUTE, "p4", AUDIO, "s1");
    view(T0 + 4 * MINUTE, "p5", "", "s1");
    view(T0 + 4 * MINUTE + 1, "p6", PHONES, "s1");

    assertThat(h.readAlerts()).isEmpty();
  }

  @Test
  void thePreviousEventMustBeAViewWhateverItsType() {
    view(T0, "p1", PHONES, "s1");
    h.cart("u1", "p1", T0 + 10_000, "10.00", "s1");
    view(T0 + 20_000, "p2", AUDIO, "s1");
    h.purchase("u1", "p2", T0 + 30_000, "10.00");
    view(T0 + 40_000, "p3", PHONES, "s1");

    assertThat(h.readAlerts(AlertType.CROSS_SELL)).isEmpty();
  }

  @Test
  void invalidEventsAndOtherUsersNeverBecomeThePreviousEvent() {
    view(T0, "p1", PHONES, "s1");
    h.send(StreamsTestHarness.event("view", "u1", "p9", T0 + 10_000, "-1.00", "x.y", "s1"));
    h.send(StreamsTestHarness.event("teleport", "u1", "p9", T0 + 20_000, "1.00", "x.y", "s1"));
    h.view("u2", "p8", T0 + 30_000, "1.00", "apparel.shoes", "s1");
    view(T0 + 40_000, "p2", AUDIO, "s1");

    assertThat(h.readAlerts()).singleElement().satisfies(a -> assertThat(a.getAttributes())
        .containsEntry("fromCategory", PHONES).containsEntry("toCategory", AUDIO));
  }

  @Test
  void cooldownSuppressesForFiveMinutesAfterThePreviousCrossSell() {
    view(T0, "p1", PHONES, "s1");
    view(T0 + MINUTE, "p2", AUDIO, "s1"); // alert at 1m
    view(T0 + 2 * MINUTE, "p3", PHONES, "s1"); // 1m after the alert: suppressed
    view(T0 + 6 * MINUTE - 1, "p4", AUDIO, "s1"); // 4:59.999 after the alert: suppressed
    view(T0 + 6 * MINUTE, "p5", PHONES, "s1"); // exactly 5m after the alert: allowed

    List<Alert> alerts = h.readAlerts();

    assertThat(alerts).extracting(a -> a.getEventTime().toEpochMilli())
        .containsExactly(T0 + MINUTE, T0 + 6 * MINUTE);
    assertThat(alerts.get(1).getAttributes()).containsEntry("fromCategory", AUDIO)
        .containsEntry("toCategory", PHONES);
  }

  @Test
  void cooldownIsPerUser() {
    view(T0, "p1", PHONES, "s1");
    view(T0 + MINUTE, "p2", AUDIO, "s1");
    h.view("u2", "p1", T0 + MINUTE, "1.00", PHONES, "s9");
    h.view("u2", "p2", T0 + 2 * MINUTE, "1.00", AUDIO, "s9");

    assertThat(h.readAlerts()).extracting(Alert::getUserId).containsExactly("u1", "u2");
  }
}
