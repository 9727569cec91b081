package io.cartpulse.backtest.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.click.Rees46Csv;
import io.cartpulse.contract.ReferenceContract;
import io.cartpulse.contract.ReferenceContract.ExpectedAlert;
import io.cartpulse.contract.ReferenceContract.ExpectedPoint;
import io.cartpulse.testing.CsvFiles;
import io.cartpulse.testing.SyntheticClicks;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Properties;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Flink job's backtest end to end on a local Flink cluster: the REES46 fixture and a synthetic
 * scenario in which churn, surges and a PV/UV day change happen, each compared with the contract's
 * reference implementation.
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
    scenarioCsv = CsvFiles.write(dir.resolve("scenario.csv"), scenario);
    // Invalid rows are skipped, whatever they are.
    Files.writeString(scenarioCsv, "2019-10-01 00:00:01 UTC,view,,1,,,1.00,u,s\nnot,a,row\n"
        + "2019-10-01 00:00:01 UTC,jump,p,1,,,1.00,u,s\n2019-10-01 00:00:01 UTC,view,p,1,,,free,u,s\n"
        + "2019-10-01 00:00:01 UTC,view,p,1,,,-1.00,u,s\n", StandardOpenOption.APPEND);
    scenarioResult = FlinkBacktest.run(scenarioCsv, new Properties());
  }

  static void assertMatchesTheReference(FlinkBacktest.Result result, List<ClickEvent> events) {
    ReferenceContract.Result reference = ReferenceContract.run(events);
    assertThat(result.lastEventTime()).isEqualTo(reference.tEnd());
    assertThat(ExpectedAlert.of(result.alerts())).isEqualTo(reference.flinkAlerts());
    assertThat(ExpectedPoint.of(result.pvuv())).isEqualTo(reference.pvuv());
  }

  @Test
  void rees46SampleMatchesTheContract() throws Exception {
    Path csv = CsvFiles.copy(CsvFiles.REES46_HEAD_3K, dir.resolve("rees46"));
    Properties parallelOne = new Properties();
    parallelOne.setProperty("parallelism", "1");

    FlinkBacktest.Result result = FlinkBacktest.run(csv, parallelOne);

    assertMatchesTheReference(result, CsvFiles.readValid(csv));
    assertThat(result.pvuv()).isNotEmpty();
  }

  @Test
  void scenarioMatchesTheContract() {
    assertMatchesTheReference(scenarioResult, scenario);
  }

  @Test
  void scenarioChurnAlertsAreTheExpectedOnes() {
    long edgeStart = T0 + 8 * MINUTE;
    assertThat(scenarioResult.alerts()).filteredOn(a -> a.getType() == AlertType.CHURN_RISK)
        .extracting(Alert::getUserId, a -> a.getEventTime().toEpochMilli(), a -> a.getAttributes().get("views"),
            a -> a.getAttributes().get("windowStart"))
        .contains(
            org.assertj.core.groups.Tuple.tuple("churner", T0 + 5 * MINUTE + 7 * DAY, "12",
                Long.toString(T0 + 5 * MINUTE)),
            org.assertj.core.groups.Tuple.tuple("edge", edgeStart + 7 * DAY, "10", Long.toString(edgeStart)),
            org.assertj.core.groups.Tuple.tuple("heavy", T0 + 20 * MINUTE + 7 * DAY, "500",
                Long.toString(T0 + 20 * MINUTE)))
        .noneMatch(tuple -> tuple.toList().contains("buyer") || tuple.toList().contains("browser"));
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

    assertThat(ExpectedAlert.of(result.alerts())).isEqualTo(ExpectedAlert.of(scenarioResult.alerts()));
  }

  @Test
  void aGzippedFileGivesTheSameResults() throws Exception {
    Path gz = dir.resolve("scenario.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      Files.copy(scenarioCsv, out);
    }

    FlinkBacktest.Result result = FlinkBacktest.run(gz, new Properties());

    assertThat(ExpectedAlert.of(result.alerts())).isEqualTo(ExpectedAlert.of(scenarioResult.alerts()));
    assertThat(ExpectedPoint.of(result.pvuv())).isEqualTo(ExpectedPoint.of(scenarioResult.pvuv()));
    assertThat(result.lastEventTime()).isEqualTo(scenarioResult.lastEventTime());
  }

  @Test
  void aFileWithoutValidRowsGivesNothing() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.csv"),
        Rees46Csv.HEADER + "\n2019-10-01 00:00:01 UTC,view,,1,,,1.00,u,s\n");

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
}
