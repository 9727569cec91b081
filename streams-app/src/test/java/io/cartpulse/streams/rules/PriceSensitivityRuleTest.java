package io.cartpulse.streams.rules;

import static io.cartpulse.streams.StreamsTestHarness.MINUTE;
import static io.cartpulse.streams.StreamsTestHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.alert.Alerts;
import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.streams.StreamsTestHarness;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PRICE_SENSITIVITY, ALERTS.md section 3, through the whole topology. */
class PriceSensitivityRuleTest {
  private final StreamsTestHarness h = new StreamsTestHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private List<Alert> sensitivity() {
    return h.readAlerts(AlertType.PRICE_SENSITIVITY);
  }

  @Test
  void aCartAfterAPriceDropAlerts() {
    h.view("u1", "p1", T0, "300.00");
    h.view("u1", "p1", T0 + MINUTE, "250.00");
    h.cart("u1", "p1", T0 + 2 * MINUTE, "250.00", "s7");

    assertThat(sensitivity()).singleElement().satisfies(a -> {
      assertThat(a.getUserId()).isEqualTo("u1");
      assertThat(a.getProductId()).isEqualTo("p1");
      assertThat(a.getUserSession()).isEqualTo("s7");
      assertThat(a.getEventTime().toEpochMilli()).isEqualTo(T0 + 2 * MINUTE);
      assertThat(a.getAttributes()).containsExactlyInAnyOrderEntriesOf(
          Map.of("priceBefore", "300.00", "priceAfter", "250.00"));
      assertThat(a.getAlertId())
          .isEqualTo(Alerts.alertId(AlertType.PRICE_SENSITIVITY, "u1", "p1", T0 + 2 * MINUTE, null));
    });
  }

  @Test
  void risingOrEqualPricesOrACheaperViewFirstDoNotAlert() {
    h.view("u1", "p1", T0, "100.00");
    h.view("u1", "p1", T0 + 10_000, "100.00");
    h.view("u1", "p1", T0 + 20_000, "150.00");
    h.cart("u1", "p1", T0 + 30_000, "150.00");

    assertThat(sensitivity()).isEmpty();
  }

  @Test
  void theCheaperViewMustComeLaterInArrivalOrder() {
    h.view("u1", "p1", T0, "250.00");
    h.view("u1", "p1", T0, "300.00"); // same time, arrives later, more expensive
    h.cart("u1", "p1", T0 + MINUTE, "300.00");
    assertThat(sensitivity()).isEmpty();

    h.view("u1", "p1", T0 + MINUTE, "299.99");
    h.cart("u1", "p1", T0 + MINUTE, "299.99");
    assertThat(sensitivity()).singleElement().satisfies(a -> assertThat(a.getAttributes())
        .containsEntry("priceBefore", "300.00").containsEntry("priceAfter", "299.99"));
  }

  @Test
  void aViewExactlyTenMinutesOldIsOutsideTheWindow() {
    h.view("u1", "p1", T0, "300.00");
    h.view("u1", "p1", T0 + MINUTE, "250.00");
    h.cart("u1", "p1", T0 + 10 * MINUTE, "250.00");

    assertThat(sensitivity()).isEmpty();
  }

  @Test
  void aViewJustUnderTenMinutesOldIsInside() {
    h.view("u1", "p1", T0 + 1, "300.00");
    h.view("u1", "p1", T0 + MINUTE, "250.00");
    h.cart("u1", "p1", T0 + 10 * MINUTE, "250.00");

    assertThat(sensitivity()).hasSize(1);
  }

  @Test
  void viewsOfOtherProductsDoNotWitness() {
    h.view("u1", "p1", T0, "300.00");
    h.view("u1", "p2", T0 + MINUTE, "250.00");
    h.cart("u1", "p2", T0 + 2 * MINUTE, "250.00");
    h.cart("u1", "p1", T0 + 2 * MINUTE, "300.00");

    assertThat(sensitivity()).isEmpty();
  }

  @Test
  void theWitnessIsTheFirstPairInArrivalOrder() {
    h.view("u1", "p1", T0, "300.00");
    h.view("u1", "p1", T0 + 1, "350.00");
    h.view("u1", "p1", T0 + 2, "320.00");
    h.view("u1", "p1", T0 + 3, "100.00");
    h.cart("u1", "p1", T0 + 4, "100.00");

    assertThat(sensitivity()).singleElement().satisfies(a -> assertThat(a.getAttributes())
        .containsEntry("priceBefore", "300.00").containsEntry("priceAfter", "100.00"));
  }

  @Test
  void viewsOutsideTheWindowAreNeverPartOfTheWitness() {
    h.view("u1", "p1", T0, "500.00"); // exactly 10 minutes before the cart: outside
    h.view("u1", "p1", T0 + MINUTE, "300.00");
    h.view("u1", "p1", T0 + 2 * MINUTE, "350.00");
    h.view("u1", "p1", T0 + 3 * MINUTE, "320.00");
    h.cart("u1", "p1", T0 + 10 * MINUTE, "320.00");

    assertThat(sensitivity()).singleElement().satisfies(a -> assertThat(a.getAttributes())
        .containsEntry("priceBefore", "350.00").containsEntry("priceAfter", "320.00"));
  }

  @Test
  void cooldownIsTenMinutesPerProduct() {
    h.view("u1", "p1", T0, "300.00");
    h.view("u1", "p1", T0 + MINUTE, "250.00");
    h.view("u1", "p2", T0 + MINUTE, "30.00");
    h.view("u1", "p2", T0 + MINUTE, "20.00");
    h.cart("u1", "p1", T0 + 2 * MINUTE, "250.00"); // alert
    h.cart("u1", "p2", T0 + 2 * MINUTE, "20.00"); // other product: alert
    h.view("u1", "p1", T0 + 11 * MINUTE, "260.00");
    h.view("u1", "p1", T0 + 11 * MINUTE, "240.00");
    h.cart("u1", "p1", T0 + 12 * MINUTE - 1, "240.00"); // 9:59.999 after: suppressed
    h.cart("u1", "p1", T0 + 12 * MINUTE, "240.00"); // exactly 10 minutes after: alert

    List<Alert> alerts = sensitivity();

    assertThat(alerts).extracting(Alert::getProductId, a -> a.getEventTime().toEpochMilli()).containsExactly(
        org.assertj.core.groups.Tuple.tuple("p1", T0 + 2 * MINUTE),
        org.assertj.core.groups.Tuple.tuple("p2", T0 + 2 * MINUTE),
        org.assertj.core.groups.Tuple.tuple("p1", T0 + 12 * MINUTE));
    assertThat(alerts.get(2).getAttributes()).containsEntry("priceBefore", "260.00")
        .containsEntry("priceAfter", "240.00");
  }

  @Test
  void onlyACartRaisesIt() {
    h.view("u1", "p1", T0, "300.00");
    h.view("u1", "p1", T0 + MINUTE, "250.00");
    h.purchase("u1", "p1", T0 + 2 * MINUTE, "250.00");
    h.remove("u1", "p1", T0 + 3 * MINUTE);
    h.view("u1", "p1", T0 + 4 * MINUTE, "250.00");
    assertThat(sensitivity()).isEmpty();

    h.cart("u1", "p1", T0 + 5 * MINUTE, "250.00");

    assertThat(sensitivity()).singleElement()
        .satisfies(a -> assertThat(a.getEventTime().toEpochMilli()).isEqualTo(T0 + 5 * MINUTE));
  }
}
