package io.cartpulse.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.alert.BacktestOutput;
import io.cartpulse.avro.AlertType;
import io.cartpulse.contract.ReferenceContract;
import io.cartpulse.contract.ReferenceContract.Thresholds;
import io.cartpulse.local.cli.Cli;
import io.cartpulse.testing.CsvFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacktestTest {
  @TempDir
  Path dir;

  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  private int backtest(String... args) {
    stdout.reset();
    stderr.reset();
    return Backtest.run(args, new PrintStream(stdout, true, StandardCharsets.UTF_8),
        new PrintStream(stderr, true, StandardCharsets.UTF_8));
  }

  @Test
  void writesSortedFilesThatTwoRunsReproduceByteForByte() throws IOException {
    Path events = CsvFiles.copy(CsvFiles.REPLAY_SMALL, dir);
    Path alerts1 = dir.resolve("run1/alerts.jsonl");
    Path pvuv1 = dir.resolve("run1/pvuv.jsonl");
    Path alerts2 = dir.resolve("run2/alerts.jsonl");
    Path pvuv2 = dir.resolve("run2/pvuv.jsonl");

    assertThat(backtest("--events", events.toString(), "--alerts-out", alerts1.toString(),
        "--pvuv-out", pvuv1.toString())).as(stderr.toString()).isEqualTo(Cli.OK);
    String firstReport = stdout.toString(StandardCharsets.UTF_8);
    assertThat(backtest("--events", events.toString(), "--alerts-out=" + alerts2, "--pvuv-out=" + pvuv2))
        .as(stderr.toString()).isEqualTo(Cli.OK);

    assertThat(Files.readAllBytes(alerts2)).isEqualTo(Files.readAllBytes(alerts1));
    assertThat(Files.readAllBytes(pvuv2)).isEqualTo(Files.readAllBytes(pvuv1));
    ReferenceContract.Result reference = ReferenceContract.run(CsvFiles.readValid(events));
    assertThat(Files.readAllLines(alerts1)).containsExactlyElementsOf(reference.alertLines());
    assertThat(Files.readAllLines(pvuv1)).containsExactlyElementsOf(reference.pvuvLines());

    List<Map<String, Object>> alerts = BacktestOutput.readLines(alerts1);
    assertThat(alerts).extracting(a -> a.get("type")).containsExactlyInAnyOrder(
        AlertType.CROSS_SELL.name(), AlertType.CART_ABANDONMENT.name(), AlertType.PURCHASE_INTENT.name(),
        AlertType.PRICE_SENSITIVITY.name(), AlertType.COUPON_ISSUED.name(), AlertType.COUPON_ISSUED.name(),
        AlertType.TRAFFIC_SURGE.name());
    assertThat(alerts).isSortedAccordingTo(Comparator
        .comparing((Map<String, Object> a) -> ((Number) a.get("eventTime")).longValue())
        .thenComparing(a -> (String) a.get("type"))
        .thenComparing(a -> (String) a.get("userId"), Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(a -> (String) a.get("productId"), Comparator.nullsFirst(Comparator.naturalOrder())));
    long tEnd = 1_569_890_400_000L;
    assertThat(alerts).allSatisfy(a -> assertThat(((Number) a.get("eventTime")).longValue()).isLessThanOrEqualTo(tEnd));

    List<Map<String, Object>> points = BacktestOutput.readLines(pvuv1);
    assertThat(points).isNotEmpty().isSortedAccordingTo(Comparator
        .comparing((Map<String, Object> p) -> ((Number) p.get("windowEnd")).longValue())
        .thenComparing(p -> (String) p.get("dimension")));
    assertThat(points).extracting(p -> ((Number) p.get("windowEnd")).longValue()).allMatch(end -> end <= tEnd);
    // The last step of the curve for "all" covers every view before T_end: 61 views by 15 users.
    assertThat(points).filteredOn(p -> p.get("windowEnd").equals(tEnd) && "all".equals(p.get("dimension")))
        .singleElement().satisfies(p -> {
          assertThat(p.get("pv")).isEqualTo(61);
          assertThat(p.get("uv")).isEqualTo(15);
        });

    // Every invalid row is reported with its line number and reason.
    assertThat(firstReport).contains("81 valid, 5 invalid rows", "line 17: missing userId",
        "line 18: unknown eventType 'click'", "line 19: negative price -5.00", "line 20: expected 9 columns",
        "line 21: unparseable event_time 'yesterday'");
  }

  @Test
  void ruleSettingsFromConfigReachTheEngines() throws IOException {
    Path events = CsvFiles.copy(CsvFiles.REPLAY_SMALL, dir);
    Path config = dir.resolve("rules.properties");
    // No coupon tier is reached, and the 250.00 cart is no longer "above the threshold".
    Files.writeString(config, "coupon.tiers=5000\n"
        + "cart-abandonment.min-price=300.00\n"
        + "surge.min-views=51\n");
    Path alerts = dir.resolve("alerts.jsonl");
    assertThat(backtest("--events", events.toString(), "--alerts-out", alerts.toString(), "--pvuv-out",
        dir.resolve("pvuv.jsonl").toString(), "--config", config.toString())).as(stderr.toString()).isEqualTo(Cli.OK);

    assertThat(BacktestOutput.readLines(alerts)).extracting(a -> a.get("type")).containsExactlyInAnyOrder(
        AlertType.CROSS_SELL.name(), AlertType.PURCHASE_INTENT.name(), AlertType.PRICE_SENSITIVITY.name());
    Thresholds changed = Thresholds.CONTRACT.withCoupon(ZoneOffset.UTC, 5000)
        .withCartAbandonment("300.00", Duration.ofMinutes(10)).withSurge(51, "3.0", 30, 30);
    assertThat(Files.readAllLines(alerts))
        .containsExactlyElementsOf(ReferenceContract.run(CsvFiles.readValid(events), changed).alertLines());
  }

  @Test
  void badArgumentsAndBadInputExitWithTwoAndOneLine() throws IOException {
    Path events = CsvFiles.copy(CsvFiles.REPLAY_SMALL, dir);
    Path notCsv = dir.resolve("not.csv");
    Files.writeString(notCsv, "time,type\n1,2\n");
    Path badConfig = dir.resolve("bad.properties");
    Files.writeString(badConfig, "coupon.tierz=100\n");
    String out = dir.resolve("a.jsonl").toString();
    String pvuv = dir.resolve("p.jsonl").toString();

    List<String[]> cases = new ArrayList<>();
    cases.add(new String[] {});
    cases.add(new String[] {"--events", dir.resolve("missing.csv").toString(), "--alerts-out", out, "--pvuv-out", pvuv});
    cases.add(new String[] {"--events", events.toString(), "--pvuv-out", pvuv});
    cases.add(new String[] {"--events", events.toString(), "--alerts-out", out, "--pvuv-out", pvuv, "--bogus", "1"});
    cases.add(new String[] {"--events", events.toString(), "--alerts-out", out, "--pvuv-out", out});
    cases.add(new String[] {"--events", notCsv.toString(), "--alerts-out", out, "--pvuv-out", pvuv});
    cases.add(new String[] {"--events", events.toString(), "--alerts-out", out, "--pvuv-out", pvuv,
        "--config", badConfig.toString()});
    cases.add(new String[] {"--events"});
    for (String[] args : cases) {
      assertThat(backtest(args)).as(String.join(" ", args)).isEqualTo(Cli.USAGE);
      String[] lines = stderr.toString(StandardCharsets.UTF_8).split("\n");
      assertThat(lines[0]).startsWith("backtest: ").doesNotContain("Exception");
      assertThat(lines[1]).startsWith("Usage: scripts/backtest");
      assertThat(stderr.toString(StandardCharsets.UTF_8)).doesNotContain("\tat ");
    }
    assertThat(Files.exists(dir.resolve("a.jsonl"))).isFalse();

    assertThat(backtest("--help")).isEqualTo(Cli.OK);
    assertThat(stdout.toString(StandardCharsets.UTF_8)).startsWith("Usage: scripts/backtest");
  }

  @Test
  void aBadSettingsFileIsRefusedNamingItsLineBeforeAnythingRuns() throws IOException {
    Path events = CsvFiles.copy(CsvFiles.REPLAY_SMALL, dir);
    String out = dir.resolve("a.jsonl").toString();
    String pvuv = dir.resolve("p.jsonl").toString();
    String good = "{\"version\":1,\"effectiveFrom\":0,\"settings\":{\"coupon.tiers\":\"100\"}}";
    Map<String, String> badFiles = new LinkedHashMap<>();
    badFiles.put("unknown key", good + "\n\n{\"version\":2,\"effectiveFrom\":0,\"settings\":{\"coupon.tierz\":\"1\"}}\n");
    badFiles.put("bad value", good + "\n\n{\"version\":2,\"effectiveFrom\":0,\"settings\":{\"coupon.tiers\":\"1.5\"}}\n");
    badFiles.put("another field", good + "\n\n{\"version\":2,\"effectiveFrom\":0,\"settings\":{},\"by\":\"me\"}\n");
    badFiles.put("not increasing", good + "\n\n{\"version\":1,\"effectiveFrom\":5,\"settings\":{}}\n");
    badFiles.put("not JSON", good + "\n\nversion=2\n");
    for (Map.Entry<String, String> bad : badFiles.entrySet()) {
      Path settings = dir.resolve("settings.jsonl");
      Files.writeString(settings, bad.getValue());

      assertThat(backtest("--events", events.toString(), "--alerts-out", out, "--pvuv-out", pvuv,
          "--settings", settings.toString())).as(bad.getKey()).isEqualTo(Cli.USAGE);
      assertThat(stderr.toString(StandardCharsets.UTF_8).split("\n")[0]).as(bad.getKey())
          .startsWith("backtest: --settings " + settings + ": line 3: ");
      assertThat(Files.exists(dir.resolve("a.jsonl"))).isFalse();
      assertThat(Files.exists(dir.resolve("p.jsonl"))).isFalse();
    }
  }
}
