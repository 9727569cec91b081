package io.cartpulse.bench.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartpulse.avro.AlertType;
import io.cartpulse.bench.Stats;
import io.cartpulse.local.cli.Args;
import io.cartpulse.local.cli.Cli;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * scripts/bench-live: live end-to-end throughput and alert latency through the embedded broker with
 * exactly-once on, each run on a freshly started {@link io.cartpulse.local.LocalStack}. Writes
 * {@code DIR/live.md} (table rows) and {@code DIR/live.json}, prints the rows. Method and the
 * meaning of every number: docs/BENCHMARKS.md, "Live throughput and alert latency".
 */
public final class LiveBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String USAGE = """
      Usage: bench-live [--quick] --out DIR [--runs N] [--steps R1,R2,...] [--latency-rate R] [--step-seconds S]
                        [--commit-interval-ms N] [--checkpoint-interval-ms N] [--config FILE] [--no-warm-up]
                        [--work-dir DIR] [--keep]
        Live throughput (a ladder of offered rates; the highest one whose consumer lag stays bounded) and
        end-to-end alert latency (produce -> readable with read_committed) through the embedded broker,
        exactly-once on. Writes DIR/live.md and DIR/live.json and prints the rows.
        --quick          one short run (~30 s with start-up): numbers only, too short to judge
        --out            where live.md, live.json and live.log go (required)
        --runs           measured runs, each on a fresh stack in the same JVM (default 3; quick 1)
        --steps          offered rates of the ladder in events/s (default 2500,5000,10000,20000,30000,40000,50000)
        --latency-rate   offered rate of the latency phase (default 2000)
        --step-seconds   how long each ladder rate is held (default 20; quick 6)
        --commit-interval-ms      streams-app commit.interval.ms (default 100, Kafka Streams' exactly-once default)
        --checkpoint-interval-ms  Flink checkpoint interval (default 2000, as run-local)
        --config         settings for both engines, as run-local --config (e.g. churn.implementation=process);
                         the benchmark's own settings above and its cart-abandonment delay take precedence;
                         num.stream.threads=N sets the streams-app's stream threads (default 2, as run-local)
        --no-warm-up     full mode: skip the discarded JVM warm-up run before the measured runs
        --work-dir       broker data and state of the runs (default run/bench-live; deleted after
                         each run unless --keep)
      Exit codes: 0 done (whatever the numbers), 1 a run failed, 2 bad arguments.
      """;

  private LiveBench() {}

  public static void main(String[] args) {
    preloadOwnClasses();
    int code = run(args, System.out, System.err);
    System.out.flush();
    System.err.flush();
    // The numbers are written and the log is flushed on every line; a quick run's stack is still up
    // and Flink/Kafka threads may linger after a close: leave without running their shutdown hooks.
    Runtime.getRuntime().halt(code);
  }

  /**
   * Loads every class of this package up front when they come from a directory (scripts/bench-live runs
   * from benchmarks/target/classes): a build of the module during a run of several minutes would
   * otherwise fail it at the first class loaded late (the result writers, at the very end).
   */
  private static void preloadOwnClasses() {
    try {
      java.net.URL here = LiveBench.class.getResource("");
      if (here == null || !"file".equals(here.getProtocol())) {
        return;
      }
      String prefix = LiveBench.class.getPackageName() + ".";
      try (Stream<Path> files = Files.list(Path.of(here.toURI()))) {
        for (Path file : files.toList()) {
          String name = file.getFileName().toString();
          if (name.endsWith(".class")) {
            Class.forName(prefix + name.substring(0, name.length() - ".class".length()), false,
                LiveBench.class.getClassLoader());
          }
        }
      }
      // The order statistics shared with the other sections live one package up.
      Class.forName(Stats.class.getName(), false, LiveBench.class.getClassLoader());
    } catch (IOException | ClassNotFoundException | java.net.URISyntaxException | RuntimeException e) {
      // Only a safeguard: without it the classes load on first use as usual.
    }
  }

  static int run(String[] argv, PrintStream out, PrintStream err) {
    return Cli.run("bench-live", USAGE, out, err, () -> {
      Args args = Args.parse(argv, Set.of("out", "runs", "steps", "latency-rate", "step-seconds", "work-dir",
          "commit-interval-ms", "checkpoint-interval-ms", "config"), Set.of("quick", "keep", "no-warm-up"));
      Properties config = args.propertiesFile("config");
      Path outDir = Path.of(args.required("out"));
      LiveBenchPlan plan = args.has("quick") ? LiveBenchPlan.quick() : LiveBenchPlan.full();
      plan = plan.withRuns(args.intValue("runs", plan.runs(), 1, 20))
          .withLatencyRate(args.intValue("latency-rate", plan.latencyRate(), 10, 1_000_000))
          .withStepHold(Duration.ofSeconds(args.intValue("step-seconds", (int) plan.stepHold().toSeconds(),
              (int) (2 * plan.judgeWindow().toSeconds()), 600)));
      plan = plan.withIntervals(
          args.longValue("commit-interval-ms", plan.commitIntervalMs(), 1, 600_000),
          args.longValue("checkpoint-interval-ms", plan.checkpointIntervalMs(), 10, 600_000));
      if (args.has("steps")) {
        plan = plan.withSteps(steps(args.get("steps")));
      }
      Path home = Path.of(System.getProperty("cartpulse.home", "."));
      Path workDir = Path.of(args.get("work-dir", home.resolve("run/bench-live").toString()));
      Files.createDirectories(outDir);
      return new LiveBench.Session(plan, config, outDir, workDir, args.has("keep"), !args.has("no-warm-up"), out, err)
          .run();
    });
  }

  static List<Integer> steps(String text) throws Args.UsageException {
    List<Integer> steps = new ArrayList<>();
    for (String part : text.split(",")) {
      try {
        int rate = Integer.parseInt(part.trim());
        if (rate < 1 || rate > 10_000_000) {
          throw new NumberFormatException();
        }
        steps.add(rate);
      } catch (NumberFormatException e) {
        throw new Args.UsageException("--steps " + text + ": expected rates in events/s separated by commas");
      }
    }
    return steps;
  }

  private static final class Session {
    private final LiveBenchPlan plan;
    private final Properties config;
    private final Path outDir;
    private final Path workDir;
    private final boolean keep;
    private final boolean warmUp;
    private final PrintStream out;
    private final PrintStream err;
    private String warmUpNote = "";

    Session(LiveBenchPlan plan, Properties config, Path outDir, Path workDir, boolean keep, boolean warmUp,
        PrintStream out, PrintStream err) {
      this.plan = plan;
      this.config = config;
      this.outDir = outDir;
      this.workDir = workDir;
      this.keep = keep;
      this.warmUp = warmUp;
      this.out = out;
      this.err = err;
    }

    /** The --config settings for the notes (a table row must say what it was measured with). */
    private String configNote() {
      if (config.isEmpty()) {
        return "";
      }
      return "; with --config " + new TreeMap<>(config);
    }

    int run() throws Exception {
      Logger log = LoggerFactory.getLogger(LiveBench.class);
      log.info("bench-live plan: {}, config: {}", plan, config);
      List<LiveRun.RunResult> results = new ArrayList<>();
      Exception failure = null;
      String failedRun = "the warm-up run";
      LiveBenchPlan warmUpPlan = plan.warmUpPlan();
      if (warmUp && warmUpPlan != null) {
        Path runDir = workDir.resolve("warm-up");
        deleteTree(runDir);
        err.println("bench-live: JVM warm-up run (discarded) ...");
        try {
          LiveRun.RunResult result = new LiveRun(warmUpPlan, config, runDir, false, line -> {
            err.println("bench-live:   " + line);
            log.info("warm-up: {}", line);
          }).run();
          double[] latencies = result.latency().alerts().triggeredMs();
          warmUpNote = String.format(Locale.ROOT, "; measured after one discarded warm-up run in the same JVM (cold "
                  + "JIT; it gave p50 %s ms, p99 %s ms, highest sustained %s ev/s of %s)",
              ResultRow.format(Stats.percentile(latencies, 50)), ResultRow.format(Stats.percentile(latencies, 99)),
              ResultRow.format(result.highestSustained()), warmUpPlan.steps());
        } catch (Exception e) {
          log.error("bench-live warm-up run failed", e);
          failure = e;
        } finally {
          if (!keep) {
            deleteTree(runDir);
          }
        }
      }
      for (int i = 1; i <= plan.runs() && failure == null; i++) {
        Path runDir = workDir.resolve("run-" + i);
        deleteTree(runDir);
        int run = i;
        try {
          err.printf("bench-live: run %d/%d (%s) ...%n", i, plan.runs(), plan.name());
          boolean last = i == plan.runs();
          results.add(new LiveRun(plan, config, runDir, last && plan.leaveLastStackRunning(), line -> {
            err.println("bench-live:   " + line);
            log.info("run {}: {}", run, line);
          }).run());
        } catch (Exception e) {
          log.error("bench-live run {} failed", i, e);
          failure = e;
          failedRun = "run " + i;
          break;
        } finally {
          if (!keep && !(i == plan.runs() && plan.leaveLastStackRunning())) {
            deleteTree(runDir);
          }
        }
      }
      List<ResultRow> rows = rows(results);
      write(rows);
      rows.forEach(row -> out.println(row.markdown()));
      if (failure != null) {
        throw new Cli.Failure(failedRun + " failed: " + Cli.describe(failure), failure);
      }
      return Cli.OK;
    }

    private void write(List<ResultRow> rows) throws IOException {
      StringBuilder md = new StringBuilder();
      rows.forEach(row -> md.append(row.markdown()).append('\n'));
      Files.writeString(outDir.resolve("live.md"), md, StandardCharsets.UTF_8);
      JSON.writerWithDefaultPrettyPrinter()
          .writeValue(outDir.resolve("live.json").toFile(), rows.stream().map(ResultRow::json).toList());
    }

    private List<ResultRow> rows(List<LiveRun.RunResult> results) {
      List<ResultRow> rows = new ArrayList<>();
      if (results.isEmpty()) {
        return rows;
      }
      String shared = sharedMachineNote(results);
      rows.addAll(throughputRows(results, shared));
      rows.addAll(latencyRows(results, shared));
      List<ThreadCpu.Usage> idle = results.stream().map(LiveRun.RunResult::idle).filter(u -> u != null).toList();
      if (!idle.isEmpty()) {
        rows.add(ResultRow.of("stack CPU at rest (no input, right after start)",
            idle.stream().map(ThreadCpu.Usage::processCores).toList(), "cores", String.format(Locale.ROOT,
                "%d s with the stack up and nothing produced: the fixed cost of broker, engines (commit/checkpoint "
                    + "timers, polls) and the JVM, paid before any event; %s", plan.idleWindow().toSeconds(),
                medianCpu(idle))));
      }
      return rows;
    }

    private List<ResultRow> latencyRows(List<LiveRun.RunResult> results, String shared) {
      List<ResultRow> rows = new ArrayList<>();
      String rate = String.format(Locale.ROOT, "%,d ev/s", plan.latencyRate());
      Function<Function<AlertLatencyProbe.Result, double[]>, Function<Double, List<Double>>> perRun =
          field -> p -> results.stream().map(r -> Stats.percentile(field.apply(r.latency().alerts()), p)).toList();
      Function<Double, List<Double>> triggered = perRun.apply(AlertLatencyProbe.Result::triggeredMs);
      Map<AlertType, List<Double>> byType = new EnumMap<>(AlertType.class);
      for (LiveRun.RunResult r : results) {
        r.latency().alerts().matchedByType().forEach((type, count) ->
            byType.computeIfAbsent(type, t -> new ArrayList<>()).add((double) count));
      }
      StringBuilder counts = new StringBuilder();
      byType.forEach((type, list) -> {
        if (type != AlertType.CART_ABANDONMENT) {
          counts.append(counts.length() == 0 ? "" : ", ").append(type).append(' ')
              .append(ResultRow.format(Stats.median(list)));
        }
      });
      long unmatched = results.stream().mapToLong(r -> r.latency().alerts().unmatched()).sum();
      long repeated = results.stream().mapToLong(r -> r.latency().alerts().repeatedKeys()).sum();
      List<Double> processingP50 = perRun.apply(AlertLatencyProbe.Result::processingMs).apply(50.0);
      List<Double> processingP99 = perRun.apply(AlertLatencyProbe.Result::processingMs).apply(99.0);
      String common = String.format(Locale.ROOT,
          "click handed to the producer -> alert returned by a read_committed consumer (fetch.max.wait.ms %d); "
              + "alerts per run (median): %s; of it, produce -> detectedAt p50 %s ms / p99 %s ms, the rest waits for "
              + "the streams-app exactly-once commit (commit.interval.ms %d, %d stream threads)%s%s; stream threads "
              + "(run 1, stack samples): %s",
          LiveBenchPlan.FETCH_MAX_WAIT_MS, counts.length() == 0 ? "none" : counts,
          ResultRow.format(Stats.median(processingP50)), ResultRow.format(Stats.median(processingP99)),
          plan.commitIntervalMs(), LiveRun.streamThreads(config),
          unmatched > 0 ? "; " + unmatched + " alerts without a produced click to match (not counted)" : "",
          repeated > 0 ? "; " + repeated + " clicks repeated a user/product/second key (first produce time used)" : "",
          results.get(0).latency().streamThreads());
      rows.add(ResultRow.of("alert latency p50 at " + rate, triggered.apply(50.0), "ms", common + shared
          + warmUpNote + configNote()));
      rows.add(ResultRow.of("alert latency p99 at " + rate, triggered.apply(99.0), "ms", "as above; aim < 300 ms"));
      rows.add(ResultRow.of("alert latency max at " + rate, triggered.apply(100.0), "ms", "as above"));
      Function<Double, List<Double>> due = perRun.apply(AlertLatencyProbe.Result::dueMs);
      List<Double> dueCounts = results.stream().map(r -> (double) r.latency().alerts().dueMs().length).toList();
      String dueNote = String.format(Locale.ROOT, "CART_ABANDONMENT (delay set to %d s for the benchmark, %s alerts "
              + "per run): from producing the first click at/after the due time (the clock can reach it) to readable; "
              + "includes the streams-app's stream-time punctuation (clock.stream-time-interval, 1 s)",
          LiveBenchPlan.ABANDONMENT_DELAY.toSeconds(), ResultRow.format(Stats.median(dueCounts)));
      rows.add(ResultRow.of("due-time alert latency p50 at " + rate, due.apply(50.0), "ms", dueNote));
      rows.add(ResultRow.of("due-time alert latency p99 at " + rate, due.apply(99.0), "ms", "as above"));
      List<Double> produced = results.stream().map(r -> r.latency().achieved()).toList();
      List<Double> warmUps = results.stream().map(r -> r.latency().warmUpSeconds()).toList();
      long notCaughtUp = results.stream().filter(r -> !r.latency().caughtUp()).count();
      rows.add(ResultRow.of("latency phase input rate (offered " + rate + ")", produced, "ev/s", String.format(
          Locale.ROOT, "measured window %d s after a warm-up of at least %d s and until both engines had caught up "
              + "(median %.0f s, max %.0f s%s); %s", plan.latencyWindow().toSeconds(),
          plan.latencyWarmUp().toSeconds(), Stats.median(warmUps), Stats.ofRuns(warmUps).max(),
          notCaughtUp > 0 ? "; in " + notCaughtUp + " run(s) they had not caught up after "
              + (plan.latencyWarmUp().toSeconds() + plan.settleTimeout().toSeconds()) + " s" : "",
          medianCpu(results.stream().map(r -> r.latency().cpu()).toList()))));
      return rows;
    }

    private List<ResultRow> throughputRows(List<LiveRun.RunResult> results, String shared) {
      List<ResultRow> rows = new ArrayList<>();
      List<Double> highest = results.stream().map(LiveRun.RunResult::highestSustained).toList();
      StringBuilder limits = new StringBuilder();
      for (LiveRun.RunResult r : results) {
        LiveRun.StepResult failed = r.firstFailure();
        limits.append(limits.length() == 0 ? "" : "; ")
            .append(failed == null ? "no step failed (the ladder ran out)" : "first not sustained: " + failed.describe()
                + " -> " + reason(failed));
      }
      rows.add(ResultRow.of("live throughput: highest sustained input rate, exactly-once", highest, "ev/s",
          String.format(Locale.ROOT, "streams-app commit.interval.ms %d, Flink checkpoints every %d ms; "
                  + "ladder %s ev/s, %d s each (+1 refinement step); sustained = for each engine the committed "
                  + "clickstream lag at its lowest in the last %d s <= %.0f s of input, and the consumer's fetch lag "
                  + "(median) in the last %d s <= %.2f s of input above the %d s before (not growing), with the "
                  + "producer delivering >= %.0f%% of the offered rate; value = produced rate of the highest such step; "
                  + "%s%s", plan.commitIntervalMs(),
              plan.checkpointIntervalMs(), plan.steps(), plan.stepHold().toSeconds(),
              plan.judgeWindow().toSeconds(), LiveBenchPlan.LAG_BOUND_SECONDS, plan.judgeWindow().toSeconds(),
              LiveBenchPlan.LAG_GROWTH_SECONDS, plan.judgeWindow().toSeconds(), LiveBenchPlan.PRODUCER_SHARE * 100,
              limits, shared + warmUpNote + configNote())
              + (plan.leaveLastStackRunning() ? "; QUICK run: too short to judge, numbers only" : "")));
      TreeSet<Integer> offered = new TreeSet<>();
      results.forEach(r -> r.steps().forEach(s -> offered.add(s.offered())));
      for (int rate : offered) {
        List<LiveRun.StepResult> steps = results.stream().flatMap(r -> r.steps().stream())
            .filter(s -> s.offered() == rate).toList();
        long sustained = steps.stream().filter(LiveRun.StepResult::sustained).count();
        String note = String.format(Locale.ROOT, "sustained in %d of %d runs; lowest committed lag in the last %d s "
                + "(median of runs): streams-app %s, flink %s records; fetch lag growth over the last %d s: streams-app "
                + "%s, flink %s records; %s; %s; stream threads waiting on the exactly-once commit %.0f%% of the time "
                + "(stack samples)", sustained, steps.size(), plan.judgeWindow().toSeconds(),
            medianLong(steps, LiveRun.StepResult::streamsCommitted), medianLong(steps, LiveRun.StepResult::flinkCommitted),
            plan.judgeWindow().toSeconds(),
            medianLong(steps, st -> st.streamsFetchLast() - st.streamsFetchBefore()),
            medianLong(steps, st -> st.flinkFetchLast() - st.flinkFetchBefore()),
            medianCpu(steps.stream().map(LiveRun.StepResult::cpu).toList()), perEventNote(steps),
            100 * Stats.median(steps.stream().map(LiveRun.StepResult::streamThreadsCommitting).toList()));
        rows.add(ResultRow.of(String.format(Locale.ROOT, "live step %,d ev/s offered: produced rate", rate),
            steps.stream().map(LiveRun.StepResult::achieved).toList(), "ev/s", note));
      }
      return rows;
    }

    /**
     * CPU per event of each part (median of runs): the engines per event they processed in the judged
     * window, the broker, feed and JVM per event produced - what sizing needs (x rate = cores).
     */
    static String perEventNote(List<LiveRun.StepResult> steps) {
      Function<Function<LiveRun.StepResult, Double>, String> median = f -> {
        List<Double> values = steps.stream().map(f).filter(v -> !v.isNaN()).toList();
        return values.isEmpty() ? "?" : ResultRow.format(Stats.median(values));
      };
      return "CPU per event (median of runs): streams-app " + median.apply(st -> micros(st.cpu().cores(ThreadCpu.STREAMS),
          st.perEvent().streamsProcessed())) + " us per event it processed, flink " + median.apply(
          st -> micros(st.cpu().cores(ThreadCpu.FLINK), st.perEvent().flinkProcessed())) + " us per event it fetched, broker "
          + median.apply(st -> micros(st.cpu().cores(ThreadCpu.BROKER), st.achieved())) + " us, feed+producer "
          + median.apply(st -> micros(st.cpu().cores(ThreadCpu.FEED), st.achieved())) + " us, jvm gc+jit "
          + median.apply(st -> micros(st.cpu().cores(ThreadCpu.JVM), st.achieved())) + " us per event produced";
    }

    private static double micros(double cores, double eventsPerSecond) {
      return Double.isNaN(eventsPerSecond) || eventsPerSecond <= 0 ? Double.NaN : cores / eventsPerSecond * 1e6;
    }

    /** Names what held a step back, from where the CPU went. */
    static String reason(LiveRun.StepResult step) {
      ThreadCpu.Usage cpu = step.cpu();
      String busiest = Stream.of(ThreadCpu.STREAMS, ThreadCpu.FLINK, ThreadCpu.BROKER, ThreadCpu.FEED)
          .max(Comparator.comparingDouble(cpu::cores)).orElse(ThreadCpu.OTHER);
      List<String> behind = new ArrayList<>();
      if (!step.streamsBounded()) {
        behind.add("streams-app");
      }
      if (!step.flinkBounded()) {
        behind.add("flink");
      }
      double machineBusy = Double.isNaN(cpu.machineBusyCores()) ? cpu.processCores() : cpu.machineBusyCores();
      double others = Double.isNaN(cpu.otherProcessesCores()) ? 0 : cpu.otherProcessesCores();
      String saturation = machineBusy >= 0.9 * cpu.machineCores()
          ? String.format(Locale.ROOT, "CPU-bound: the machine was %.0f%% busy; in this process most went to %s "
              + "(%.2f cores)%s", 100 * machineBusy / cpu.machineCores(), busiest, cpu.cores(busiest),
              others >= 0.15 ? String.format(Locale.ROOT, ", and other processes took %.2f cores", others) : "")
          : String.format(Locale.ROOT, "not CPU-bound (machine %.0f%% busy): the engines waited, on exactly-once "
              + "commits/checkpoints or the broker", 100 * machineBusy / cpu.machineCores());
      if (step.producerLimited() && behind.isEmpty()) {
        return "the producer could not offer the rate (" + saturation + ")";
      }
      String commits = behind.contains("streams-app") && step.streamThreadsCommitting() >= 0.3
          ? String.format(Locale.ROOT, "; the stream threads spent %.0f%% of the time waiting on exactly-once commits",
              100 * step.streamThreadsCommitting())
          : "";
      String gc = cpu.gcShare() >= 0.1
          ? String.format(Locale.ROOT, "; garbage collection took %.0f ms per second (one JVM: its pauses stop broker "
              + "and engines alike)", 1000 * cpu.gcShare())
          : "";
      return String.join(" and ", behind) + " fell behind; " + saturation + commits + gc;
    }

    private static String medianLong(List<LiveRun.StepResult> steps, Function<LiveRun.StepResult, Long> field) {
      return ResultRow.format(Stats.median(steps.stream().map(s -> (double) field.apply(s)).toList()));
    }

    /** Per-component CPU (median over runs), in cores. */
    private static String medianCpu(List<ThreadCpu.Usage> usages) {
      if (usages.isEmpty()) {
        return "";
      }
      Map<String, List<Double>> by = new LinkedHashMap<>();
      for (ThreadCpu.Usage usage : usages) {
        by.computeIfAbsent("process", k -> new ArrayList<>()).add(usage.processCores());
        by.computeIfAbsent("other processes", k -> new ArrayList<>()).add(usage.otherProcessesCores());
        for (String component : ThreadCpu.COMPONENTS) {
          by.computeIfAbsent(component, k -> new ArrayList<>()).add(usage.cores(component));
        }
      }
      StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "CPU in cores of %d (median): ",
          usages.get(0).machineCores()));
      String separator = "";
      for (Map.Entry<String, List<Double>> entry : by.entrySet()) {
        text.append(separator).append(entry.getKey()).append(' ')
            .append(String.format(Locale.ROOT, "%.2f", Stats.median(entry.getValue())));
        separator = ", ";
      }
      text.append(String.format(Locale.ROOT, " (GC %.0f ms/s, JIT %.0f ms/s)",
          1000 * Stats.median(usages.stream().map(ThreadCpu.Usage::gcShare).toList()),
          1000 * Stats.median(usages.stream().map(ThreadCpu.Usage::jitShare).toList())));
      return text.toString();
    }

    /** Says so when other processes used a noticeable share of the CPU while we measured. */
    private static String sharedMachineNote(List<LiveRun.RunResult> results) {
      List<Double> others = new ArrayList<>();
      for (LiveRun.RunResult r : results) {
        others.add(r.latency().cpu().otherProcessesCores());
        r.steps().forEach(s -> others.add(s.cpu().otherProcessesCores()));
      }
      double median = Stats.median(others);
      double max = Stats.ofRuns(others).max();
      if (Double.isNaN(median) || max < 0.15) {
        return "";
      }
      return String.format(Locale.ROOT, "; SHARED machine: other processes used %.2f cores (median, max %.2f) "
          + "while measuring", median, max);
    }

    private static void deleteTree(Path dir) throws IOException {
      if (!Files.exists(dir)) {
        return;
      }
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
  }
}
