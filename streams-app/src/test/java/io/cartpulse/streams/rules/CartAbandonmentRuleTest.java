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

/** CART_ABANDONMENT and the clock rules of ALERTS.md section 2, through the whole topology. */
class CartAbandonmentRuleTest {
  private static final long DUE = T0 + 10 * MINUTE;

  private final StreamsTestHarness h = new StreamsTestHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private List<Alert> abandonments() {
    return h.readAlerts(AlertType.CART_ABANDONMENT);
  }

  @Test
  void anOpenItemAlertsWhenTheClockReachesTheDueTimeNotBefore() {
    h.cart("u1", "p1", T0, "250.00", "s1");
    h.tick(DUE - 1);
    assertThat(abandonments()).isEmpty();

    h.tick(DUE);

    assertThat(abandonments()).singleElement().satisfies(a -> {
      assertThat(a.getUserId()).isEqualTo("u1");
      assertThat(a.getProductId()).isEqualTo("p1");
      assertThat(a.getUserSession()).isEqualTo("s1");
      assertThat(a.getEventTime().toEpochMilli()).isEqualTo(DUE);
      assertThat(a.getAttributes()).containsExactlyEntriesOf(java.util.Map.of("price", "250.00"));
      assertThat(a.getAlertId()).isEqualTo(Alerts.alertId(AlertType.CART_ABANDONMENT, "u1", "p1", DUE, null));
      assertThat(a.getMessage()).isEqualTo("User u1 left product p1 (250.00) in the cart for 10 minutes without buying.");
    });
    assertThat(h.alerts.readRecordsToList()).isEmpty();
  }

  @Test
  void theAlertRecordIsKeyedByUserAndStampedWithTheDueTime_detectedAtIsProcessingTime() {
    h.cart("u1", "p1", T0, "250.00", "s1");
    h.advanceWallClock(java.time.Duration.ofSeconds(5));
    h.tick(DUE + MINUTE);

    var record = h.alerts.readRecord();

    assertThat(record.key()).isEqualTo("u1");
    assertThat(record.timestamp()).isEqualTo(DUE);
    assertThat(record.value().getDetectedAt())
        .isEqualTo(java.time.Instant.parse("2026-01-01T00:00:05Z")); // the driver's wall clock
  }

  @Test
  void thePriceThresholdIsStrict() {
    h.cart("u1", "p1", T0, "200.00", "s1");
    h.cart("u1", "p2", T0, "200.01", "s1");
    h.cart("u1", "p3", T0, "199.99", "s1");
    h.tick(DUE + MINUTE);

    assertThat(abandonments()).extracting(Alert::getProductId).containsExactly("p2");
  }

  @Test
  void aPurchaseJustBeforeTheDueTimeClosesTheItemSilently() {
    h.cart("u1", "p1", T0, "250.00", "s1");
    h.purchase("u1", "p1", DUE - 1, "250.00");
    h.tick(DUE + 60 * MINUTE);

    assertThat(abandonments()).isEmpty();
  }

  @Test
  void aPurchaseAtTheDueTimeCannotCancelTheAlert() {
    h.cart("u1", "p1", T0, "250.00", "s1");
    h.purchase("u1", "p1", DUE, "250.00");

    assertThat(abandonments()).singleElement()
        .satisfies(a -> assertThat(a.getEventTime().toEpochMilli()).isEqualTo(DUE));
  }

  @Test
  void anEventAfterTheDueTimeCannotCancelTheAlertEvenWithNoEventInBetween() {
    h.cart("u1", "p1", T0, "250.00", "s1");
    h.remove("u1", "p1", DUE + 5 * MINUTE);

    assertThat(abandonments()).singleElement()
        .satisfies(a -> assertThat(a.getEventTime().toEpochMilli()).isEqualTo(DUE));
  }

  @Test
  void removeFromCartBeforeTheDueTimeClosesIt() {
    h.cart("u1", "p1", T0, "250.00", "s1");
    h.remove("u1", "p1", DUE - 1);
    h.tick(DUE + MINUTE);

    assertThat(abandonments()).isEmpty();
  }

  @Test
  void removeFromCartAtTheDueTimeIsTooLate() {
    h.cart("u1", "p1", T0, "250.00", "s1");
    h.remove("u1", "p1", DUE);

    assertThat(abandonments()).hasSize(1);
  }

  @Test
  void closingIsPerProduct() {
    h.cart("u1", "p1", T0, "250.00", "s1");
    h.purchase("u1", "p2", T0 + MINUTE, "250.00");
    h.remove("u1", "p3", T0 + MINUTE);
    h.purchase("u2", "p1", T0 + MINUTE, "250.00");
    h.tick(DUE);

    assertThat(abandonments()).extracting(Alert::getUserId, Alert::getProductId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("u1", "p1"));
  }

  @Test
  void aReCartRestartsTheDeadlineWithTheNewPriceAndSession() {
    h.cart("u1", "p1", T0, "250.00", "s1");
    h.cart("u1", "p1", T0 + 5 * MINUTE, "300.00", "s2");
    h.tick(DUE);
    assertThat(abandonments()).isEmpty();

    h.tick(DUE + 5 * MINUTE);

    assertThat(abandonments()).singleElement().satisfies(a -> {
      assertThat(a.getEventTime().toEpochMilli()).isEqualTo(DUE + 5 * MINUTE);
      assertThat(a.getAttributes()).containsEntry("price", "300.00");
      assertThat(a.getUserSession()).isEqualTo("s2");
    });
  }

  @Test
  void aReCartAtTheDueTimeFirstEmitsTheOldItemThenOpensANewOne() {
    h.cart("u1", "p1", T0, "250.00", "s1");
    h.cart("u1", "p1", DUE, "260.00", "s2");
    assertThat(abandonments()).singleElement().satisfies(a -> {
      assertThat(a.getEventTime().toEpochMilli()).isEqualTo(DUE);
      assertThat(a.getAttributes()).containsEntry("price", "250.00");
    });

    h.tick(DUE + 10 * MINUTE);

    assertThat(abandonments()).singleElement().satisfies(a -> {
      assertThat(a.getEventTime().toEpochMilli()).isEqualTo(DUE + 10 * MINUTE);
      assertThat(a.getAttributes()).containsEntry("price", "260.00");
    });
  }

  @Test
  void cartsAtOrBelowTheThresholdNeitherRestartNorClose() {
    h.cart("u1", "p1", T0, "250.00", "s1");
    h.cart("u1", "p1", T0 + 5 * MINUTE, "200.00", "s2");
    h.tick(DUE);

    assertThat(abandonments()).singleElement().satisfies(a -> {
      assertThat(a.getEventTime().toEpochMilli()).isEqualTo(DUE);
      assertThat(a.getAttributes()).containsEntry("price", "250.00");
      assertThat(a.getUserSession()).isEqualTo("s1");
    });
  }

  @Test
  void oneEventReleasesEveryItemDueBeforeIt_andEachOnlyOnce() {
    h.cart("u1", "p1", T0, "250.00", "s1");
    h.cart("u2", "p2", T0 + MINUTE, "250.00", "s2");
    h.cart("u3", "p3", T0 + 2 * MINUTE, "250.00", "s3");
    h.tick(DUE + MINUTE);

    assertThat(abandonments()).extracting(a -> a.getEventTime().toEpochMilli())
        .containsExactly(DUE, DUE + MINUTE);

    h.tick(DUE + 30 * MINUTE);
    h.tick(DUE + 60 * MINUTE);
    assertThat(abandonments()).extracting(Alert::getUserId).containsExactly("u3");
  }

  @Test
  void aSecondCartAfterTheAlertStartsANewItem() {
    h.cart("u1", "p1", T0, "250.00", "s1");
    h.tick(DUE);
    h.cart("u1", "p1", DUE + MINUTE, "250.00", "s1");
    h.tick(DUE + 11 * MINUTE);

    assertThat(abandonments()).extracting(a -> a.getEventTime().toEpochMilli())
        .containsExactly(DUE, DUE + 11 * MINUTE);
  }

  @Test
  void aLateDuplicateOfAnAlertedCartIsNotAlertedTwice() {
    h.cart("u1", "p1", T0, "250.00", "s1");
    h.tick(DUE);
    h.cart("u1", "p1", T0, "250.00", "s1"); // replayed after the alert
    h.tick(DUE + 30 * MINUTE);

    assertThat(abandonments()).hasSize(1);
  }

  @Test
  void aReCartJustBeforeTheDueTimeRestartsTheDeadline() {
    h.cart("u1", "p1", T0, "250.00", "s1");
    h.cart("u1", "p1", DUE - 1, "260.00", "s2");
    h.tick(DUE);
    h.tick(DUE - 1 + 10 * MINUTE - 1);
    assertThat(abandonments()).isEmpty();

    h.tick(DUE - 1 + 10 * MINUTE);

    assertThat(abandonments()).singleElement().satisfies(a -> {
      assertThat(a.getEventTime().toEpochMilli()).isEqualTo(DUE - 1 + 10 * MINUTE);
      assertThat(a.getAttributes()).containsEntry("price", "260.00");
      assertThat(a.getUserSession()).isEqualTo("s2");
    });
  }
}
