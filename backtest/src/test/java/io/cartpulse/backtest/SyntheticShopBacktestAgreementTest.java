package io.cartpulse.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.contract.ReferenceContract;
import io.cartpulse.local.generator.GenerateCsv;
import io.cartpulse.local.generator.SyntheticShop;
import io.cartpulse.local.generator.SyntheticShop.ShopConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first wall minute of the default shop, written as CSV and run through scripts/backtest (both
 * engines), gives exactly the files the contract's reference implementation writes: the demo data
 * triggers the real pipeline the way the contract says, and the two agree line for line on ~13,000
 * alerts and ~200,000 points.
 */
class SyntheticShopBacktestAgreementTest {
  @TempDir
  Path dir;

  @Test
  void theBacktestOfTheFirstMinuteMatchesTheReferenceLineForLine() throws IOException {
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
    ReferenceContract.Result reference = ReferenceContract.run(events);

    List<String> alerts = Files.readAllLines(alertsOut);
    assertThat(firstOf(reference.alertLines(), alerts)).as("alerts of the reference missing in the backtest").isEmpty();
    assertThat(firstOf(alerts, reference.alertLines())).as("alerts of the backtest the reference does not expect")
        .isEmpty();
    assertThat(alerts).hasSizeGreaterThan(10_000).containsExactlyElementsOf(reference.alertLines());

    List<String> points = Files.readAllLines(pvuvOut);
    assertThat(firstOf(reference.pvuvLines(), points)).as("PV/UV points missing in the backtest").isEmpty();
    assertThat(firstOf(points, reference.pvuvLines())).as("PV/UV points the reference does not expect").isEmpty();
    assertThat(points).hasSizeGreaterThan(100_000).containsExactlyElementsOf(reference.pvuvLines());
  }

  /** Up to 20 lines of {@code a} that are not in {@code b} (a readable failure instead of two huge lists). */
  private static List<String> firstOf(List<String> a, List<String> b) {
    Set<String> other = new TreeSet<>(b);
    return a.stream().filter(line -> !other.contains(line)).limit(20).toList();
  }
}
