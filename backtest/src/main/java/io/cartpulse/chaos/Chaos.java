package io.cartpulse.chaos;

import io.cartpulse.click.Rees46Csv;
import io.cartpulse.backtest.Backtest;
import io.cartpulse.local.Endpoints;
import io.cartpulse.local.cli.Args;
import io.cartpulse.local.cli.Cli;
import io.cartpulse.local.generator.GenerateCsv;
import io.cartpulse.local.generator.SyntheticShop.ShopConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * {@code scripts/chaos}: proves exactly-once by breaking the pipeline. Runs the pipeline as separate
 * processes on loopback ({@link ChaosCluster}), replays a synthetic shop at a steady rate while
 * faults strike ({@link Scenario}), drains, and compares what {@code alerts} and {@code pvuv} hold
 * (read_committed, decoded) with {@code scripts/backtest} on the same input. Exit 0 only when every
 * scenario has nothing missing, nothing duplicated, nothing different and nothing extra at or
 * before the last input event, and the dead letters are exactly the poison records.
 */
public final class Chaos {
  static final String USAGE = """
      Usage: scripts/chaos [--quick] [--scenarios NAME,...] [--events N] [--rate N] [--poison N]
                           [--streams-config FILE] [--streams-java-opts OPTS] [--flink-config FILE]
                           [--run-dir DIR]
        Runs the pipeline as separate processes (broker, registry, two streams-app instances, the Flink
        job), feeds a synthetic shop while faults strike, and compares the output topics with the
        backtest of the same input. Scenarios: %s.
        --quick            the CI run: %s, on the same input (about 9 minutes)
        --scenarios        which scenarios (default: all of them)
        --events N         input events (default %,d; CHURN_RISK needs about 90,000)
        --rate N           events per second fed (default %,d)
        --poison N         poison records in the scenarios that have them (default %,d)
        --streams-config   properties added to both streams-app instances' configuration
        --streams-java-opts JVM options added to both streams-app instances' command line, as the
                           image's JAVA_OPTS (e.g. "-XX:TieredStopAtLevel=1")
        --flink-config     properties added to the Flink job's configuration
        --run-dir DIR      where the processes keep their data and logs (default run/chaos-<time>; the data
                           of a scenario that passed is deleted, its logs are kept)
      Exit codes: 0 every scenario exact, 1 a scenario failed, 2 bad arguments.
      """.formatted(String.join(", ", Scenario.all().keySet()), String.join(" + ", Scenario.quick()),
      Defaults.EVENTS, Defaults.RATE, Defaults.POISON);

  /** The defaults. */
  static final class Defaults {
    static final long EVENTS = 150_000;
    /**
     * A rate this 2-core machine sustains with headroom once the JVMs are warm (about 1.4 of its 2 cores
     * busy): a deployment is sized so, and a restart's speed is the CPU it gets. At 1,500/s the machine is
     * saturated for the whole input and a restart waits for CPU, not for Kafka (docs/RELIABILITY.md).
     */
    static final int RATE = 750;
    static final long POISON = 10_000;
    static final long SEED = 20191001L;

    private Defaults() {}
  }

  private Chaos() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    org.apache.logging.log4j.LogManager.shutdown();
    System.exit(code);
  }

  static int run(String[] argv, PrintStream out, PrintStream err) {
    return Cli.run("chaos", USAGE, out, err, () -> execute(argv, out));
  }

  private static int execute(String[] argv, PrintStream out) throws Exception {
    Args args = Args.parse(argv, Set.of("scenarios", "events", "rate", "poison", "streams-config",
        "streams-java-opts", "flink-config", "run-dir"), Set.of("quick"));
    boolean quick = args.has("quick");
    List<String> names = quick ? Scenario.quick() : List.copyOf(Scenario.all().keySet());
    if (args.has("scenarios")) {
      names = List.of(args.get("scenarios").split(","));
    }
    List<Scenario> scenarios = new ArrayList<>();
    for (String name : names) {
      Scenario scenario = Scenario.all().get(name.trim());
      if (scenario == null) {
        throw new Args.UsageException("unknown scenario '" + name + "' (known: "
            + String.join(", ", Scenario.all().keySet()) + ")");
      }
      scenarios.add(scenario);
    }
    // --quick runs fewer scenarios on the same input at the same rate, so CI measures the restart a deployment
    // sees: on a saturated machine (2,000/s) the restarted instance waited for CPU (12.9-33.5 s), and on a
    // shorter input the kill came while the young JVMs still compiled (90,000 events: 8.0 s and 15.0 s).
    long events = args.longValue("events", Defaults.EVENTS, 1_000, 100_000_000);
    int rate = args.intValue("rate", Defaults.RATE, 10, 1_000_000);
    long poison = args.longValue("poison", Defaults.POISON, 1, 10_000_000);
    Properties streamsOverrides = args.propertiesFile("streams-config");
    List<String> streamsJavaOptions = args.has("streams-java-opts")
        ? List.of(args.get("streams-java-opts").trim().split("\\s+")) : List.of();
    Properties flinkOverrides = args.propertiesFile("flink-config");
    Path runDir = args.has("run-dir") ? Path.of(args.get("run-dir")) : Endpoints.home().resolve("run")
        .resolve("chaos-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    runDir = Files.createDirectories(runDir.toAbsolutePath().normalize());
    System.setProperty("cartpulse.log.file", runDir.resolve("chaos.log").toString());

    out.printf("chaos: run dir %s; machine: %d cores, load average %s%n", runDir,
        Runtime.getRuntime().availableProcessors(), loadAverage());
    ScenarioRunner.Input input = prepareInput(runDir, events, out);
    // A Flink job waits this long for input before a quiet partition's clock runs on: the drain has to outlast it.
    Duration drainTimeout = Duration.ofMinutes(4);
    ScenarioRunner.Settings settings = new ScenarioRunner.Settings(rate, poison, drainTimeout, streamsOverrides,
        streamsJavaOptions, flinkOverrides);
    ScenarioRunner runner = new ScenarioRunner(input, settings, runDir, line -> out.println("  " + line));
    List<ScenarioRunner.Result> results = new ArrayList<>();
    for (Scenario scenario : scenarios) {
      out.printf("%nscenario %s: %s%n", scenario.name(), scenario.description());
      long started = System.nanoTime();
      ScenarioRunner.Result result = runner.run(scenario);
      results.add(result);
      String report = ChaosReport.scenario(result, (System.nanoTime() - started) / 1e9);
      out.print(report);
      out.flush();
      if (result.passed()) {
        // Hundreds of MB of broker logs, state and checkpoints per scenario; the logs stay.
        ChaosCluster.deleteData(runDir.resolve(scenario.name()));
      }
    }
    String summary = ChaosReport.summary(results);
    out.printf("%n%s", summary);
    Files.writeString(runDir.resolve("report.txt"), summary, StandardCharsets.UTF_8);
    return results.stream().allMatch(ScenarioRunner.Result::passed) ? Cli.OK : Cli.FAILED;
  }

  /** The input every scenario replays (the synthetic shop's first N events) and its backtest. */
  private static ScenarioRunner.Input prepareInput(Path runDir, long events, PrintStream out) throws Exception {
    Path csv = runDir.resolve("input.csv");
    GenerateCsv.Summary generated = GenerateCsv.write(ShopConfig.defaults().withSeed(Defaults.SEED), events, csv);
    out.printf("input: %,d synthetic shop events (%s .. %s), backtest running ...%n", generated.events(),
        Rees46Csv.formatTime(generated.firstEventTime()), Rees46Csv.formatTime(generated.lastEventTime()));
    long started = System.nanoTime();
    Backtest.Report expected = Backtest.execute(new Backtest.Options(csv, runDir.resolve("expected-alerts.jsonl"),
        runDir.resolve("expected-pvuv.jsonl"), new Properties(), null), quiet());
    if (expected.tEnd() == null) {
      throw new Cli.Failure("the input has no valid event");
    }
    out.printf("backtest: %,d alerts %s, %,d PV/UV points, T_end %s (%.0f s)%n", expected.alerts().size(),
        ChaosReport.byType(expected.alerts()), expected.pvuv().size(), Rees46Csv.formatTime(expected.tEnd()),
        (System.nanoTime() - started) / 1e9);
    return new ScenarioRunner.Input(csv, generated.events(), expected.tEnd(), expected.alerts(), expected.pvuv());
  }

  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return String.format("%.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
          .getSystemLoadAverage());
    }
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }
}
