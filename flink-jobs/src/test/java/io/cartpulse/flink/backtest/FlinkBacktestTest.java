package io.cartpulse.flink.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.flink.testing.ContractOracle;
import io.cartpulse.flink.testing.Fixtures;
import io.cartpulse.flink.testing.Results;
import io.cartpulse.flink.testing.SyntheticClicks;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backtest end to end on a local Flink cluster: the REES46 fixture and a synthetic scenario in
 * which churn, surges and a PV/UV day change happen, each compared with the contract oracle.
 */
class FlinkBacktestTest {
  static final long DAY = 86_400_000L;
  static final long MINUTE = 60_000L;
  static final long T0 = SyntheticClicks.T0;

  @TempDir
  static Path dir;
  static Path scenarioCsv;
  static List<ClickEvent> scenario;
  static FlinkBacktest.Result scenarioResult;

  @BeforeAll
  static void runScenario() throws Exception {
    scenario = SyntheticClicks.scenario();
    scenarioCsv = Fixtures.writeCsv(dir.resolve("scenario.csv"), scenario);
    // Invalid rows are skipped, whatever they are.
    Files.writeString(scenarioCsv, "2019-10-01 00:00:01 UTC,view,,1,,,1.00,u,s\nnot,a,row\n"
        + "2019-10-01 00:00:01 UTC,jump,p,1,,,1.00,u,s\n2019-10-01 00:00:01 UTC,view,p,1,,,free,u,s\n"
        + "2019-10-01 00:00:01 UTC,view,p,1,,,-1.00,u,s\n", StandardOpenOption.APPEND);
    scenarioResult = FlinkBacktest.run(scenarioCsv, new Properties());
  }

  @Test
  void rees46SampleMatchesTheContract() throws Exception {
    Path csv = Fixtures.resource(Fixtures.REES46_HEAD);
    List<ClickEvent> events = Fixtures.readValid(csv);
    Properties parallelOne = new Properties();
    parallelOne.setProperty("parallelism", "1");

    FlinkBacktest.Result result = FlinkBacktest.run(csv, parallelOne);

    assertThat(result.lastEventTime()).isEqualTo(ContractOracle.tEnd(events));
    assertThat(Results.pvuvLines(result.pvuv())).isEqualTo(ContractOracle.pvuv(events)).isNotEmpty();
    assertThat(Results.churnLines(result.alerts())).isEqualTo(ContractOracle.churn(events, 7 * DAY, 10));
    assertThat(Results.surgeLines(result.alerts()))
        .isEqualTo(ContractOracle.surges(events, 50, new BigDecimal("3.0"), 30, 30));
  }

  @Test
  void scenarioMatchesTheContract() {
    assertThat(scenarioResult.lastEventTime()).isEqualTo(ContractOracle.tEnd(scenario));
    assertThat(Results.churnLines(scenarioResult.alerts())).isEqualTo(ContractOracle.churn(scenario, 7 * DAY, 10));
    assertThat(Results.surgeLines(scenarioResult.alerts()))
        .isEqualTo(ContractOracle.surges(scenario, 50, new BigDecimal("3.0"), 30, 30));
    assertThat(Results.pvuvLines(scenarioResult.pvuv())).isEqualTo(ContractOracle.pvuv(scenario));
  }

  @Test
  void scenarioChurnAlertsAreTheExpectedOnes() {
    List<String> churn = Results.churnLines(scenarioResult.alerts());
    long edgeStart = T0 + 8 * MINUTE;
    assertThat(churn).contains(
        ContractOracle.churnLine("churner", T0 + 5 * MINUTE + 7 * DAY, 12, T0 + 5 * MINUTE),
        ContractOracle.churnLine("edge", edgeStart + 7 * DAY, 10, edgeStart),
        ContractOracle.churnLine("heavy", T0 + 20 * MINUTE + 7 * DAY, 500, T0 + 20 * MINUTE));
    assertThat(churn).noneMatch(line -> line.contains("|buyer|") || line.contains("|browser|"));
    assertThat(scenarioResult.alerts()).allSatisfy(alert -> assertThat(alert.getSource()).isEqualTo("flink-jobs"));
  }

  @Test
  void scenarioSurgesOnlyWithHistoryAndOnRisingEdges() {
    List<Alert> surges = scenarioResult.alerts().stream().filter(a -> a.getType() == AlertType.TRAFFIC_SURGE).toList();
    assertThat(surges).extracting(a -> a.getEventTime().toEpochMilli())
        .contains(T0 + 91 * MINUTE)
        .doesNotContain(T0 + 11 * MINUTE, T0 + 92 * MINUTE);
  }

  @Test
  void scenarioPvUvCurvesChangeDay() {
    assertThat(scenarioResult.pvuv()).filteredOn(p -> p.getDay().equals("2019-10-01") && p.getDimension().equals("all"))
        .hasSize(1440)
        .last().satisfies(p -> assertThat(p.getWindowEnd().toEpochMilli()).isEqualTo(T0 + DAY));
    assertThat(scenarioResult.pvuv()).filteredOn(p -> p.getDay().equals("2019-10-02") && p.getDimension().equals("all"))
        .first().satisfies(p -> {
          assertThat(p.getWindowEnd().toEpochMilli()).isEqualTo(T0 + DAY + MINUTE);
          assertThat(p.getPv()).isBetween(1L, 3L);
        });
  }

  @Test
  void thePlainChurnFunctionGivesTheSameAlertsAsCep() throws Exception {
    Properties plain = new Properties();
    plain.setProperty("churn.implementation", "process");

    FlinkBacktest.Result result = FlinkBacktest.run(scenarioCsv, plain);

    assertThat(ids(result.alerts())).isEqualTo(ids(scenarioResult.alerts()));
  }

  @Test
  void aGzippedFileGivesTheSameResults() throws Exception {
    Path gz = dir.resolve("scenario.csv.gz");
    try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
      Files.copy(scenarioCsv, out);
    }

    FlinkBacktest.Result result = FlinkBacktest.run(gz, new Properties());

    assertThat(ids(result.alerts())).isEqualTo(ids(scenarioResult.alerts()));
    assertThat(Results.pvuvLines(result.pvuv())).isEqualTo(Results.pvuvLines(scenarioResult.pvuv()));
    assertThat(result.lastEventTime()).isEqualTo(scenarioResult.lastEventTime());
  }

  @Test
  void aFileWithoutValidRowsGivesNothing() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.csv"),
        io.cartpulse.click.Rees46Csv.HEADER + "\n2019-10-01 00:00:01 UTC,view,,1,,,1.00,u,s\n");

    FlinkBacktest.Result result = FlinkBacktest.run(empty, new Properties());

    assertThat(result.alerts()).isEmpty();
    assertThat(result.pvuv()).isEmpty();
    assertThat(result.lastEventTime()).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void aFileWithoutTheHeaderIsRejected() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.csv"), "a,b,c\n");
    assertThatThrownBy(() -> FlinkBacktest.run(bad, new Properties()))
        .isInstanceOf(IOException.class).hasMessageContaining("REES46 header");
  }

  static List<String> ids(List<Alert> alerts) {
    return alerts.stream().map(a -> a.getAlertId() + " " + a.getAttributes()).sorted().toList();
  }
}
