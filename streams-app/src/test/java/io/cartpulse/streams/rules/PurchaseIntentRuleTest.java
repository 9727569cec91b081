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

/** PURCHASE_INTENT, ALERTS.md section 3, through the whole topology. */
class PurchaseIntentRuleTest {
  private final StreamsTestHarness h = new StreamsTestHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private void views(String product, long... times) {
    for (long t : times) {
      h.view("u1", product, t, "10.00");
    }
  }

  private List<Alert> intents() {
    return h.readAlerts(AlertType.PURCHASE_INTENT);
  }

  @Test
  void theFourthViewWithinFifteenMinutesAlerts() {
    views("p1", T0, T0 + MINUTE, T0 + 2 * MINUTE);
    assertThat(intents()).isEmpty();

    views("p1", T0 + 3 * MINUTE);

    assertThat(intents()).singleElement().satisfies(a -> {
      assertThat(a.getUserId()).isEqualTo("u1");
      assertThat(a.getProductId()).isEqualTo("p1");
      assertThat(a.getUserSession()).isEqualTo("s-u1");
      assertThat(a.getEventTime().toEpochMilli()).isEqualTo(T0 + 3 * MINUTE);
      assertThat(a.getAttributes()).containsExactlyEntriesOf(java.util.Map.of("views", "4"));
      assertThat(a.getAlertId()).isEqualTo(Alerts.alertId(AlertType.PURCHASE_INTENT, "u1", "p1", T0 + 3 * MINUTE, null));
    });
  }

  @Test
  void aViewExactlyFifteenMinutesOldNoLongerCounts() {
    views("p1", T0, T0 + 5 * MINUTE, T0 + 10 * MINUTE, T0 + 15 * MINUTE);

    assertThat(intents()).isEmpty();
  }

  @Test
  void aViewJustUnderFifteenMinutesOldStillCounts() {
    views("p1", T0, T0 + 5 * MINUTE, T0 + 10 * MINUTE, T0 + 15 * MINUTE - 1);

    assertThat(intents()).hasSize(1);
  }

  @Test
  void viewsOfOtherProductsOrUsersDoNotCount() {
    views("p1", T0, T0 + MINUTE);
    views("p2", T0 + 2 * MINUTE);
    h.view("u2", "p1", T0 + 2 * MINUTE, "10.00");
    views("p1", T0 + 3 * MINUTE);

    assertThat(intents()).isEmpty();
  }

  @Test
  void aPurchaseOfTheProductWithinFifteenMinutesBlocks() {
    h.purchase("u1", "p1", T0, "10.00");
    views("p1", T0 + MINUTE, T0 + 2 * MINUTE, T0 + 3 * MINUTE, T0 + 15 * MINUTE - 1);

    assertThat(intents()).isEmpty();
  }

  @Test
  void aPurchaseExactlyFifteenMinutesBeforeNoLongerBlocks() {
    h.purchase("u1", "p1", T0, "10.00");
    views("p1", T0 + MINUTE, T0 + 2 * MINUTE, T0 + 3 * MINUTE, T0 + 4 * MINUTE); // blocked
    views("p1", T0 + 15 * MINUTE);

    assertThat(intents()).singleElement().satisfies(a -> {
      assertThat(a.getEventTime().toEpochMilli()).isEqualTo(T0 + 15 * MINUTE);
      assertThat(a.getAttributes()).containsEntry("views", "5");
    });
  }

  @Test
  void aPurchaseOfAnotherProductDoesNotBlock() {
    h.purchase("u1", "p2", T0, "10.00");
    views("p1", T0 + MINUTE, T0 + 2 * MINUTE, T0 + 3 * MINUTE, T0 + 4 * MINUTE);

    assertThat(intents()).hasSize(1);
  }

  @Test
  void cooldownIsFifteenMinutesPerProduct() {
    views("p1", T0, T0 + MINUTE, T0 + 2 * MINUTE, T0 + 3 * MINUTE); // alert at 3m
    views("p1", T0 + 4 * MINUTE, T0 + 5 * MINUTE, T0 + 18 * MINUTE - 1); // >= 4 views in window, but cooldown
    views("p2", T0 + 4 * MINUTE, T0 + 5 * MINUTE, T0 + 6 * MINUTE, T0 + 7 * MINUTE); // other product: alert
    views("p1", T0 + 18 * MINUTE); // exactly 15m after the alert

    List<Alert> alerts = intents();

    assertThat(alerts).extracting(Alert::getProductId, a -> a.getEventTime().toEpochMilli())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("p1", T0 + 3 * MINUTE),
            org.assertj.core.groups.Tuple.tuple("p2", T0 + 7 * MINUTE),
            org.assertj.core.groups.Tuple.tuple("p1", T0 + 18 * MINUTE));
    // at 18m: the views at 4m, 5m, 17:59.999 and 18m are within 15 minutes (3m is exactly 15m old)
    assertThat(alerts.get(2).getAttributes()).containsEntry("views", "4");
  }
}
