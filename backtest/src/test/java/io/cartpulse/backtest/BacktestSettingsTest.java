package io.cartpulse.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.click.Rees46Csv;
import io.cartpulse.local.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code scripts/backtest --settings} through both whole engines (ALERTS.md section 8): the Flink
 * rows at their boundaries with the versions read from a settings file - CHURN_RISK at the window
 * end, TRAFFIC_SURGE at the minute's end (a version 1 ms later does not apply) - for both churn
 * implementations, and a streams-app row alongside; the PV/UV curves stay what they are without the file. The operator-level boundaries are in
 * flink-jobs ({@code ChurnRiskGateTest}, {@code TrafficSurgeSettingsTest}); this is the wiring from
 * the file to every operator.
 */
class BacktestSettingsTest {
  private static final long T0 = Instant.parse("2019-10-01T00:00:00Z").toEpochMilli();
  private static final long SECOND = 1000;
  private static final long MINUTE = 60 * SECOND;
  private static final long WEEK = 7 * 24 * 60 * MINUTE;

  @TempDir
  Path dir;

  private static ClickEvent event(String type, String user, String product, long time, String price) {
    return ClickEvent.newBuilder().setEventType(type).setUserId(user).setProductId(product)
        .setEventTime(Instant.ofEpochMilli(time)).setPrice(new BigDecimal(price)).setCategoryId("2053013555631882655")
        .setCategoryCode("electronics.smartphone").setBrand("acme").setUserSession("s-" + user).build();
  }

  private static List<ClickEvent> input() {
    List<ClickEvent> events = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      // Two churn windows of 5 views each: ending at T0 + 7 days and 1 s later.
      events.add(event("view", "3001", "30" + i, T0 + i * SECOND, "1.00"));
      events.add(event("view", "3002", "31" + i, T0 + (i + 1) * SECOND, "1.00"));
    }
    // Minutes 60, 120 and 180 with 3 views each (the stream's first view was long before).
    for (int minute : new int[] {60, 120, 180}) {
      for (int i = 0; i < 3; i++) {
        events.add(event("view", "40" + minute + i, "4" + i, T0 + minute * MINUTE + i * SECOND, "1.00"));
      }
    }
    // CART_ABANDONMENT: 150.00 carts before and at a lowered threshold's effectiveFrom (T0 + 200 min).
    events.add(event("cart", "5001", "50", T0 + 200 * MINUTE - SECOND, "150.00"));
    events.add(event("cart", "5002", "50", T0 + 200 * MINUTE, "150.00"));
    events.add(event("view", "9999", "99", T0 + 8 * 24 * 60 * MINUTE, "1.00")); // T_end: every window has ended
    events.sort((a, b) -> a.getEventTime().compareTo(b.getEventTime()));
    return events;
  }

  private static String version(long version, long effectiveFrom, String settings) {
    return "{\"version\":" + version + ",\"effectiveFrom\":" + effectiveFrom + ",\"settings\":{" + settings + "}}";
  }

  @ParameterizedTest
  @ValueSource(strings = {"cep", "process"})
  void theSettingsFileDecidesEachRowAtItsTime(String churnImplementation) throws Exception {
    Path csv = dir.resolve("events.csv");
    List<String> lines = new ArrayList<>(List.of(Rees46Csv.HEADER));
    input().forEach(e -> lines.add(Rees46Csv.toLine(e)));
    Files.write(csv, lines, StandardCharsets.UTF_8);
    Path settings = dir.resolve("settings.jsonl");
    Files.write(settings, List.of(
        // Surge: 3 views suffice for the minute decided at exactly 61 min ...
        version(1, T0 + 61 * MINUTE, "\"surge.min-views\":\"3\""),
        // ... and still for the one decided at 121 min: this version is 1 ms too late for it.
        version(2, T0 + 121 * MINUTE + 1, "\"surge.min-views\":\"50\""),
        version(3, T0 + 200 * MINUTE, "\"cart-abandonment.min-price\":\"100.00\""),
        // Churn: 5 views suffice for the window ending exactly at T0 + 7 days, not for the one 1 s later.
        version(4, T0 + WEEK, "\"churn.min-views\":\"5\""),
        version(5, T0 + WEEK + SECOND, "\"churn.min-views\":\"10\"")));
    Path config = dir.resolve("rules.properties");
    Files.writeString(config, "churn.implementation=" + churnImplementation + "\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code = Backtest.run(new String[] {"--events", csv.toString(), "--alerts-out",
        dir.resolve("a.jsonl").toString(), "--pvuv-out", dir.resolve("p.jsonl").toString(), "--config",
        config.toString(), "--settings", settings.toString()}, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err));

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(Cli.OK);
    List<Map<String, Object>> alerts = io.cartpulse.alert.BacktestOutput.readLines(dir.resolve("a.jsonl"));
    assertThat(alerts).extracting(a -> a.get("type"), a -> a.get("userId"),
        a -> ((Number) a.get("eventTime")).longValue()).containsExactly(
            tuple(AlertType.TRAFFIC_SURGE.name(), null, T0 + 61 * MINUTE),
            tuple(AlertType.TRAFFIC_SURGE.name(), null, T0 + 121 * MINUTE),
            tuple(AlertType.CART_ABANDONMENT.name(), "5002", T0 + 210 * MINUTE),
            tuple(AlertType.CHURN_RISK.name(), "3001", T0 + WEEK));

    // PV/UV curves never change with settings: the same points as without the file.
    if (churnImplementation.equals("process")) {
      assertThat(Backtest.run(new String[] {"--events", csv.toString(), "--alerts-out",
          dir.resolve("a0.jsonl").toString(), "--pvuv-out", dir.resolve("p0.jsonl").toString()},
          new PrintStream(new ByteArrayOutputStream()), new PrintStream(err))).isEqualTo(Cli.OK);
      assertThat(Files.readAllLines(dir.resolve("p.jsonl"))).isNotEmpty()
          .isEqualTo(Files.readAllLines(dir.resolve("p0.jsonl")));
    }
  }
}
