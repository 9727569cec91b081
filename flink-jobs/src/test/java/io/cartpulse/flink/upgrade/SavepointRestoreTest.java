package io.cartpulse.flink.upgrade;

import static io.cartpulse.flink.upgrade.UpgradeScenario.CHURN_WINDOW;
import static io.cartpulse.flink.upgrade.UpgradeScenario.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.avro.PvUvPoint;
import io.cartpulse.flink.CartPulseJob;
import io.cartpulse.flink.LocalCluster;
import io.cartpulse.flink.config.JobConfig;
import io.cartpulse.flink.rules.churn.ChurnImplementation;
import io.cartpulse.contract.DeadLetterHeaders;
import io.cartpulse.testing.Clicks;
import io.cartpulse.testing.CsvFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Upgrades keep state (issue 10.2; modelled on Flink's own savepoint migration tests): the job of
 * this build restores the savepoint that the released job took mid-stream (fixture
 * {@value #FIXTURE}, made by {@link SavepointFixtureGenerator}; see its README), with every
 * operator's state claimed (no allowNonRestoredState), reads on, and what it emits is exactly what
 * the contract says for the whole input minus what the released job had emitted before the
 * savepoint. Runs the live wiring ({@link CartPulseJob#wireKafka}) against the embedded broker,
 * restoring the canonical savepoint into either state backend.
 */
@Timeout(300)
class SavepointRestoreTest {
  static final String FIXTURE = "savepoints/job-260a1c6";
  static final Duration DEADLINE = Duration.ofMinutes(3);

  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {JobConfig.STATE_BACKEND_ROCKSDB, JobConfig.STATE_BACKEND_HASHMAP})
  void theReleasedJobsSavepointRestoresAndTheRulesGoOnAsIfNeverStopped(String stateBackend) throws Exception {
    Path fixture = ContractLines.resource(FIXTURE);
    List<ClickEvent> before = CsvFiles.readValid(fixture.resolve(SavepointFixtureGenerator.BEFORE_CSV));
    List<ClickEvent> after = UpgradeScenario.after();
    List<ClickEvent> all = new ArrayList<>(before);
    all.addAll(after);
    UpgradeScenario.Due expected = UpgradeScenario.Due.of(all).minus(UpgradeScenario.Due.of(before));
    assertThatTheScenarioLeavesWorkForEveryRestoredState(expected);

    Path savepoint = dir.resolve("restored-from");
    SavepointFixtureGenerator.copyRecursively(fixture.resolve(SavepointFixtureGenerator.SAVEPOINT), savepoint);
    byte[] garbage = {0, 0, 0, 0, 99};
    try (LiveKafka kafka = LiveKafka.start(dir)) {
      // The whole input, so the offsets are those the released job read: it resumes at before.size().
      kafka.send(before);
      kafka.sendRaw("bad".getBytes(StandardCharsets.UTF_8), garbage);
      kafka.send(after);

      // As `flink run -s <savepoint>` does; the executor takes the restore settings from the configuration.
      Configuration cluster = LocalCluster.loopbackConfiguration();
      SavepointRestoreSettings.toConfiguration(
          SavepointRestoreSettings.forPath(savepoint.toUri().toString(), false, RecoveryClaimMode.NO_CLAIM), cluster);
      StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, cluster);
      CartPulseJob.wireKafka(env, JobConfig.from(
          UpgradeScenario.jobSettings(kafka, dir.resolve("checkpoints"), stateBackend)));
      JobClient job = env.executeAsync(CartPulseJob.JOB_NAME);
      boolean stopped = false;
      try {
        kafka.readUntil("alerts", records -> records.size() >= expected.alerts(), job, DEADLINE);
        kafka.readUntil("pvuv", records -> records.size() >= expected.pvuv().size(), job, DEADLINE);
        // Stopping with a savepoint commits every transaction: what is on the topics then is all it emitted.
        job.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
            .get();
        job.getJobExecutionResult().get();
        stopped = true;
      } finally {
        if (!stopped) {
          cancelAfterFailure(job);
        }
      }

      List<Alert> alerts = kafka.decode(Alert.class, "alerts", kafka.readAll("alerts"));
      List<PvUvPoint> points = kafka.decode(PvUvPoint.class, "pvuv", kafka.readAll("pvuv"));
      assertThat(alerts).extracting(Alert::getType).containsOnly(AlertType.CHURN_RISK, AlertType.TRAFFIC_SURGE);
      assertThat(ContractLines.churn(alerts)).isEqualTo(expected.churn());
      assertThat(ContractLines.surges(alerts)).isEqualTo(expected.surges());
      assertThat(ContractLines.pvuv(points)).isEqualTo(expected.pvuv());

      List<ConsumerRecord<byte[], byte[]>> deadLetters = kafka.readAll("clickstream-dlq");
      assertThat(deadLetters).singleElement().satisfies(record -> {
        assertThat(record.value()).isEqualTo(garbage);
        assertThat(new String(record.headers().lastHeader(DeadLetterHeaders.SOURCE_OFFSET).value(),
            StandardCharsets.UTF_8)).isEqualTo(Integer.toString(before.size()));
      });
      assertThat(kafka.readAll("clickstream-late")).isEmpty();
    }
  }

  /**
   * The two churn implementations keep their state in different operators, so a savepoint of the
   * one restores into the other only by dropping the open windows (flink-jobs/README.md): Flink
   * refuses it unless told to with allowNonRestoredState.
   */
  @Test
  void theOtherChurnImplementationDoesNotTakeOverTheOpenWindows() throws Exception {
    Path savepoint = dir.resolve("restored-from");
    SavepointFixtureGenerator.copyRecursively(
        ContractLines.resource(FIXTURE).resolve(SavepointFixtureGenerator.SAVEPOINT), savepoint);
    Configuration cluster = LocalCluster.loopbackConfiguration();
    SavepointRestoreSettings.toConfiguration(
        SavepointRestoreSettings.forPath(savepoint.toUri().toString(), false, RecoveryClaimMode.NO_CLAIM), cluster);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, cluster);
    // The job fails while restoring, before it reaches a broker.
    CartPulseJob.wireKafka(env, JobConfig.from(Map.of(JobConfig.BOOTSTRAP_SERVERS, "127.0.0.1:9",
        JobConfig.SCHEMA_REGISTRY_URL, "mock://upgrade-test",
        JobConfig.CHURN_IMPLEMENTATION, ChurnImplementation.PROCESS.key())));

    assertThatThrownBy(() -> env.executeAsync(CartPulseJob.JOB_NAME).getJobExecutionResult().get())
        .hasStackTraceContaining("allowNonRestoredState");
  }

  /** Frees the cluster (and the sinks' transactional ids) for the next case; the failure is the test's. */
  static void cancelAfterFailure(JobClient job) {
    try {
      job.cancel().get(1, TimeUnit.MINUTES);
    } catch (Exception alreadyEnded) {
      // Nothing left to stop.
    }
  }

  /**
   * What the contract expects after the restore, spelled out: each line depends on state that
   * only the savepoint carries, so a state the new build fails to restore changes it.
   */
  static void assertThatTheScenarioLeavesWorkForEveryRestoredState(UpgradeScenario.Due expected) {
    assertThat(expected.churn()).containsExactly(
        // 11 views before the savepoint, 2 after.
        ContractLines.churnLine("churn-continues", at(0, 0, 3, 30) + CHURN_WINDOW, 13, at(0, 0, 3, 30)),
        // 12 views before the savepoint, none after: the CEP operator's complete-but-open match.
        ContractLines.churnLine("churn-pending", at(0, 0, 2, 20) + CHURN_WINDOW, 12, at(0, 0, 2, 20)),
        // 6 views before the savepoint (the last one still buffered by the CEP operator), 4 after.
        ContractLines.churnLine("churn-reaches", at(0, 0, 1, 10) + CHURN_WINDOW, 10, at(0, 0, 1, 10)),
        // The returning shoppers never buy: windows opened at their first view, counted on both sides.
        ContractLines.churnLine("shopper-0", at(0, 0, 0, 5) + CHURN_WINDOW, 22, at(0, 0, 0, 5)),
        ContractLines.churnLine("shopper-1", at(0, 0, 1, 5) + CHURN_WINDOW, 22, at(0, 0, 1, 5)),
        ContractLines.churnLine("shopper-2", at(0, 0, 2, 5) + CHURN_WINDOW, 22, at(0, 0, 2, 5)),
        ContractLines.churnLine("shopper-3", at(0, 0, 3, 5) + CHURN_WINDOW, 20, at(0, 0, 3, 5)));
    // churn-discarded (11 views, then a purchase after the restore) and churn-below (5 + 3) do not alert.
    // Minute 47 surges on a baseline of 245 views in minutes 17-46, 28 and a half of them before the
    // savepoint; minute 45 (open at the savepoint, 32 + 30 views) surges too, but minute 44 did, so no alert.
    assertThat(expected.surges()).containsExactly("TRAFFIC_SURGE|" + at(0, 0, 48, 0) + "|62|8.17");
    assertThat(expected.pvuv()).isNotEmpty();
  }
}
