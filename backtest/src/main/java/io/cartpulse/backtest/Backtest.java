package io.cartpulse.backtest;

import io.cartpulse.alert.BacktestOutput;
import io.cartpulse.avro.Alert;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.avro.PvUvPoint;
import io.cartpulse.backtest.flink.FlinkBacktest;
import io.cartpulse.backtest.streams.StreamsBacktest;
import io.cartpulse.click.Rees46Csv;
import io.cartpulse.contract.BacktestClock;
import io.cartpulse.flink.config.JobConfig;
import io.cartpulse.flink.config.JobConfigException;
import io.cartpulse.local.AlertStats;
import io.cartpulse.local.cli.Args;
import io.cartpulse.local.cli.Cli;
import io.cartpulse.local.cli.EngineSettings;
import io.cartpulse.registry.RegistryConfig;
import io.cartpulse.streams.config.StreamsAppConfig;
import io.cartpulse.settings.InvalidSettingException;
import io.cartpulse.settings.SettingsFile;
import io.cartpulse.settings.SettingsVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * {@code scripts/backtest}: runs both engines over a REES46 CSV on event time (ALERTS.md section 2:
 * the clock stops at T_end, the largest valid event time) and writes the alerts and the PV/UV
 * points as the JSON lines of section 6.
 *
 * <p>The CSV is read once here: invalid rows are counted and reported, valid rows go in file
 * order to the streams-app rules. The Flink job reads the same file with its own bounded
 * source; both engines run at the same time on two threads.
 */
public final class Backtest {
  static final String USAGE = """
      Usage: scripts/backtest --events FILE.csv[.gz] --alerts-out FILE --pvuv-out FILE [--config FILE]
                              [--settings FILE] [--inventory FILE.csv] [--products-out FILE]
        Runs the streams-app and Flink rules over a REES46 CSV on event time and writes
        the alerts and PV/UV points as sorted JSON lines (docs/ALERTS.md section 6), and with
        --products-out the product data as of T_end (docs/ALERTS.md section 7).
        --events      REES46 CSV (header required), optionally gzipped
        --alerts-out  alerts file to write (JSON lines); with --pvuv-out, required unless
                      --products-out is given
        --pvuv-out    PV/UV points file to write (JSON lines)
        --inventory   inventory levels CSV, header with event_time,product_id,available
                      (optional; needs --products-out)
        --products-out  product data file to write: one JSON line per product with a valid
                      click or a valid level at or before T_end, sorted by productId
        --config      properties file with start-up settings for both engines (the keys of
                      docs/ALERTS.md section 8 and the engines' own), e.g.
                      cart-abandonment.min-price=150.00, churn.min-views=5
        --settings    settings versions that change the rules at event times (docs/ALERTS.md
                      section 8): JSON lines {"version":N,"effectiveFrom":ms,"settings":{...}};
                      a bad file is refused before anything runs, naming its line
      """;

  static final int INVALID_EXAMPLES = 20;

  private Backtest() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    org.apache.logging.log4j.LogManager.shutdown();
    System.exit(code);
  }

  public static int run(String[] argv, PrintStream out, PrintStream err) {
    return Cli.run("backtest", USAGE, out, err, () -> {
      Options options = Options.parse(argv);
      Report report = execute(options, out);
      report.print(out, options);
      return Cli.OK;
    });
  }

  /** What the command line asks for. */
  public record Options(Path events, Path alertsOut, Path pvuvOut, Properties overrides, Path config,
      List<SettingsVersion> settingsVersions, Path inventory, Path productsOut) {
    /** Without settings versions. */
    public Options(Path events, Path alertsOut, Path pvuvOut, Properties overrides, Path config) {
      this(events, alertsOut, pvuvOut, overrides, config, List.of());
    }

    /** Without product data. */
    public Options(Path events, Path alertsOut, Path pvuvOut, Properties overrides, Path config,
        List<SettingsVersion> settingsVersions) {
      this(events, alertsOut, pvuvOut, overrides, config, settingsVersions, null, null);
    }

    /** Whether the alert engines run (both alert outputs asked for). */
    boolean runsEngines() {
      return alertsOut != null;
    }

    static Options parse(String[] argv) throws Args.UsageException {
      Args args = Args.parse(argv, Set.of("events", "alerts-out", "pvuv-out", "config", "settings", "inventory",
          "products-out"), Set.of());
      Path events = args.existingFile("events");
      Path alertsOut = args.outputFile("alerts-out");
      Path pvuvOut = args.outputFile("pvuv-out");
      Path productsOut = args.outputFile("products-out");
      Path inventory = args.has("inventory") ? args.existingFile("inventory") : null;
      if (inventory != null && productsOut == null) {
        throw new Args.UsageException("--inventory needs --products-out (the levels only change the product data)");
      }
      if (productsOut == null || alertsOut != null || pvuvOut != null) {
        // The alert engines run when either alert output is asked for, and then both are required.
        if (alertsOut == null) {
          throw new Args.UsageException("--alerts-out is required");
        }
        if (pvuvOut == null) {
          throw new Args.UsageException("--pvuv-out is required");
        }
      }
      List<Path> outputs = new ArrayList<>();
      for (Path output : new Path[] {alertsOut, pvuvOut, productsOut}) {
        if (output != null) {
          Path normalized = output.toAbsolutePath().normalize();
          if (outputs.contains(normalized)) {
            throw new Args.UsageException("--alerts-out, --pvuv-out and --products-out must be different files");
          }
          outputs.add(normalized);
        }
      }
      Path config = args.has("config") ? args.existingFile("config") : null;
      Properties overrides = args.propertiesFile("config");
      if (config != null) {
        validate(config, overrides);
      }
      List<SettingsVersion> versions = List.of();
      if (args.has("settings")) {
        Path settings = args.existingFile("settings");
        try {
          versions = SettingsFile.read(settings);
        } catch (InvalidSettingException e) {
          throw new Args.UsageException("--settings " + settings + ": " + e.getMessage());
        } catch (IOException | UncheckedIOException e) {
          throw new Args.UsageException("--settings " + settings + ": cannot read it: " + Cli.describe(e));
        }
      }
      return new Options(events, alertsOut, pvuvOut, overrides, config, versions, inventory, productsOut);
    }

    /** Both engines' validation, before either starts: a bad key or value is a usage error. */
    static void validate(Path config, Properties overrides) throws Args.UsageException {
      EngineSettings engines;
      try {
        engines = EngineSettings.split(overrides);
      } catch (Args.UsageException e) {
        throw new Args.UsageException("--config " + config + ": " + e.getMessage());
      }
      Map<String, String> streams = new java.util.LinkedHashMap<>();
      engines.streams().stringPropertyNames().forEach(key -> streams.put(key, engines.streams().getProperty(key)));
      streams.putIfAbsent(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "backtest:9092");
      streams.putIfAbsent(RegistryConfig.SCHEMA_REGISTRY_URL, RegistryConfig.MOCK_SCHEME + "backtest-validation");
      try {
        StreamsAppConfig.of(streams);
      } catch (ConfigException | IllegalArgumentException e) {
        throw new Args.UsageException("--config " + config + ": streams-app: " + e.getMessage());
      }
      try {
        JobConfig.from(engines.flink());
      } catch (IllegalArgumentException e) {
        throw new Args.UsageException("--config " + config + ": flink-jobs: " + e.getMessage());
      }
    }

  }

  /** An invalid CSV row: where and why. */
  public record InvalidRow(long lineNumber, String reason) {}

  /**
   * The outcome of a run.
   *
   * @param tEnd the largest valid event time (epoch ms), or null when the file holds no valid event
   * @param droppedAfterEnd results an engine emitted with a time after T_end (dropped; should be 0)
   */
  public record Report(long validEvents, long invalidRows, List<InvalidRow> invalidExamples, Long tEnd,
      List<Alert> alerts, List<PvUvPoint> pvuv, long droppedAfterEnd, long duplicateAlertIds, Duration elapsed,
      Duration streamsElapsed, Duration flinkElapsed, ProductsBacktest.Result products) {

    void print(PrintStream out, Options options) {
      out.printf("backtest %s%n", options.events());
      out.printf("  events: %d valid, %d invalid rows%s%n", validEvents, invalidRows,
          tEnd == null ? "" : ", T_end " + Rees46Csv.formatTime(tEnd) + " (" + tEnd + ")");
      for (InvalidRow row : invalidExamples) {
        out.printf("    line %d: %s%n", row.lineNumber(), row.reason());
      }
      if (invalidRows > invalidExamples.size()) {
        out.printf("    ... %d invalid rows in total%n", invalidRows);
      }
      if (options.runsEngines()) {
        out.print(AlertStats.of(alerts).table("  "));
        out.printf("  PV/UV points: %d%n", pvuv.size());
      }
      if (droppedAfterEnd > 0) {
        out.printf("  warning: dropped %d results timed after T_end%n", droppedAfterEnd);
      }
      if (duplicateAlertIds > 0) {
        out.printf("  warning: %d alerts repeat an alertId already seen%n", duplicateAlertIds);
      }
      double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
      if (options.runsEngines()) {
        out.printf("  elapsed: %.1f s (%.0f events/s; streams-app %.1f s, flink-jobs %.1f s, concurrently)%n", seconds,
            (validEvents + invalidRows) / seconds, streamsElapsed.toMillis() / 1000.0,
            flinkElapsed.toMillis() / 1000.0);
      } else {
        out.printf("  elapsed: %.1f s (%.0f events/s; product data only)%n", seconds,
            (validEvents + invalidRows) / seconds);
      }
      if (options.runsEngines()) {
        out.printf("  wrote %s (%d alerts), %s (%d points)%n", options.alertsOut(), alerts.size(),
            options.pvuvOut(), pvuv.size());
      }
      if (products != null) {
        products.print(out, options.inventory(), options.productsOut());
      }
    }
  }

  /** Runs both engines over the file and writes the two output files. */
  public static Report execute(Options options, PrintStream out) throws Exception {
    long started = System.nanoTime();
    checkHeader(options.events());
    if (options.inventory() != null) {
      ProductsBacktest.checkHeader(options.inventory());
    }
    EventFeed feed = new EventFeed();
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService engines = Executors.newFixedThreadPool(2, task -> {
      Thread thread = new Thread(task, "backtest-engine-" + threadNumber.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    try {
      EngineSettings settings = EngineSettings.split(options.overrides());
      Properties streamsOverrides = settings.streams();
      Properties flinkOverrides = settings.flink();
      long[] engineNanos = new long[2];
      ProductsBacktest products = options.productsOut() == null ? null : new ProductsBacktest(streamsOverrides);
      if (!options.runsEngines()) {
        return productsOnly(options, products, started);
      }
      Future<List<Alert>> streams = engines.submit(() -> {
        long start = System.nanoTime();
        try {
          return StreamsBacktest.run(feed.iterator(), streamsOverrides, options.settingsVersions());
        } finally {
          engineNanos[0] = System.nanoTime() - start;
          feed.abandon();
        }
      });
      Future<FlinkBacktest.Result> flink = engines.submit(() -> {
        long start = System.nanoTime();
        try {
          return FlinkBacktest.run(options.events(), flinkOverrides, options.settingsVersions());
        } finally {
          engineNanos[1] = System.nanoTime() - start;
        }
      });

      CsvPass pass = new CsvPass(products);
      try {
        Rees46Csv.read(options.events(), row -> pass.accept(row, feed));
        feed.end();
      } catch (IOException | RuntimeException e) {
        feed.fail(e);
        throw new Cli.Failure(Cli.USAGE, "--events " + options.events() + ": " + Cli.describe(e), e);
      }

      List<Alert> streamsAlerts = await(streams, "streams-app");
      FlinkBacktest.Result flinkResult = await(flink, "flink-jobs");
      Long tEnd = pass.clock.tEnd();
      if (tEnd != null && flinkResult.lastEventTime() != tEnd) {
        out.printf("  warning: flink-jobs saw %d as the last event time, the CSV pass %d%n",
            flinkResult.lastEventTime(), tEnd);
      }

      List<Alert> alerts = new ArrayList<>(streamsAlerts.size() + flinkResult.alerts().size());
      long dropped = 0;
      for (List<Alert> engineAlerts : List.of(streamsAlerts, flinkResult.alerts())) {
        for (Alert alert : engineAlerts) {
          if (pass.clock.emits(alert.getEventTime().toEpochMilli())) {
            alerts.add(alert);
          } else {
            dropped++;
          }
        }
      }
      List<PvUvPoint> pvuv = new ArrayList<>(flinkResult.pvuv().size());
      for (PvUvPoint point : flinkResult.pvuv()) {
        if (pass.clock.emits(point.getWindowEnd().toEpochMilli())) {
          pvuv.add(point);
        } else {
          dropped++;
        }
      }
      Set<String> ids = new HashSet<>();
      long duplicates = alerts.stream().filter(alert -> !ids.add(alert.getAlertId())).count();

      BacktestOutput.writeAlerts(options.alertsOut(), alerts);
      BacktestOutput.writePvUv(options.pvuvOut(), pvuv);
      ProductsBacktest.Result productResult = products == null ? null
          : products.finish(tEnd, options.inventory(), options.productsOut());
      return new Report(pass.valid, pass.invalid, List.copyOf(pass.examples), tEnd, List.copyOf(alerts),
          List.copyOf(pvuv), dropped, duplicates, Duration.ofNanos(System.nanoTime() - started),
          Duration.ofNanos(engineNanos[0]), Duration.ofNanos(engineNanos[1]), productResult);
    } finally {
      feed.abandon();
      engines.shutdownNow();
    }
  }

  /** Only the product data (no alert output asked for): one pass over the CSV, no engine. */
  private static Report productsOnly(Options options, ProductsBacktest products, long started) throws Exception {
    CsvPass pass = new CsvPass(products);
    try {
      Rees46Csv.read(options.events(), row -> pass.accept(row, null));
    } catch (IOException | RuntimeException e) {
      throw new Cli.Failure(Cli.USAGE, "--events " + options.events() + ": " + Cli.describe(e), e);
    }
    Long tEnd = pass.clock.tEnd();
    ProductsBacktest.Result result = products.finish(tEnd, options.inventory(), options.productsOut());
    return new Report(pass.valid, pass.invalid, List.copyOf(pass.examples), tEnd, List.of(), List.of(), 0, 0,
        Duration.ofNanos(System.nanoTime() - started), Duration.ZERO, Duration.ZERO, result);
  }

  /**
   * The single pass over the CSV: counts, T_end, invalid examples; valid events go to the feed (when
   * the alert engines run) and to the product data (when asked for), in file order.
   */
  private static final class CsvPass {
    long valid;
    long invalid;
    final BacktestClock clock = new BacktestClock();
    final List<InvalidRow> examples = new ArrayList<>();
    private final ProductsBacktest products;

    CsvPass(ProductsBacktest products) {
      this.products = products;
    }

    void accept(Rees46Csv.Row row, EventFeed feed) throws IOException {
      if (!row.isValid()) {
        invalid++;
        if (examples.size() < INVALID_EXAMPLES) {
          examples.add(new InvalidRow(row.lineNumber(), row.error()));
        }
        return;
      }
      ClickEvent event = row.event();
      clock.advance(event.getEventTime().toEpochMilli());
      valid++;
      if (products != null) {
        products.click(event);
      }
      if (feed == null) {
        return;
      }
      try {
        feed.put(event);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
  }

  /** Fails before any engine starts when the file is not a REES46 CSV. */
  private static void checkHeader(Path events) throws Args.UsageException {
    try {
      Rees46Csv.checkHeader(events);
    } catch (IOException e) {
      throw new Args.UsageException("--events " + Cli.describe(e));
    }
  }

  private static <T> T await(Future<T> future, String engine) throws Exception {
    try {
      return future.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ConfigException || cause instanceof JobConfigException) {
        throw new Args.UsageException("bad --config for " + engine + ": " + cause.getMessage());
      }
      throw new Cli.Failure("the " + engine + " backtest failed: " + Cli.describe(cause), cause);
    }
  }
}
