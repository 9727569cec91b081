package io.cartpulse.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.alert.Alerts;
import io.cartpulse.alert.BacktestOutput;
import io.cartpulse.avro.Alert;
import io.cartpulse.avro.PvUvPoint;
import io.cartpulse.click.ClickValidator;
import io.cartpulse.local.kafka.ClickProducer;
import io.cartpulse.local.kafka.OutputCollector;
import io.cartpulse.local.kafka.PipelineOutput;
import io.cartpulse.contract.Topics;
import io.cartpulse.local.source.CsvReplaySource;
import io.cartpulse.local.source.SourcedClick;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole local pipeline: the fixture replayed into clickstream through the embedded broker and
 * the local registry must give, on the alerts and pvuv topics (read_committed, decoded through the
 * registry), everything the backtest gives for the same file. Live output may hold more (the live
 * clock keeps moving on wall time), so the backtest's output must be a subset, by alertId and by
 * PV/UV point, with identical content.
 */
class LocalPipelineEndToEndTest {
  private static final Duration OUTPUT_DEADLINE = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  @Test
  @Timeout(240)
  void replayedFixtureGivesTheBacktestOutputOnTheTopics() throws Exception {
    Path fixture = Fixtures.copy(Fixtures.REPLAY_SMALL, dir);
    Backtest.Report expected = Backtest.execute(Backtest.Options.parse(new String[] {"--events", fixture.toString(),
        "--alerts-out", dir.resolve("expected-alerts.jsonl").toString(),
        "--pvuv-out", dir.resolve("expected-pvuv.jsonl").toString()}), quiet());
    Set<String> expectedSources = expected.alerts().stream().map(Alert::getSource).collect(Collectors.toSet());
    assertThat(expectedSources).containsExactlyInAnyOrder(Alerts.SOURCE_STREAMS, Alerts.SOURCE_FLINK);
    Map<String, String> expectedAlerts = lines(expected.alerts(), Alert::getAlertId, BacktestOutput::alertLine);
    Set<String> expectedPoints = Set.copyOf(expected.pvuv().stream().map(BacktestOutput::pvuvLine).toList());
    assertThat(expectedPoints).isNotEmpty();

    LocalStack.Settings settings = LocalStack.Settings.defaults(dir.resolve("run"))
        .withRegistryPort(0)
        .withCheckpointIntervalMs(1_000)
        .withWatermarkIdleMs(2_000)
        .withRuleOverrides(new Properties());
    try (LocalStack stack = LocalStack.start(settings, line -> { })) {
      long invalidSent = replay(fixture, stack);
      assertThat(invalidSent).isEqualTo(Fixtures.REPLAY_SMALL_INVALID);

      try (OutputCollector collector = new OutputCollector(stack.bootstrapServers(), stack.registryUrl())) {
        boolean complete = collector.pollUntil(output -> stack.engineFailure() != null
            || lines(output.alerts(), Alert::getAlertId, BacktestOutput::alertLine).keySet()
                .containsAll(expectedAlerts.keySet())
                && pointLines(output).containsAll(expectedPoints)
                && output.dlq() >= Fixtures.REPLAY_SMALL_INVALID, OUTPUT_DEADLINE);
        PipelineOutput live = collector.snapshot();
        assertThat(stack.engineFailure()).isNull();
        assertThat(complete).as("all backtest output on the topics within %s", OUTPUT_DEADLINE).isTrue();

        // Same content for every backtest alert, whichever engine wrote it.
        Map<String, String> liveAlerts = lines(live.alerts(), Alert::getAlertId, BacktestOutput::alertLine);
        expectedAlerts.forEach((id, line) -> assertThat(liveAlerts).containsEntry(id, line));
        assertThat(live.alerts()).extracting(Alert::getSource)
            .contains(Alerts.SOURCE_STREAMS, Alerts.SOURCE_FLINK);
        assertThat(pointLines(live)).containsAll(expectedPoints);
        // Every invalid row was produced and dead-lettered, never turned into an alert.
        assertThat(live.dlq()).isGreaterThanOrEqualTo(Fixtures.REPLAY_SMALL_INVALID);
        assertThat(live.undecodable()).isZero();
        assertThat(live.alerts()).extracting(Alert::getUserId).doesNotContain("501006");
      }
    }
  }

  /** Produces the fixture to clickstream as run-local does; returns how many invalid rows were sent. */
  private static long replay(Path fixture, LocalStack stack) throws Exception {
    long invalid = 0;
    long sent = 0;
    try (CsvReplaySource source = CsvReplaySource.open(fixture);
        ClickProducer producer = new ClickProducer(stack.bootstrapServers(), stack.registryUrl(), true,
            Topics.CLICKSTREAM)) {
      SourcedClick click;
      while ((click = source.next()) != null) {
        if (!click.valid()) {
          invalid++;
          assertThat(ClickValidator.invalidReason(click.event())).as("line %d", click.lineNumber()).isNotNull();
        }
        assertThat(producer.send(click.event())).isTrue();
        sent++;
      }
      producer.flush();
      assertThat(producer.firstError()).isNull();
      assertThat(producer.acked()).isEqualTo(sent);
    }
    assertThat(sent).isEqualTo(Fixtures.REPLAY_SMALL_ROWS);
    return invalid;
  }

  private static Set<String> pointLines(PipelineOutput output) {
    Set<String> points = new HashSet<>();
    for (PvUvPoint point : output.pvuv()) {
      points.add(BacktestOutput.pvuvLine(point));
    }
    return points;
  }

  private static <T> Map<String, String> lines(List<T> records, Function<T, String> id, Function<T, String> line) {
    return records.stream().collect(Collectors.toMap(id, line, (first, second) -> first));
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }
}
