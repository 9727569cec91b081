package io.cartpulse.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.alert.Alerts;
import io.cartpulse.avro.Alert;
import io.cartpulse.avro.PvUvPoint;
import io.cartpulse.click.ClickValidator;
import io.cartpulse.contract.ReferenceContract;
import io.cartpulse.contract.ReferenceContract.ExpectedAlert;
import io.cartpulse.contract.ReferenceContract.ExpectedPoint;
import io.cartpulse.contract.Topics;
import io.cartpulse.local.kafka.ClickProducer;
import io.cartpulse.local.kafka.OutputCollector;
import io.cartpulse.local.kafka.PipelineOutput;
import io.cartpulse.local.source.CsvReplaySource;
import io.cartpulse.local.source.SourcedClick;
import io.cartpulse.testing.CsvFiles;
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
 * registry), exactly what the contract's reference gives for the same file: the same alerts and
 * PV/UV points, none twice, no event late. Live output may hold more only after the last input
 * event (the live clock keeps moving on wall time, ALERTS.md section 2); up to it, nothing else.
 */
class LocalPipelineEndToEndTest {
  private static final Duration OUTPUT_DEADLINE = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  @Test
  @Timeout(240)
  void replayedFixtureGivesTheReferenceOutputOnTheTopics() throws Exception {
    Path fixture = CsvFiles.copy(CsvFiles.REPLAY_SMALL, dir);
    ReferenceContract.Result expected = ReferenceContract.run(CsvFiles.readValid(fixture));
    Set<String> expectedSources = expected.alerts().stream().map(ExpectedAlert::source).collect(Collectors.toSet());
    assertThat(expectedSources).containsExactlyInAnyOrder(Alerts.SOURCE_STREAMS, Alerts.SOURCE_FLINK);
    Map<String, String> expectedAlerts = lines(expected.alerts(), ExpectedAlert::alertId, ExpectedAlert::jsonLine);
    Set<String> expectedPoints = Set.copyOf(expected.pvuvLines());
    assertThat(expectedPoints).isNotEmpty();

    LocalStack.Settings settings = LocalStack.Settings.defaults(dir.resolve("run"))
        .withRegistryPort(0)
        .withCheckpointIntervalMs(1_000)
        .withWatermarkIdleMs(2_000)
        .withRuleOverrides(new Properties());
    try (LocalStack stack = LocalStack.start(settings, line -> { })) {
      long invalidSent = replay(fixture, stack);
      assertThat(invalidSent).isEqualTo(CsvFiles.REPLAY_SMALL_INVALID);

      try (OutputCollector collector = new OutputCollector(stack.bootstrapServers(), stack.registryUrl())) {
        boolean complete = collector.pollUntil(output -> stack.engineFailure() != null
            || alertLines(output).keySet()
                .containsAll(expectedAlerts.keySet())
                && pointLines(output).containsAll(expectedPoints)
                && output.dlq() >= CsvFiles.REPLAY_SMALL_INVALID, OUTPUT_DEADLINE);
        PipelineOutput live = collector.snapshot();
        assertThat(stack.engineFailure()).isNull();
        assertThat(complete).as("all the reference's output on the topics within %s; missing alerts %s, missing"
            + " points %s (of %d), dead letters %d", OUTPUT_DEADLINE,
            expectedAlerts.keySet().stream().filter(id -> !alertLines(live).containsKey(id)).toList(),
            expectedPoints.stream().filter(p -> !pointLines(live).contains(p)).limit(10).toList(),
            expectedPoints.size(), live.dlq()).isTrue();

        // Same content for every alert of the reference, whichever engine wrote it.
        Map<String, String> liveAlerts = alertLines(live);
        expectedAlerts.forEach((id, line) -> assertThat(liveAlerts).containsEntry(id, line));
        assertThat(live.alerts()).extracting(Alert::getSource)
            .contains(Alerts.SOURCE_STREAMS, Alerts.SOURCE_FLINK);
        assertThat(pointLines(live)).containsAll(expectedPoints);
        // Every invalid row was produced and dead-lettered, never turned into an alert.
        assertThat(live.dlq()).isGreaterThanOrEqualTo(CsvFiles.REPLAY_SMALL_INVALID);
        assertThat(live.undecodable()).isZero();
        assertThat(live.alerts()).extracting(Alert::getUserId).doesNotContain("501006");

        // Exactly the backtest up to T_end: nothing more, nothing twice, no event behind the clock.
        long tEnd = expected.tEnd();
        assertThat(live.alerts()).extracting(Alert::getAlertId).doesNotHaveDuplicates();
        assertThat(lines(live.alerts().stream().filter(a -> a.getEventTime().toEpochMilli() <= tEnd)
            .map(ExpectedAlert::of).toList(), ExpectedAlert::alertId, ExpectedAlert::jsonLine))
            .isEqualTo(expectedAlerts);
        assertThat(live.pvuv()).extracting(p -> p.getDay() + "/" + p.getWindowEnd() + "/" + p.getDimension())
            .doesNotHaveDuplicates();
        assertThat(live.pvuv().stream().filter(p -> p.getWindowEnd().toEpochMilli() <= tEnd)
            .map(point -> ExpectedPoint.of(point).jsonLine()).collect(Collectors.toSet())).isEqualTo(expectedPoints);
        assertThat(live.late()).isZero();
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
    assertThat(sent).isEqualTo(CsvFiles.REPLAY_SMALL_ROWS);
    return invalid;
  }

  private static Map<String, String> alertLines(PipelineOutput output) {
    return lines(output.alerts().stream().map(ExpectedAlert::of).toList(), ExpectedAlert::alertId,
        ExpectedAlert::jsonLine);
  }

  private static Set<String> pointLines(PipelineOutput output) {
    Set<String> points = new HashSet<>();
    for (PvUvPoint point : output.pvuv()) {
      points.add(ExpectedPoint.of(point).jsonLine());
    }
    return points;
  }

  private static <T> Map<String, String> lines(List<T> records, Function<T, String> id, Function<T, String> line) {
    return records.stream().collect(Collectors.toMap(id, line, (first, second) -> first));
  }
}
