package io.cartpulse.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AlertsTest {

  private static final long T = 1569890000000L;

  @Test
  void alertIdIsDeterministicNameBasedUuid() {
    String id = Alerts.alertId(AlertType.CART_ABANDONMENT, "u1", "p1", T, null);

    assertThat(Alerts.alertId(AlertType.CART_ABANDONMENT, "u1", "p1", T, null)).isEqualTo(id);
    assertThat(UUID.fromString(id).version()).isEqualTo(3);
    assertThat(id).isEqualTo(UUID.nameUUIDFromBytes(("CART_ABANDONMENT|u1|p1|" + T + "|").getBytes()).toString());
  }

  @Test
  void alertIdDiffersByEveryPartIncludingTheDiscriminator() {
    Set<String> ids = Set.of(
        Alerts.alertId(AlertType.COUPON_ISSUED, "u1", "p1", T, "200"),
        Alerts.alertId(AlertType.COUPON_ISSUED, "u1", "p1", T, "500"),
        Alerts.alertId(AlertType.COUPON_ISSUED, "u1", "p1", T, null),
        Alerts.alertId(AlertType.PURCHASE_INTENT, "u1", "p1", T, null),
        Alerts.alertId(AlertType.COUPON_ISSUED, "u2", "p1", T, "200"),
        Alerts.alertId(AlertType.COUPON_ISSUED, "u1", "p2", T, "200"),
        Alerts.alertId(AlertType.COUPON_ISSUED, "u1", "p1", T + 1, "200"));
    assertThat(ids).hasSize(7);
    assertThat(Alerts.alertId(AlertType.TRAFFIC_SURGE, null, null, T, null))
        .isEqualTo(Alerts.alertId(AlertType.TRAFFIC_SURGE, null, null, T, null));
  }

  @Test
  void createFillsEveryFieldAndCopiesTheAttributes() {
    Map<String, String> attributes = new HashMap<>(Map.of("tier", "500", "spend", "612.40"));

    Alert alert = Alerts.create(AlertType.COUPON_ISSUED, "u1", "s1", "p1", T, T + 50, Alerts.SOURCE_STREAMS,
        "User u1 earned the 500 coupon.", attributes, "500");
    attributes.put("tier", "changed later");

    assertThat(alert.getAlertId()).isEqualTo(Alerts.alertId(AlertType.COUPON_ISSUED, "u1", "p1", T, "500"));
    assertThat(alert.getType()).isEqualTo(AlertType.COUPON_ISSUED);
    assertThat(alert.getUserId()).isEqualTo("u1");
    assertThat(alert.getUserSession()).isEqualTo("s1");
    assertThat(alert.getProductId()).isEqualTo("p1");
    assertThat(alert.getEventTime()).isEqualTo(Instant.ofEpochMilli(T));
    assertThat(alert.getDetectedAt()).isEqualTo(Instant.ofEpochMilli(T + 50));
    assertThat(alert.getSource()).isEqualTo("streams-app");
    assertThat(alert.getMessage()).isEqualTo("User u1 earned the 500 coupon.");
    assertThat(alert.getAttributes()).containsOnly(Map.entry("tier", "500"), Map.entry("spend", "612.40"));
    assertThat(Alerts.SOURCE_FLINK).isEqualTo("flink-jobs");
  }
}
