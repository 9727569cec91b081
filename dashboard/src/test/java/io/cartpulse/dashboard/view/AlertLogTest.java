package io.cartpulse.dashboard.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertLogTest {
  private static final Instant T = Instant.parse("2026-01-01T10:00:30Z");
  private final AlertLog log = new AlertLog();

  private static Alert alert(String id, AlertType type, Instant detectedAt) {
    return Alert.newBuilder().setAlertId(id).setType(type).setEventTime(Instant.parse("2019-10-01T00:00:00Z"))
        .setDetectedAt(detectedAt).setSource("streams-app").setMessage(id).setAttributes(Map.of()).build();
  }

  @Test
  void aClientGetsWhatItHasNotSeenOfItsTypeOldestFirst() {
    log.add(alert("a", AlertType.CROSS_SELL, T));
    log.add(alert("b", AlertType.CART_ABANDONMENT, T));
    log.add(alert("c", AlertType.CROSS_SELL, T));

    assertThat(log.since(0, null, 10)).extracting(e -> e.alert().getAlertId()).containsExactly("a", "b", "c");
    assertThat(log.since(1, null, 10)).extracting(e -> e.alert().getAlertId()).containsExactly("b", "c");
    assertThat(log.since(0, AlertType.CROSS_SELL, 10)).extracting(e -> e.alert().getAlertId()).containsExactly("a", "c");
    assertThat(log.since(0, null, 2)).extracting(e -> e.alert().getAlertId()).containsExactly("b", "c");
    assertThat(log.lastSeq()).isEqualTo(3);
  }

  @Test
  void eachTypeKeepsItsLatestAlerts() {
    for (int i = 0; i < AlertLog.KEPT_PER_TYPE + 5; i++) {
      log.add(alert("x" + i, AlertType.PURCHASE_INTENT, T));
    }
    log.add(alert("rare", AlertType.CHURN_RISK, T));

    List<AlertLog.Entry> intent = log.since(0, AlertType.PURCHASE_INTENT, 1_000);
    assertThat(intent).hasSize(AlertLog.KEPT_PER_TYPE);
    assertThat(intent.get(0).alert().getAlertId()).isEqualTo("x5");
    assertThat(log.since(0, AlertType.CHURN_RISK, 10)).hasSize(1);
    assertThat(log.total()).isEqualTo(AlertLog.KEPT_PER_TYPE + 6);
  }

  @Test
  void anOfferJoinsItsAlertWhicheverArrivesFirst() {
    List<OfferedProduct> products = List.of(new OfferedProduct("p-2", 3, null));
    log.add(alert("early", AlertType.CROSS_SELL, T));
    log.offer("early", products);
    log.offer("late", products);
    log.add(alert("late", AlertType.CART_ABANDONMENT, T));

    assertThat(log.since(0, null, 10)).allSatisfy(e -> assertThat(e.offer()).isEqualTo(products));
    // A client that had seen the first alert before its offer came gets the offer on its own.
    assertThat(log.offeredSince(0, 1, null)).extracting(e -> e.alert().getAlertId()).containsExactly("early");
    assertThat(log.offeredSince(log.lastOfferSeq(), 2, null)).isEmpty();
    assertThat(log.offeredSince(0, 2, AlertType.CART_ABANDONMENT)).extracting(e -> e.alert().getAlertId())
        .containsExactly("late");
  }

  @Test
  void alertsAreCountedPerTypeInTheMinuteTheyWereDetected() {
    log.add(alert("a", AlertType.CROSS_SELL, T));
    log.add(alert("b", AlertType.CROSS_SELL, T.plusSeconds(20)));
    log.add(alert("c", AlertType.COUPON_ISSUED, T.plusSeconds(40)));
    log.add(alert("old", AlertType.COUPON_ISSUED, T.minusSeconds(3_600)));

    AlertLog.PerMinute perMinute = log.perMinute(T.plusSeconds(40).toEpochMilli());
    long[] minutes = perMinute.minutes();
    assertThat(minutes).hasSize(AlertLog.MINUTES_KEPT);
    assertThat(minutes[minutes.length - 1]).isEqualTo(Instant.parse("2026-01-01T10:01:00Z").toEpochMilli());
    assertThat(minutes[minutes.length - 2]).isEqualTo(Instant.parse("2026-01-01T10:00:00Z").toEpochMilli());
    assertThat(perMinute.counts().get(AlertType.CROSS_SELL)[minutes.length - 2]).isEqualTo(2);
    assertThat(perMinute.counts().get(AlertType.COUPON_ISSUED)[minutes.length - 1]).isEqualTo(1);
    assertThat(perMinute.counts().get(AlertType.COUPON_ISSUED)).as("an hour ago is outside").containsOnly(0, 1);
  }
}
