package io.cartpulse.chaos;

import io.cartpulse.flink.CartPulseJob;
import io.cartpulse.flink.LocalCluster;
import io.cartpulse.flink.config.JobConfig;
import io.cartpulse.flink.config.JobConfigException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Flink job in a JVM of its own, on a MiniCluster bound to 127.0.0.1: how scripts/chaos runs
 * it, so that the process can be killed and started again like a JobManager and TaskManager that
 * crashed. Completed checkpoints are retained on disk ({@code checkpoint.retention}), and a start
 * restores the latest one under {@code checkpoint.dir} - what a cluster with high availability does
 * after a crash (by hand: {@code flink run -s <checkpoint.dir>/<job>/chk-N}). Inside the process a
 * failed job restarts from its latest checkpoint with an exponential delay, so a broker outage does
 * not end it.
 *
 * <pre>FlinkJobProcess --status FILE [--config job.properties] [--key value ...]</pre>
 * The status file gets one line once the job runs: {@code RUNNING <epoch ms> <restored checkpoint or ->}.
 */
public final class FlinkJobProcess {
  private static final Logger LOG = LoggerFactory.getLogger(FlinkJobProcess.class);
  private static final Pattern CHECKPOINT = Pattern.compile("chk-(\\d+)");
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  private FlinkJobProcess() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2 || !args[0].equals("--status")) {
      System.err.println("usage: FlinkJobProcess --status FILE [--config job.properties] [--key value ...]");
      System.exit(2);
    }
    Path status = Path.of(args[1]);
    JobConfig config;
    try {
      config = JobConfig.fromArgs(Arrays.copyOfRange(args, 2, args.length), System.getenv()).requireKafka();
    } catch (JobConfigException e) {
      System.err.println("FlinkJobProcess: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (config.checkpointDir() == null) {
      System.err.println("FlinkJobProcess: checkpoint.dir is required (the checkpoints a restart restores)");
      System.exit(2);
    }
    Path checkpoints = localPath(config.checkpointDir());
    Optional<Path> restore = latestCheckpoint(checkpoints);
    LOG.info("Starting {} ({}) with {}", CartPulseJob.JOB_NAME,
        restore.map(path -> "restoring " + path).orElse("no retained checkpoint: a fresh start"), config);

    Configuration conf = LocalCluster.loopbackConfiguration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofSeconds(10));
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, Integer.MAX_VALUE);
    // As in run-local: under backpressure aligned barriers queue behind the data, unaligned ones do not.
    conf.set(CheckpointingOptions.ENABLE_UNALIGNED, true);
    Path tmp = Files.createDirectories(checkpoints.resolveSibling("flink-tmp"));
    conf.set(CoreOptions.TMP_DIRS, tmp.toString());
    restore.ifPresent(path -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, path.toUri().toString()));

    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(config.parallelism(), conf);
    CartPulseJob.wireKafka(env, config);
    JobClient job = env.executeAsync(CartPulseJob.JOB_NAME);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        // Cancelling keeps the retained checkpoints; the next start restores the latest.
        job.cancel().get(20, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("Cancelling the job on shutdown failed: {}", e.toString());
      }
    }, "flink-job-process-shutdown"));
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    JobStatus state;
    while ((state = job.getJobStatus().get(30, TimeUnit.SECONDS)) != JobStatus.RUNNING) {
      if (state.isGloballyTerminalState() || System.nanoTime() > deadline) {
        System.err.println("FlinkJobProcess: the job did not start (" + state + ")");
        System.exit(1);
      }
      Thread.sleep(100);
    }
    writeStatus(status, "RUNNING " + System.currentTimeMillis() + " " + restore.map(Path::toString).orElse("-"));
    LOG.info("{} running as job {}", CartPulseJob.JOB_NAME, job.getJobID());
    try {
      job.getJobExecutionResult().get();
      LOG.error("The job ended");
    } catch (Exception e) {
      LOG.error("The job failed for good", e);
    }
    System.exit(1);
  }

  /**
   * The newest completed checkpoint under {@code checkpointDir} ({@code <job id>/chk-N} holding a
   * {@code _metadata} file): the one written last, the higher number on a tie.
   */
  static Optional<Path> latestCheckpoint(Path checkpointDir) throws IOException {
    if (!Files.isDirectory(checkpointDir)) {
      return Optional.empty();
    }
    try (Stream<Path> jobs = Files.list(checkpointDir)) {
      return jobs.filter(Files::isDirectory)
          .flatMap(FlinkJobProcess::completedCheckpoints)
          .max(Comparator.comparing(FlinkJobProcess::metadataTime).thenComparing(FlinkJobProcess::number));
    }
  }

  private static Stream<Path> completedCheckpoints(Path jobDir) {
    try (Stream<Path> children = Files.list(jobDir)) {
      return children.filter(dir -> CHECKPOINT.matcher(dir.getFileName().toString()).matches())
          .filter(dir -> Files.isRegularFile(dir.resolve("_metadata")))
          .toList().stream();
    } catch (IOException e) {
      return Stream.empty();
    }
  }

  private static long metadataTime(Path checkpoint) {
    try {
      return Files.getLastModifiedTime(checkpoint.resolve("_metadata")).toMillis();
    } catch (IOException e) {
      return Long.MIN_VALUE;
    }
  }

  private static long number(Path checkpoint) {
    Matcher matcher = CHECKPOINT.matcher(checkpoint.getFileName().toString());
    return matcher.matches() ? Long.parseLong(matcher.group(1)) : -1;
  }

  static Path localPath(String dirOrUri) {
    return dirOrUri.startsWith("file:") ? Path.of(URI.create(dirOrUri)) : Path.of(dirOrUri);
  }

  private static void writeStatus(Path status, String line) throws IOException {
    Path tmp = status.resolveSibling(status.getFileName() + ".tmp");
    Files.writeString(tmp, line + "\n");
    Files.move(tmp, status, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
