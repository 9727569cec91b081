package io.cartpulse.local.generator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.click.ClickValidator;
import io.cartpulse.local.Backtest;
import io.cartpulse.local.generator.SyntheticShop.ShopConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first wall minute of the default shop, written as CSV and run through scripts/backtest (both
 * engines), gives exactly the alerts and PV/UV points the independent {@link AlertsOracle} derives
 * from ALERTS.md: the demo data triggers the real pipeline the way the contract says, and the two
 * readings of the contract agree on ~13,000 alerts and ~200,000 points.
 */
class SyntheticShopBacktestAgreementTest {
  @TempDir
  Path dir;

  @Test
  void theBacktestOfTheFirstMinuteMatchesTheOracleExactly() throws IOException {
    ShopConfig config = ShopConfig.defaults();
    Path csv = dir.resolve("first-minute.csv");
    GenerateCsv.write(config, config.eventsIn(60), csv);
    Path alertsOut = dir.resolve("alerts.jsonl");
    Path pvuvOut = dir.resolve("pvuv.jsonl");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code = Backtest.run(new String[] {"--events", csv.toString(), "--alerts-out", alertsOut.toString(),
        "--pvuv-out", pvuvOut.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    List<ClickEvent> events = new ArrayList<>();
    SyntheticShop shop = new SyntheticShop(config.withMaxEvents(config.eventsIn(60)));
    for (ClickEvent event; (event = shop.next()) != null; ) {
      events.add(event);
    }
    AlertsOracle oracle = new AlertsOracle(events);

    Set<String> expectedAlerts = new TreeSet<>();
    for (AlertsOracle.Found alert : oracle.alerts()) {
      expectedAlerts.add(alertKey(alert.type(), alert.userId(), alert.productId(), alert.eventTime(),
          new TreeMap<>(alert.attributes())));
    }
    Set<String> actualAlerts = new TreeSet<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(alertsOut)) {
      JsonNode node = json.readTree(line);
      Map<String, String> attributes = new TreeMap<>();
      node.get("attributes").fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
      actualAlerts.add(alertKey(node.get("type").asText(), text(node, "userId"), text(node, "productId"),
          node.get("eventTime").asLong(), attributes));
    }
    assertThat(firstOf(expectedAlerts, actualAlerts)).as("alerts of the oracle missing in the backtest").isEmpty();
    assertThat(firstOf(actualAlerts, expectedAlerts)).as("alerts of the backtest the oracle does not expect").isEmpty();
    assertThat(actualAlerts).hasSizeGreaterThan(10_000);

    Set<String> dimensions = new TreeSet<>(List.of("all"));
    events.forEach(e -> dimensions.add(ClickValidator.topLevelCategory(e.getCategoryCode())));
    Set<String> expectedPoints = new TreeSet<>();
    for (String dimension : dimensions) {
      for (AlertsOracle.Point p : oracle.pvUv(dimension)) {
        expectedPoints.add(p.windowEnd() + "|" + p.dimension() + "|" + p.pv() + "|" + p.uv());
      }
    }
    Set<String> actualPoints = new TreeSet<>();
    for (String line : Files.readAllLines(pvuvOut)) {
      JsonNode node = json.readTree(line);
      actualPoints.add(node.get("windowEnd").asLong() + "|" + node.get("dimension").asText() + "|"
          + node.get("pv").asLong() + "|" + node.get("uv").asLong());
    }
    assertThat(firstOf(expectedPoints, actualPoints)).as("PV/UV points missing in the backtest").isEmpty();
    assertThat(firstOf(actualPoints, expectedPoints)).as("PV/UV points the oracle does not expect").isEmpty();
    assertThat(actualPoints).hasSizeGreaterThan(100_000);
  }

  /** Up to 20 elements of {@code a} that are not in {@code b}. */
  private static List<String> firstOf(Set<String> a, Set<String> b) {
    return a.stream().filter(x -> !b.contains(x)).limit(20).toList();
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static String alertKey(String type, String user, String product, long time, Map<String, String> attributes) {
    return type + "|" + user + "|" + product + "|" + time + "|" + attributes;
  }
}
