package io.cartpulse.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.PvUvPoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON-lines format of ALERTS.md section 6, byte for byte. */
class BacktestOutputTest {

  private static final long T = 1569888000000L;

  private static Alert alert(AlertType type, String user, String session, String product, long time,
      Map<String, String> attributes, String discriminator) {
    return Alerts.create(type, user, session, product, time, 1_700_000_000_000L, Alerts.SOURCE_STREAMS,
        "a sentence", attributes, discriminator);
  }

  @Test
  void alertLineHasTheContractFieldsInOrderWithNullsAndSortedAttributes() {
    Alert alert = alert(AlertType.COUPON_ISSUED, "u1", null, "p9", T, Map.of("tier", "500", "spend", "612.40"), "500");

    assertThat(BacktestOutput.alertLine(alert)).isEqualTo("{\"alertId\":\"" + alert.getAlertId()
        + "\",\"type\":\"COUPON_ISSUED\",\"userId\":\"u1\",\"userSession\":null,\"productId\":\"p9\","
        + "\"eventTime\":1569888000000,\"source\":\"streams-app\",\"attributes\":{\"spend\":\"612.40\",\"tier\":\"500\"}}");
  }

  @Test
  void trafficSurgeLineHasNullUserAndProduct() {
    Alert surge = Alerts.create(AlertType.TRAFFIC_SURGE, null, null, null, T + 60_000, 0L, Alerts.SOURCE_FLINK,
        "Traffic surge", Map.of("views", "120", "baseline", "12.53"), null);

    assertThat(BacktestOutput.alertLine(surge)).isEqualTo("{\"alertId\":\"" + surge.getAlertId()
        + "\",\"type\":\"TRAFFIC_SURGE\",\"userId\":null,\"userSession\":null,\"productId\":null,"
        + "\"eventTime\":1569888060000,\"source\":\"flink-jobs\",\"attributes\":{\"baseline\":\"12.53\",\"views\":\"120\"}}");
  }

  @Test
  void pvuvLineMatchesTheContract() {
    PvUvPoint point = PvUvPoint.newBuilder().setDay("2019-10-01").setWindowEnd(Instant.ofEpochMilli(T + 60_000))
        .setDimension("all").setPv(12).setUv(5).build();

    assertThat(BacktestOutput.pvuvLine(point))
        .isEqualTo("{\"day\":\"2019-10-01\",\"windowEnd\":1569888060000,\"dimension\":\"all\",\"pv\":12,\"uv\":5}");
  }

  @Test
  void alertsAreSortedByTimeTypeUserThenProduct(@TempDir Path dir) throws IOException {
    Alert late = alert(AlertType.CROSS_SELL, "a", "s", "p1", T + 1, Map.of(), null);
    Alert purchaseIntent = alert(AlertType.PURCHASE_INTENT, "a", "s", "p1", T, Map.of("views", "4"), null);
    Alert cartUserB = alert(AlertType.CART_ABANDONMENT, "b", "s", "p1", T, Map.of("price", "250.00"), null);
    Alert cartUserAP2 = alert(AlertType.CART_ABANDONMENT, "a", "s", "p2", T, Map.of("price", "250.00"), null);
    Alert cartUserAP1 = alert(AlertType.CART_ABANDONMENT, "a", "s", "p1", T, Map.of("price", "250.00"), null);
    Alert coupon500 = alert(AlertType.COUPON_ISSUED, "a", "s", "p1", T, Map.of("tier", "500"), "500");
    Alert coupon200 = alert(AlertType.COUPON_ISSUED, "a", "s", "p1", T, Map.of("tier", "200"), "200");
    Alert surge = alert(AlertType.TRAFFIC_SURGE, null, null, null, T, Map.of("views", "60"), null);
    Path file = dir.resolve("out/alerts.jsonl");

    BacktestOutput.writeAlerts(file, List.of(late, purchaseIntent, cartUserB, surge, coupon500, cartUserAP2,
        coupon200, cartUserAP1));

    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<Alert> expected = List.of(cartUserAP1, cartUserAP2, cartUserB);
    assertThat(lines.subList(0, 3)).containsExactlyElementsOf(expected.stream().map(BacktestOutput::alertLine).toList());
    assertThat(lines.subList(3, 5)).containsExactlyInAnyOrder(BacktestOutput.alertLine(coupon200),
        BacktestOutput.alertLine(coupon500));
    assertThat(lines.subList(5, 8)).containsExactly(BacktestOutput.alertLine(purchaseIntent),
        BacktestOutput.alertLine(surge), BacktestOutput.alertLine(late));
    assertThat(Files.readString(file)).endsWith("}\n");
  }

  @Test
  void outputIsIdenticalWhateverTheInputOrder(@TempDir Path dir) throws IOException {
    Alert coupon500 = alert(AlertType.COUPON_ISSUED, "a", "s", "p1", T, Map.of("tier", "500"), "500");
    Alert coupon200 = alert(AlertType.COUPON_ISSUED, "a", "s", "p1", T, Map.of("tier", "200"), "200");
    Alert noProduct = alert(AlertType.COUPON_ISSUED, "a", "s", null, T, Map.of("tier", "1000"), "1000");

    BacktestOutput.writeAlerts(dir.resolve("one.jsonl"), List.of(coupon500, noProduct, coupon200));
    BacktestOutput.writeAlerts(dir.resolve("two.jsonl"), List.of(coupon200, coupon500, noProduct));

    assertThat(Files.readString(dir.resolve("one.jsonl"))).isEqualTo(Files.readString(dir.resolve("two.jsonl")));
    assertThat(Files.readAllLines(dir.resolve("one.jsonl")).get(0)).isEqualTo(BacktestOutput.alertLine(noProduct));
  }

  @Test
  void pvuvPointsAreSortedByWindowEndThenDimensionAndReadBack(@TempDir Path dir) throws IOException {
    PvUvPoint second = point(T + 120_000, "all", 3, 2);
    PvUvPoint firstElectronics = point(T + 60_000, "electronics", 1, 1);
    PvUvPoint firstAll = point(T + 60_000, "all", 2, 2);
    Path file = dir.resolve("pvuv.jsonl");

    BacktestOutput.writePvUv(file, List.of(second, firstElectronics, firstAll));

    assertThat(Files.readAllLines(file)).containsExactly(BacktestOutput.pvuvLine(firstAll),
        BacktestOutput.pvuvLine(firstElectronics), BacktestOutput.pvuvLine(second));
    List<Map<String, Object>> rows = BacktestOutput.readLines(file);
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0)).containsEntry("dimension", "all").containsEntry("pv", 2)
        .containsEntry("windowEnd", T + 60_000);
  }

  private static PvUvPoint point(long windowEnd, String dimension, long pv, long uv) {
    return PvUvPoint.newBuilder().setDay("2019-10-01").setWindowEnd(Instant.ofEpochMilli(windowEnd))
        .setDimension(dimension).setPv(pv).setUv(uv).build();
  }
}
