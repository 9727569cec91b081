package io.cartpulse.chaos;

import io.cartpulse.alert.BacktestOutput;
import io.cartpulse.avro.Alert;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.avro.PvUvPoint;
import io.cartpulse.contract.Topics;
import io.cartpulse.local.kafka.LocalTopics;
import io.cartpulse.registry.RegistryConfig;
import io.cartpulse.registry.SpecificAvroSerde;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one scenario: starts the pipeline as processes, feeds the input at a steady rate while the
 * faults strike, drains, and compares what the output topics hold with the backtest.
 */
final class ScenarioRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ScenarioRunner.class);

  /** The input every scenario replays and what the backtest made of it. */
  record Input(Path csv, long events, long lastEventTime, List<Alert> alerts, List<PvUvPoint> pvuv) {}

  /** How a scenario is run. */
  record Settings(double rate, long poisonRecords, Duration drainTimeout, Properties streamsOverrides,
      List<String> streamsJavaOptions, Properties flinkOverrides) {}

  /** A recovery time: what recovered, in how many ms (negative: not seen), and how it was measured. */
  record Recovery(String what, long millis, String measure) {}

  /** The outcome of a scenario. */
  record Result(Scenario scenario, long inputEvents, long poisonSent, double feedSeconds, OutputComparison alerts,
      OutputComparison pvuv, DeadLetterCheck deadLetters, long lateEvents, long undecodable,
      Map<String, Long> abortedRecords, List<Recovery> recoveries, List<String> problems, double drainSeconds) {

    boolean passed() {
      return problems.isEmpty() && alerts.exact() && pvuv.exact() && deadLetters.exact() && undecodable == 0;
    }
  }

  private final Input input;
  private final Settings settings;
  private final Path runDir;
  private final Consumer<String> status;

  ScenarioRunner(Input input, Settings settings, Path runDir, Consumer<String> status) {
    this.input = input;
    this.settings = settings;
    this.runDir = runDir;
    this.status = status;
  }

  Result run(Scenario scenario) throws Exception {
    List<String> problems = new CopyOnWriteArrayList<>();
    List<Recovery> recoveries = new CopyOnWriteArrayList<>();
    List<Measurement> pendingRecoveries = new CopyOnWriteArrayList<>();
    Set<ManagedProcess> downOnPurpose = java.util.concurrent.ConcurrentHashMap.newKeySet();
    long poisonCount = scenario.poisonAt() >= 0 ? settings.poisonRecords() : 0;
    try (ChaosCluster cluster = new ChaosCluster(runDir.resolve(scenario.name()), settings.streamsOverrides(),
        settings.streamsJavaOptions(), settings.flinkOverrides())) {
      status.accept("starting the processes (broker, registry, 2 x streams-app, flink) in " + cluster.dir());
      cluster.start();
      try (RecoveryProbe probe = new RecoveryProbe(cluster.bootstrapServers(), ChaosCluster.STREAMS_APPLICATION_ID,
              ChaosCluster.FLINK_GROUP_ID);
          OutputTap tap = new OutputTap(cluster.bootstrapServers(), cluster.registryUrl());
          ClickFeeder feeder = new ClickFeeder(cluster.bootstrapServers(), clickSerde(cluster.registryUrl()))) {
        AtomicLong progress = new AtomicLong();
        AtomicReference<Exception> feedFailure = new AtomicReference<>();
        PoisonRecords poison = poisonCount > 0 ? new PoisonRecords(cluster.clickEventSchemaId(), 20191001L) : null;
        long poisonFrom = poisonCount > 0 ? (long) (scenario.poisonAt() * input.events()) : Long.MAX_VALUE;
        long feedStarted = System.nanoTime();
        Thread feedThread = new Thread(() -> {
          try {
            feeder.feed(input.csv(), settings.rate(), poison, poisonCount, poisonFrom, 5, progress::set);
          } catch (Exception e) {
            feedFailure.set(e);
          }
        }, "chaos-feed");
        status.accept(String.format("feeding %,d events at %,.0f/s%s", input.events(), settings.rate(),
            poisonCount > 0 ? String.format(" with %,d poison records from %.0f%% on", poisonCount,
                scenario.poisonAt() * 100) : ""));
        feedThread.start();
        List<Thread> faultThreads = new ArrayList<>();
        for (Scenario.Fault fault : scenario.faults()) {
          Thread thread = new Thread(() -> {
            try {
              awaitProgress(progress, (long) (fault.at() * input.events()), feedThread);
              status.accept(fault.describe());
              inject(fault, cluster, probe, recoveries, pendingRecoveries, downOnPurpose);
            } catch (Exception e) {
              problems.add("fault '" + fault.describe() + "' failed: " + e);
              LOG.error("Fault failed", e);
            }
          }, "chaos-fault-" + fault.kind());
          thread.start();
          faultThreads.add(thread);
        }
        while (feedThread.isAlive()) {
          tap.poll(Duration.ofMillis(250));
          checkAlive(cluster, downOnPurpose, problems);
        }
        double feedSeconds = (System.nanoTime() - feedStarted) / 1e9;
        if (feedFailure.get() != null) {
          problems.add("feeding the input failed: " + feedFailure.get());
        }
        if (feeder.firstError() != null || feeder.acked() != feeder.sent()) {
          problems.add("the input was not all acknowledged: sent " + feeder.sent() + ", acknowledged "
              + feeder.acked() + (feeder.firstError() == null ? "" : ", first error " + feeder.firstError()));
        }
        status.accept(String.format("input sent in %.1f s; waiting for the faults to end and the output to drain",
            feedSeconds));
        for (Thread thread : faultThreads) {
          while (thread.isAlive()) {
            tap.poll(Duration.ofMillis(250));
          }
        }
        long drainStarted = System.nanoTime();
        Completeness completeness = new Completeness(input, poisonCount * DeadLetterCheck.ENGINES);
        boolean drained = tap.pollUntil(completeness::test,
            problems.isEmpty() ? settings.drainTimeout() : Duration.ofSeconds(30));
        // Then to the end of what is committed, and a little longer: late duplicates would show here.
        tap.catchUp(Duration.ofSeconds(60));
        tap.pollUntil(out -> false, Duration.ofSeconds(5));
        double drainSeconds = (System.nanoTime() - drainStarted) / 1e9;
        if (!drained) {
          problems.add("the output was not complete " + settings.drainTimeout().toSeconds() + " s after the input");
        }
        checkAlive(cluster, downOnPurpose, problems);
        for (Measurement pending : pendingRecoveries) {
          pending.await(Duration.ofSeconds(30));
        }
        reportLag(cluster, problems);
        Map<String, Long> aborted = new LinkedHashMap<>();
        for (String topic : List.of(Topics.ALERTS, Topics.PVUV, Topics.CLICKSTREAM_DLQ)) {
          aborted.put(topic, OutputTap.abortedRecords(cluster.bootstrapServers(), topic));
        }
        Result result = new Result(scenario, progress.get(), poisonCount, feedSeconds,
            OutputComparison.alerts(input.alerts(), tap.alerts(), input.lastEventTime()),
            OutputComparison.pvuv(input.pvuv(), tap.pvuv(), input.lastEventTime()),
            DeadLetterCheck.of(feeder.poisonList(), tap.deadLetters()), tap.late(), tap.undecodable(), aborted,
            List.copyOf(recoveries), List.copyOf(problems), drainSeconds);
        status.accept("stopping the processes");
        return result;
      }
    }
  }

  /**
   * Whether everything expected has arrived (extra and duplicate output is judged afterwards);
   * looks at each record read back once.
   */
  private static final class Completeness {
    private final Set<String> alertsMissing = new HashSet<>();
    private final Set<String> pointsMissing = new HashSet<>();
    private final long deadLetters;
    private int alertsSeen;
    private int pointsSeen;

    Completeness(Input input, long deadLetters) {
      input.alerts().forEach(alert -> alertsMissing.add(BacktestOutput.alertLine(alert)));
      input.pvuv().forEach(point -> pointsMissing.add(BacktestOutput.pvuvLine(point)));
      this.deadLetters = deadLetters;
    }

    boolean test(OutputTap out) {
      for (; alertsSeen < out.alerts().size(); alertsSeen++) {
        alertsMissing.remove(BacktestOutput.alertLine(out.alerts().get(alertsSeen)));
      }
      for (; pointsSeen < out.pvuv().size(); pointsSeen++) {
        pointsMissing.remove(BacktestOutput.pvuvLine(out.pvuv().get(pointsSeen)));
      }
      return alertsMissing.isEmpty() && pointsMissing.isEmpty() && out.deadLetters().size() >= deadLetters;
    }
  }

  private void inject(Scenario.Fault fault, ChaosCluster cluster, RecoveryProbe probe, List<Recovery> recoveries,
      List<Measurement> pending, Set<ManagedProcess> downOnPurpose) throws Exception {
    switch (fault.kind()) {
      case KILL_STREAMS -> {
        ManagedProcess instance = cluster.streams(fault.target());
        long killed = System.currentTimeMillis();
        CompletableFuture<Long> stall = probe.longestStall(killed);
        downOnPurpose.add(instance);
        instance.kill();
        if (fault.wipeState()) {
          cluster.wipeStreamsState(fault.target());
        }
        Thread.sleep(fault.down().toMillis());
        long restarted = System.currentTimeMillis();
        RecoveryProbe.InstanceRecovery recovery = probe.instanceProcessing(fault.target() + "-", restarted);
        instance.start();
        // The wall time the recovery clocks count from, to line the instance's own log up with them.
        LOG.info("{} restarted (pid {}), {} after its kill", fault.target(), instance.pid(),
            Duration.ofMillis(restarted - killed));
        downOnPurpose.remove(instance);
        pending.add(measure(recovery.assigned(), restarted, recoveries, fault.target() + " restart -> holds partitions",
            "from the new process's start until the group lists it with clickstream partitions"));
        // Read when the probe sees the progress: how much CPU the start took, and what share of the machine it got.
        AtomicReference<String> cpu = new AtomicReference<>("");
        CompletableFuture<Long> processing = recovery.processing().whenComplete((at, error) -> {
          if (error == null) {
            cpu.set(cpuNote(instance.cpuTime(), at - restarted, Runtime.getRuntime().availableProcessors()));
          }
        });
        pending.add(measure(processing, restarted, recoveries, fault.target() + " restart -> processing again",
            () -> "from the new process's start to its first committed progress on a partition it holds" + cpu.get()));
        pending.add(measure(stall, killed, recoveries, "clickstream partitions stalled by the kill (longest)",
            "from the kill until every partition's committed offset moved again"));
      }
      case KILL_FLINK -> {
        ManagedProcess flink = cluster.flink();
        downOnPurpose.add(flink);
        flink.kill();
        Thread.sleep(fault.down().toMillis());
        long restarted = System.currentTimeMillis();
        CompletableFuture<Long> progress = probe.flinkProgress(restarted);
        cluster.startFlink();
        downOnPurpose.remove(flink);
        String running = cluster.awaitFlinkRunning();
        String[] parts = running.split(" ", 3);
        recoveries.add(new Recovery("flink restart -> job running", Long.parseLong(parts[1]) - restarted,
            "restored " + (parts.length > 2 ? Path.of(parts[2]).getFileName() : "nothing")));
        pending.add(measure(progress, restarted, recoveries, "flink restart -> first checkpoint committed",
            "from the new process's start to the first offsets committed on a checkpoint"));
      }
      case RESTART_BROKER -> {
        ManagedProcess broker = cluster.broker();
        downOnPurpose.add(broker);
        broker.kill();
        Thread.sleep(fault.down().toMillis());
        long restarted = System.currentTimeMillis();
        CompletableFuture<Long> streams = probe.streamsProgress(restarted);
        CompletableFuture<Long> flink = probe.flinkProgress(restarted);
        broker.start();
        downOnPurpose.remove(broker);
        cluster.awaitBroker();
        recoveries.add(new Recovery("broker restart -> serving", System.currentTimeMillis() - restarted,
            "until an admin client is answered"));
        pending.add(measure(streams, restarted, recoveries, "broker restart -> streams-app progress",
            "first committed progress of the streams group"));
        pending.add(measure(flink, restarted, recoveries, "broker restart -> flink progress",
            "first offsets the Flink job commits on a checkpoint"));
      }
      case FREEZE_REGISTRY -> {
        cluster.registry().signal("STOP");
        Thread.sleep(fault.down().toMillis());
        cluster.registry().signal("CONT");
      }
      default -> throw new IllegalStateException(fault.kind().toString());
    }
  }

  static Measurement measure(CompletableFuture<Long> at, long since, List<Recovery> recoveries, String what,
      String how) {
    return measure(at, since, recoveries, what, () -> how);
  }

  /** The same, with how it was measured known only once the clock stopped. */
  static Measurement measure(CompletableFuture<Long> at, long since, List<Recovery> recoveries, String what,
      Supplier<String> how) {
    CompletableFuture<?> recorded = at.whenComplete(
        (time, error) -> recoveries.add(new Recovery(what, error == null ? time - since : -1, how.get())));
    return new Measurement(at, recorded);
  }

  /**
   * A restart's CPU: what the new process used until it recovered, and the share of the machine that is
   * on average over that wall time. On a shared machine a restart is as fast as the CPU it gets.
   */
  static String cpuNote(Optional<Duration> cpu, long wallMillis, int cores) {
    if (cpu.isEmpty() || wallMillis <= 0) {
      return "";
    }
    double seconds = cpu.get().toMillis() / 1000.0;
    return String.format(Locale.ROOT, "; by then it had used %.1f s of CPU, %.2f of the machine's %d cores on average",
        seconds, seconds * 1000.0 / wallMillis, cores);
  }

  /** A recovery clock: what it waits for, and its entry in the report once that came or was given up. */
  record Measurement(CompletableFuture<Long> at, CompletableFuture<?> recorded) {
    /**
     * Waits for the entry; a clock that has not stopped by then is cancelled, which reports it as not
     * seen (e.g. an instance back after the session timeout, whose tasks stay where they were moved).
     */
    void await(Duration timeout) throws InterruptedException {
      try {
        recorded.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        at.cancel(false);
      } catch (ExecutionException | CancellationException e) {
        // recorded as not seen
      }
    }
  }

  private static void awaitProgress(AtomicLong progress, long target, Thread feed) throws InterruptedException {
    while (progress.get() < target && feed.isAlive()) {
      Thread.sleep(20);
    }
  }

  private static void checkAlive(ChaosCluster cluster, Set<ManagedProcess> downOnPurpose, List<String> problems) {
    for (String dead : cluster.unexpectedlyDead(List.copyOf(downOnPurpose))) {
      String problem = dead + " ended on its own (see " + cluster.dir().resolve("logs/" + dead + ".out") + ")";
      if (!problems.contains(problem)) {
        problems.add(problem);
      }
    }
  }

  /** Both engines must have consumed clickstream to its end. */
  private static void reportLag(ChaosCluster cluster, List<String> problems) {
    try (Admin admin = cluster.admin()) {
      Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
      for (int p = 0; p < LocalTopics.CLICKSTREAM_PARTITIONS; p++) {
        latest.put(new TopicPartition(Topics.CLICKSTREAM, p), OffsetSpec.latest());
      }
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end =
          admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
      for (String group : List.of(ChaosCluster.STREAMS_APPLICATION_ID, ChaosCluster.FLINK_GROUP_ID)) {
        // Flink commits offsets when a checkpoint completes: give it a few checkpoints.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
          Map<TopicPartition, OffsetAndMetadata> committed =
              admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
          long lag = 0;
          StringBuilder detail = new StringBuilder();
          for (TopicPartition partition : latest.keySet()) {
            OffsetAndMetadata offset = committed.get(partition);
            long behind = end.get(partition).offset() - (offset == null ? 0 : offset.offset());
            lag += behind;
            detail.append(detail.length() == 0 ? "" : ", ").append(partition.partition()).append(": ")
                .append(offset == null ? "none" : offset.offset()).append('/').append(end.get(partition).offset());
          }
          if (lag == 0) {
            break;
          }
          if (System.nanoTime() > deadline) {
            problems.add(group + " has not committed clickstream to its end (lag " + lag + "; committed/end by "
                + "partition " + detail + ")");
            break;
          }
          Thread.sleep(1000);
        }
      }
    } catch (Exception e) {
      problems.add("cannot read the consumer lag: " + e);
    }
  }

  private static SpecificAvroSerde<ClickEvent> clickSerde(String registryUrl) {
    SpecificAvroSerde<ClickEvent> serde = new SpecificAvroSerde<>(ClickEvent.class);
    serde.configure(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, registryUrl), false);
    return serde;
  }
}
