package io.cartpulse.bench.offline;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.backtest.Backtest;
import io.cartpulse.backtest.flink.FlinkBacktest;
import io.cartpulse.backtest.streams.StreamsBacktest;
import io.cartpulse.bench.Bench;
import io.cartpulse.bench.BenchContext;
import io.cartpulse.bench.Guard;
import io.cartpulse.bench.Measure;
import io.cartpulse.bench.Row;
import io.cartpulse.bench.Stats;
import io.cartpulse.click.Rees46Csv;
import io.cartpulse.flink.config.JobConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.function.DoubleUnaryOperator;

/**
 * Backtest throughput (events/s) of the streams-app rules, the Flink job, and both together as
 * {@code scripts/backtest} runs them, on the synthetic shop and on the REES46 sample.
 */
public final class BacktestSection implements Bench.Section {
  static final String SECTION = "backtest";
  static final int FULL_EVENTS = 1_000_000;
  static final int QUICK_EVENTS = 50_000;
  static final int WARM_UP_EVENTS = 50_000;
  static final int REFERENCE_EVENTS = 100_000;
  /** The "174k file" of issue 15: the REES46 sample ten times, one set of shoppers per copy. */
  static final int REES46_COPIES = 10;
  /** Placeholder for the products file in a command's arguments (one per run directory). */
  static final String PRODUCTS_OUT = "{products-out}";

  @Override
  public String name() {
    return SECTION;
  }

  @Override
  public void run(BenchContext context) throws Exception {
    int events = Integer.getInteger("bench.synthetic.events", context.quick() ? QUICK_EVENTS : FULL_EVENTS);
    Path synthetic = Datasets.syntheticShop(context.dataDir(), events);
    if (!context.quick()) {
      warmUp(context);
    }
    measureFile(context, String.format("synthetic shop %,d events", events), synthetic, true);
    Path rees46 = context.rees46();
    if (rees46 == null) {
      context.add(new Row(SECTION, "REES46 sample", Double.NaN, Double.NaN, Double.NaN, 0, "",
          "skipped: " + context.rees46Expected() + " is absent (../shared not beside the project)"));
      if (!context.quick()) {
        context.add(new Row(SECTION, "REES46 sample x" + REES46_COPIES, Double.NaN, Double.NaN, Double.NaN, 0, "",
            "skipped: " + context.rees46Expected() + " is absent (../shared not beside the project)"));
      }
    } else {
      String label = "REES46 sample " + rees46.getFileName();
      if (context.quick()) {
        Datasets.Parsed parsed = Datasets.read(rees46);
        Guard.run(context, SECTION, label + ": both engines (scripts/backtest)", () -> measureBoth(context, SECTION,
            label + ": both engines (scripts/backtest)", rees46, parsed.events().size() + parsed.invalid()));
      } else {
        measureFile(context, label, rees46, true);
      }
      measureCommand(context, label, rees46, List.of(), "");
      if (!context.quick()) {
        Path copies = Datasets.rees46Copies(context.dataDir(), rees46, REES46_COPIES);
        measureCommand(context, "REES46 sample x" + REES46_COPIES + " " + copies.getFileName(), copies, List.of(),
            "the sample " + REES46_COPIES + " times, each row once per copy with user_id and user_session made"
                + " distinct per copy (Datasets.rees46Copies); ");
      }
    }
    String shop = String.format("synthetic shop %,d events", events);
    Path inventory = Datasets.inventoryFor(context.dataDir(), synthetic);
    if (!context.quick()) {
      measureCommand(context, shop, synthetic, List.of(), "");
      measureCommand(context, shop + " with product data", synthetic,
          List.of("--inventory", inventory.toString(), "--products-out", PRODUCTS_OUT),
          "with --inventory (the shop's generated stock levels, Datasets.inventoryFor) and --products-out: the"
              + " product side's cost is the difference to the row without; ");
    }
    measureProductsOnly(context, shop, synthetic, inventory);
    if (!context.quick()) {
      Path empty = context.dataDir().resolve("header-only.csv");
      Files.createDirectories(context.dataDir());
      Files.writeString(empty, Rees46Csv.HEADER + "\n");
      Guard.run(context, SECTION, "Flink job start-up and shutdown (header-only file)", () -> {
        Stats stats = Measure.repeat(0, context.runs(), () -> {
          long start = System.nanoTime();
          FlinkBacktest.run(empty, new Properties());
          return (System.nanoTime() - start) / 1e6;
        });
        context.add(Row.of(SECTION, "Flink job start-up and shutdown (header-only file)", stats, "ms",
            "fixed cost in every Flink and combined backtest number above (local MiniCluster, parallelism 2)"));
      });
      measureCommandFixedCost(context, empty);
    }
  }

  /**
   * One unrecorded run of every measured path over the first 50,000 events of the shop (JIT,
   * class loading, Flink's first MiniCluster), so the measured runs that follow need no warm-up run
   * of their own full size.
   */
  static void warmUp(BenchContext context) throws Exception {
    long start = System.nanoTime();
    Path warm = Datasets.syntheticShop(context.dataDir(), WARM_UP_EVENTS);
    Datasets.Parsed parsed = Datasets.read(warm);
    StreamsBacktest.run(parsed.events().iterator(), new Properties());
    StreamsBacktest.runTopology(parsed.events().iterator(), new Properties());
    FlinkBacktest.run(warm, new Properties());
    Properties process = new Properties();
    process.setProperty(JobConfig.CHURN_IMPLEMENTATION, "process");
    FlinkBacktest.run(warm, process);
    Path work = Files.createTempDirectory(context.out().toAbsolutePath(), "warm-up-");
    try {
      Backtest.execute(new Backtest.Options(warm, work.resolve("alerts.jsonl"), work.resolve("pvuv.jsonl"),
          new Properties(), null, List.of()), new PrintStream(OutputStream.nullOutputStream()));
    } finally {
      deleteQuietly(work);
    }
    System.out.printf("  (warm-up runs over %s took %.0f s)%n", warm.getFileName(), (System.nanoTime() - start) / 1e9);
  }

  /** Streams alone, Flink alone (CEP churn, and the plain function in full mode), both together. */
  static void measureFile(BenchContext context, String label, Path csv, boolean processChurnToo) throws Exception {
    Datasets.Parsed parsed = Datasets.read(csv);
    List<ClickEvent> events = parsed.events();
    long rows = events.size() + parsed.invalid();
    // Full mode warmed every path up front (warmUp); quick mode measures cold, once.
    int warmups = 0;

    Guard.run(context, SECTION, label + ": streams-app rules alone", () -> {
      int[] alerts = {0};
      double[] cpuMicros = new double[context.runs()];
      int[] run = {-warmups};
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      Stats stats = Measure.repeat(warmups, context.runs(), () -> {
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        List<Alert> out = StreamsBacktest.run(events.iterator(), new Properties());
        double seconds = (System.nanoTime() - start) / 1e9;
        if (run[0] >= 0) {
          cpuMicros[run[0]] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e3 / events.size();
        }
        run[0]++;
        alerts[0] = out.size();
        return events.size() / seconds;
      });
      context.add(Row.of(SECTION, label + ": streams-app rules alone", stats, "events/s",
          context.modeNote(String.format("%d alerts; StreamsBacktest.run: parsed events, the rule processor called"
              + " directly, in-memory stores; CPU %.1f us/event (median)", alerts[0], Stats.of(cpuMicros).median()))));
    });
    if (context.quick()) {
      measureBothQuick(context, label, csv, rows);
      return;
    }
    // The driver runs the product topology too (a product's whole state decoded and encoded per update,
    // a commit per record): over a million events that is tens of minutes per run, so the reference
    // row takes the first REFERENCE_EVENTS events.
    List<ClickEvent> reference = events.subList(0, Math.min(events.size(), REFERENCE_EVENTS));
    String referenceLabel = label + ": streams-app whole topology in a TopologyTestDriver (reference"
        + (reference.size() < events.size() ? String.format(", first %,d events)", reference.size()) : ")");
    Guard.run(context, SECTION, referenceLabel, () -> {
      int[] alerts = {0};
      Stats stats = Measure.repeat(0, context.runs(), () -> {
        long start = System.nanoTime();
        List<Alert> out = StreamsBacktest.runTopology(reference.iterator(), new Properties());
        alerts[0] = out.size();
        return reference.size() / ((System.nanoTime() - start) / 1e9);
      });
      context.add(Row.of(SECTION, referenceLabel, stats,
          "events/s", context.modeNote(alerts[0] + " alerts; StreamsBacktest.runTopology, the backtest"
              + " before it called the processor directly: Avro encode on a helper thread, decode, DLQ branch,"
              + " the product topology, the driver's commit after every record")));
    });

    Guard.run(context, SECTION, label + ": Flink job alone (CEP churn, default)", () -> {
      Stats stats = flink(csv, rows, warmups, context.runs(), new Properties());
      context.add(Row.of(SECTION, label + ": Flink job alone (CEP churn, default)", stats, "events/s",
          context.modeNote("from the CSV file: parse, MiniCluster start, parallelism 2")));
    });
    if (processChurnToo) {
      Guard.run(context, SECTION, label + ": Flink job alone (churn.implementation=process)", () -> {
        Properties props = new Properties();
        props.setProperty(JobConfig.CHURN_IMPLEMENTATION, "process");
        Stats stats = flink(csv, rows, warmups, context.runs(), props);
        context.add(Row.of(SECTION, label + ": Flink job alone (churn.implementation=process)", stats, "events/s",
            context.modeNote("the plain keyed function instead of CEP; identical alerts")));
      });
    }

    Guard.run(context, SECTION, label + ": both engines (scripts/backtest)",
        () -> measureBoth(context, SECTION, label + ": both engines (scripts/backtest)", csv, rows));
  }

  /** {@code scripts/backtest} as it runs: CSV read once, both engines concurrently, output files written. */
  static void measureBoth(BenchContext context, String section, String measure, Path csv, long rows) throws Exception {
    measureBoth(context, section, measure, csv, rows, 0);
  }

  /** {@code warmups}: unrecorded runs first (the backtest section warms every path up front instead). */
  static void measureBoth(BenchContext context, String section, String measure, Path csv, long rows, int warmups)
      throws Exception {
    Path work = Files.createTempDirectory(context.out().toAbsolutePath(), "backtest-");
    String[] detail = {""};
    try {
      Stats stats = Measure.repeat(warmups, context.runs(), () -> {
        Backtest.Options options = new Backtest.Options(csv, work.resolve("alerts.jsonl"),
            work.resolve("pvuv.jsonl"), new Properties(), null, List.of());
        long start = System.nanoTime();
        Backtest.Report report = Backtest.execute(options, new PrintStream(OutputStream.nullOutputStream()));
        double seconds = (System.nanoTime() - start) / 1e9;
        detail[0] = String.format("%d alerts, %d PV/UV points; engines %.1f s (streams) and %.1f s (Flink)",
            report.alerts().size(), report.pvuv().size(), report.streamsElapsed().toMillis() / 1e3,
            report.flinkElapsed().toMillis() / 1e3);
        return rows / seconds;
      });
      context.add(Row.of(section, measure, stats, "events/s",
          context.modeNote("CSV read once, engines concurrent, output written; last run: " + detail[0])));
    } finally {
      deleteQuietly(work);
    }
  }

  /**
   * The backtest as a user runs it: {@code scripts/backtest} itself (its JVM options and class-data
   * sharing archive, lib.sh; the project's build, not this run's snapshot), a fresh JVM per run,
   * timed from launch to exit. Unlike the rows above it includes JVM start, class loading and a cold
   * JIT, which on two cores compete with both engines for the whole run. Full mode first runs it once
   * unrecorded, so the measured runs start from the archive that run writes when it is missing.
   */
  static void measureCommand(BenchContext context, String label, Path csv, List<String> extraArgs, String note) {
    String measure = label + ": scripts/backtest command, fresh JVM";
    Guard.run(context, SECTION, measure, () -> {
      long rows;
      try (var lines = Files.lines(csv)) {
        rows = lines.count() - 1;
      }
      CommandRuns runs = timeCommand(context, csv, extraArgs, seconds -> rows / seconds);
      context.add(Row.of(SECTION, measure, runs.stats(), "events/s", context.modeNote(note
          + "launch to exit: JVM start, cold JIT, CSV read, both engines, output written; scripts/backtest's"
          + " JVM options; " + runs.sharing())));
    });
  }

  /**
   * What every fresh {@code scripts/backtest} pays before its first event: the same command on a
   * file with the header only (JVM start, class loading, both engines set up, the MiniCluster
   * started and stopped, empty outputs written). Issue 15's 4-second aim for the 174k file is
   * measured against it.
   */
  static void measureCommandFixedCost(BenchContext context, Path headerOnly) {
    String measure = "header-only file: scripts/backtest command, fresh JVM (its fixed cost)";
    Guard.run(context, SECTION, measure, () -> {
      CommandRuns runs = timeCommand(context, headerOnly, List.of(), seconds -> seconds);
      context.add(Row.of(SECTION, measure, runs.stats(), "s", context.modeNote(
          "launch to exit with no event: JVM start, class loading, both engines set up, the MiniCluster started"
              + " and stopped, empty outputs written; scripts/backtest's JVM options; " + runs.sharing())));
    });
  }

  /** The measured runs of one command and where its classes came from. */
  record CommandRuns(Stats stats, String sharing) {}

  /** Runs {@code scripts/backtest} on {@code csv}, each run's seconds turned into a value by {@code value}. */
  static CommandRuns timeCommand(BenchContext context, Path csv, List<String> extraArgs,
      DoubleUnaryOperator value) throws Exception {
    Path home = Path.of(System.getProperty("cartpulse.home", ".")).toAbsolutePath();
    Path script = home.resolve("scripts").resolve("backtest");
    if (!Files.isExecutable(script)) {
      throw new IllegalStateException(script + " is not there (-Dcartpulse.home is the project)");
    }
    Path archive = home.resolve("backtest/target/backtest.jsa");
    Path work = Files.createTempDirectory(context.out().toAbsolutePath(), "backtest-command-");
    try {
      List<String> command = new ArrayList<>(List.of(script.toString(), "--events", csv.toString(),
          "--alerts-out", work.resolve("alerts.jsonl").toString(), "--pvuv-out", work.resolve("pvuv.jsonl").toString()));
      for (String argument : extraArgs) {
        command.add(argument.equals(PRODUCTS_OUT) ? work.resolve("products.jsonl").toString() : argument);
      }
      Path output = work.resolve("output.txt");
      int warmups = context.quick() ? 0 : 1;
      boolean archived = Files.exists(archive);
      Stats stats = Measure.repeat(warmups, context.runs(), () -> {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(output.toFile());
        // The script's own JVM options, not this section's; no build from here.
        builder.environment().remove("JAVA_OPTS");
        builder.environment().put("CARTPULSE_SKIP_BUILD", "1");
        long start = System.nanoTime();
        int exit = builder.start().waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (exit != 0) {
          throw new IllegalStateException("scripts/backtest exited with " + exit + ": "
              + String.join(" / ", Files.readAllLines(output)));
        }
        return value.applyAsDouble(seconds);
      });
      String sharing = warmups > 0 || archived ? "from the class-data sharing archive"
          : "the first run after a build: it writes the class-data sharing archive on the way";
      return new CommandRuns(stats, sharing);
    } finally {
      deleteQuietly(work);
    }
  }

  /**
   * The product side alone: {@code scripts/backtest --inventory --products-out} without the alert
   * outputs (no engine runs: one CSV pass into the streams-app's product model, then the stock levels
   * and the product lines), in this JVM.
   */
  static void measureProductsOnly(BenchContext context, String label, Path csv, Path inventory) {
    String measure = label + ": product data only (--inventory, --products-out)";
    Guard.run(context, SECTION, measure, () -> {
      long rows;
      try (var lines = Files.lines(csv)) {
        rows = lines.count() - 1;
      }
      Path work = Files.createTempDirectory(context.out().toAbsolutePath(), "backtest-products-");
      String[] detail = {""};
      try {
        Stats stats = Measure.repeat(0, context.runs(), () -> {
          Backtest.Options options = new Backtest.Options(csv, null, null, new Properties(), null, List.of(),
              inventory, work.resolve("products.jsonl"));
          long start = System.nanoTime();
          Backtest.Report report = Backtest.execute(options, new PrintStream(OutputStream.nullOutputStream()));
          double seconds = (System.nanoTime() - start) / 1e9;
          detail[0] = report.products().products() + " products, " + report.products().validLevels() + " levels";
          return rows / seconds;
        });
        context.add(Row.of(SECTION, measure, stats, "events/s", context.modeNote("no alert engine: CSV read,"
            + " the streams-app's ProductBook, the shop's generated stock levels, products file written; last run: "
            + detail[0])));
      } finally {
        deleteQuietly(work);
      }
    });
  }

  /** The smoke run keeps one Flink start-up per input: the combined run. */
  static void measureBothQuick(BenchContext context, String label, Path csv, long rows) {
    Guard.run(context, SECTION, label + ": both engines (scripts/backtest)",
        () -> measureBoth(context, SECTION, label + ": both engines (scripts/backtest)", csv, rows));
  }

  static Stats flink(Path csv, long rows, int warmups, int runs, Properties props) throws Exception {
    return Measure.repeat(warmups, runs, () -> {
      long start = System.nanoTime();
      FlinkBacktest.run(csv, props);
      return rows / ((System.nanoTime() - start) / 1e9);
    });
  }

  static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory under the output directory
    }
  }
}
