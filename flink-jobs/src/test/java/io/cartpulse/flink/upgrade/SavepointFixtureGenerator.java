package io.cartpulse.flink.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.avro.PvUvPoint;
import io.cartpulse.flink.CartPulseJob;
import io.cartpulse.flink.LocalCluster;
import io.cartpulse.flink.config.JobConfig;
import io.cartpulse.testing.Clicks;
import io.cartpulse.testing.CsvFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Makes the savepoint fixture of {@link SavepointRestoreTest} (run by hand, not a test): the live
 * job ({@link CartPulseJob#wireKafka}, RocksDB, exactly-once) on a local cluster against the
 * embedded broker reads {@link UpgradeScenario#before()}; once its alerts and PV/UV points are
 * exactly what the contract says for that input (all committed, so no transaction is pending), it
 * is stopped with a savepoint in Flink's canonical format, which any state backend restores.
 * Writes {@code DIR/savepoint/} (the savepoint) and {@code DIR/before.csv} (the input it has seen).
 *
 * <p>A fixture records one release: make a new one (new DIR) only when the job that made the old
 * one is no longer a release to upgrade from, and keep the commit and date in DIR/README.md.
 *
 * <pre>
 * export MAVEN_OPTS="-Dmaven.repo.local=..."   # as usual
 * mvn -B -pl flink-jobs -am install -DskipTests
 * mvn -B -pl flink-jobs test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *   -Dexec.args="-cp %classpath io.cartpulse.flink.upgrade.SavepointFixtureGenerator \
 *   src/test/resources/savepoints/NAME"
 * </pre>
 */
public final class SavepointFixtureGenerator {
  static final String SAVEPOINT = "savepoint";
  static final String BEFORE_CSV = "before.csv";
  static final Duration DEADLINE = Duration.ofMinutes(3);

  private SavepointFixtureGenerator() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("Usage: SavepointFixtureGenerator <fixture dir, e.g. src/test/resources/savepoints/NAME>");
      System.exit(2);
    }
    Path fixture = Path.of(args[0]).toAbsolutePath();
    Path work = Files.createDirectories(Path.of("target", "savepoint-fixture")).toAbsolutePath();
    List<ClickEvent> before = UpgradeScenario.before();
    UpgradeScenario.Due due = UpgradeScenario.Due.of(before);

    String savepoint;
    try (LiveKafka kafka = LiveKafka.start(work)) {
      StreamExecutionEnvironment env = LocalCluster.environment(1);
      CartPulseJob.wireKafka(env, JobConfig.from(
          UpgradeScenario.jobSettings(kafka, work.resolve("checkpoints"), JobConfig.STATE_BACKEND_ROCKSDB)));
      JobClient job = env.executeAsync(CartPulseJob.JOB_NAME);
      kafka.send(before);

      List<Alert> alerts = kafka.decode(Alert.class, "alerts",
          kafka.readUntil("alerts", records -> records.size() >= due.alerts(), job, DEADLINE));
      List<PvUvPoint> points = kafka.decode(PvUvPoint.class, "pvuv",
          kafka.readUntil("pvuv", records -> records.size() >= due.pvuv().size(), job, DEADLINE));
      assertThat(ContractLines.churn(alerts)).isEqualTo(due.churn());
      assertThat(ContractLines.surges(alerts)).isEqualTo(due.surges()).isNotEmpty();
      assertThat(ContractLines.pvuv(points)).isEqualTo(due.pvuv()).isNotEmpty();

      savepoint = job.stopWithSavepoint(false, work.resolve("savepoints").toUri().toString(),
          SavepointFormatType.CANONICAL).get();
      job.getJobExecutionResult().get();
    }

    Path written = Path.of(URI.create(savepoint.startsWith("file:") ? savepoint : "file://" + savepoint));
    Path target = fixture.resolve(SAVEPOINT);
    deleteRecursively(target);
    copyRecursively(written, target);
    CsvFiles.write(fixture.resolve(BEFORE_CSV), before);
    System.out.printf("Savepoint of %d events (%d alerts, %d PV/UV points emitted before it) written to %s%n",
        before.size(), due.alerts(), due.pvuv().size(), target);
  }

  static void copyRecursively(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Path copy = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(path, copy, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.delete(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
