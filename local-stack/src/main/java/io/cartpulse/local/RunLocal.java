package io.cartpulse.local;

import io.cartpulse.alert.BacktestOutput;
import io.cartpulse.avro.PvUvPoint;
import io.cartpulse.click.Rees46Csv;
import io.cartpulse.contract.BacktestClock;
import io.cartpulse.inventory.InventoryCsv;
import io.cartpulse.contract.Topics;
import io.cartpulse.dashboard.Dashboard;
import io.cartpulse.dashboard.DashboardConfig;
import io.cartpulse.local.cli.Args;
import io.cartpulse.local.cli.Cli;
import io.cartpulse.local.cli.EngineSettings;
import io.cartpulse.local.generator.SyntheticInventory;
import io.cartpulse.local.generator.SyntheticShop;
import io.cartpulse.local.tools.Rules;
import io.cartpulse.settings.SettingsVersion;
import io.cartpulse.local.generator.SyntheticShop.ShopConfig;
import io.cartpulse.local.kafka.ClickProducer;
import io.cartpulse.local.kafka.InventoryProducer;
import io.cartpulse.local.kafka.LiveMonitor;
import io.cartpulse.local.kafka.PipelineOutput;
import io.cartpulse.local.source.ClickSource;
import io.cartpulse.local.source.CsvReplaySource;
import io.cartpulse.local.source.Pacer;
import io.cartpulse.local.source.SourcedClick;
import io.cartpulse.local.source.SyntheticClickSource;
import io.cartpulse.rules.RuleCatalog;
import io.cartpulse.settings.CommonSettings;
import io.cartpulse.settings.Setting;
import io.cartpulse.streams.config.StreamsAppConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code scripts/run-local}: the whole CartPulse pipeline on this machine ({@link LocalStack}) fed
 * by the synthetic shop or a REES46 replay, with a progress line while it runs and a summary read
 * back from the topics at the end.
 *
 * <p>Stops on Ctrl-C, after {@code --seconds}, or, for a replay, once the input is consumed and
 * the pipeline has drained (both engines' committed offsets at the end of clickstream and no new
 * output for a while).
 */
public final class RunLocal {
  static final String USAGE = """
      Usage: scripts/run-local [--seconds N] [--rate N] [--users N] [--products N] [--categories N] [--seed N]
                               [--replay FILE.csv[.gz] [--speed X|max]]
                               [--alerts-out FILE] [--pvuv-out FILE] [--config FILE] [--settings FILE]
                               [--registry-port N | --registry URL] [--http-port N] [--dashboard-port N]
                               [--run-dir DIR]
        Starts Kafka, a Schema Registry, the streams-app and the Flink job in this process and feeds
        clickstream from the synthetic shop (default) or a REES46 CSV replay. Ctrl-C stops it.
        --seconds N        stop after N seconds of input (default: until Ctrl-C; a replay stops by itself)
        --rate N           synthetic shop: events per second (default 2000; its event clock runs 14400x)
        --users/--products/--categories N, --seed N   synthetic shop size and seed
        --replay FILE      replay a REES46 CSV instead (invalid rows are still sent, to be dead-lettered)
        --speed X|max      replay pace: X times the recorded pace, or max (default 60)
        --inventory FILE   with --replay: inventory levels CSV (event_time,product_id,available) sent to the
                           inventory topic before the clicks (levels after the replay's T_end are not sent);
                           the synthetic shop makes its own (stock that sells down and restocks, flash sales
                           that sell out, products without inventory)
        --alerts-out FILE  at the end, write the alerts read back from the topic (JSON lines, ALERTS.md section 6)
        --pvuv-out FILE    at the end, write the PV/UV points read back from the topic
        --config FILE      rule settings for both engines (properties, same keys as scripts/backtest --config)
        --settings FILE    settings versions (JSON lines, as scripts/backtest --settings), published on
                           rule-settings before the engines start; default for the synthetic shop: its
                           flash-sale version (cart-abandonment.min-price=120.00 from its second day)
        --registry-port N  Schema Registry port (default 8081; 0 = any free port)
        --registry URL     use this Confluent-compatible registry (http(s)://host:port[/path], e.g. Apicurio's
                           .../apis/ccompat/v7) instead of starting the local one; it must answer before anything starts
        --http-port N      streams-app health and metrics on 127.0.0.1 (default 7070; 0 = any free port)
        --dashboard-port N the dashboard (live page in the browser) on 127.0.0.1 (default 8088; 0 = any free port)
        --run-dir DIR      broker data, state, checkpoints and the log (default run/local-<time>)
      """;

  static final Duration PROGRESS_EVERY = Duration.ofSeconds(3);
  static final int DEFAULT_DASHBOARD_PORT = 8088;
  static final int INVALID_EXAMPLES = 20;

  private RunLocal() {}

  public static void main(String[] args) {
    AtomicBoolean shuttingDown = new AtomicBoolean();
    CountDownLatch finished = new CountDownLatch(1);
    AtomicReference<Runnable> stopRequest = new AtomicReference<>(() -> { });
    Thread hook = new Thread(() -> {
      shuttingDown.set(true);
      stopRequest.get().run();
      try {
        // Let main stop the pipeline and print the summary before the JVM goes.
        finished.await(120, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "run-local-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    int code;
    try {
      code = run(args, System.out, System.err, stopRequest);
    } finally {
      org.apache.logging.log4j.LogManager.shutdown();
      finished.countDown();
    }
    if (!shuttingDown.get()) {
      Runtime.getRuntime().removeShutdownHook(hook);
      System.exit(code);
    }
  }

  /**
   * Runs the local pipeline. {@code stopRequest} receives the action that asks a running pipeline
   * to stop (the shutdown hook calls it on Ctrl-C).
   */
  public static int run(String[] argv, PrintStream out, PrintStream err, AtomicReference<Runnable> stopRequest) {
    return Cli.run("run-local", USAGE, out, err, () -> execute(Options.parse(argv), out, stopRequest).exitCode());
  }

  /** What a run produced: the exit code, the clicks sent and what was read back from the topics. */
  public record Outcome(int exitCode, long produced, long invalid, PipelineOutput output) {}

  /** Runs the pipeline with parsed options (tests call this to see the outcome). */
  public static Outcome execute(Options options, PrintStream out, AtomicReference<Runnable> stopRequest)
      throws Exception {
    return new Session(options, out, stopRequest).run();
  }

  /** The command line. */
  public record Options(long seconds, ShopConfig shop, Path replay, double speed, Path alertsOut, Path pvuvOut,
      Properties ruleOverrides, List<SettingsVersion> settingsVersions, int registryPort, String registry,
      int httpPort, int dashboardPort, Path runDir, Path inventory) {

    public static Options parse(String[] argv) throws Args.UsageException {
      Args args = Args.parse(argv, Set.of("seconds", "rate", "users", "products", "categories", "seed", "replay",
          "speed", "alerts-out", "pvuv-out", "config", "settings", "registry-port", "registry", "http-port", "dashboard-port",
          "run-dir", "inventory"), Set.of());
      args.exclusive("registry", "registry-port");
      long seconds = args.longValue("seconds", 0, 1, Long.MAX_VALUE / 1_000_000_000L);
      Path replay = args.has("replay") ? args.existingFile("replay") : null;
      for (String option : List.of("rate", "users", "products", "categories", "seed")) {
        if (replay != null && args.has(option)) {
          throw new Args.UsageException("--" + option + " is for the synthetic shop, not for --replay");
        }
      }
      args.requires("speed", "replay");
      args.requires("inventory", "replay");
      Path inventory = args.has("inventory") ? args.existingFile("inventory") : null;
      double speed = 0;
      String speedText = args.get("speed", "60");
      if (!speedText.equalsIgnoreCase("max")) {
        speed = args.doubleValue("speed", 60, 0);
      }
      ShopConfig shop = ShopConfig.defaults();
      try {
        shop = shop
            .withEventsPerSecond(args.intValue("rate", shop.eventsPerSecond(), 1, 1_000_000))
            .withUsers(args.intValue("users", shop.users(), 1, 1_000_000))
            .withCategories(args.intValue("categories", shop.categories(), 2, 100_000));
        shop = shop.withProducts(args.intValue("products", Math.max(shop.products(), shop.categories()), 1, 2_000_000))
            .withSeed(args.longValue("seed", shop.seed(), Long.MIN_VALUE, Long.MAX_VALUE));
      } catch (IllegalArgumentException e) {
        throw new Args.UsageException(e.getMessage());
      }
      Properties overrides = args.propertiesFile("config");
      EngineSettings.split(overrides);
      List<SettingsVersion> versions = args.has("settings") ? Rules.readFile(args.existingFile("settings"))
          : replay == null ? SyntheticShop.demoSettings(shop) : List.of();
      int registryPort = args.intValue("registry-port", 8081, 0, 65535);
      int httpPort = args.intValue("http-port", StreamsAppConfig.DEFAULT_HTTP_PORT, 0, 65535);
      int dashboardPort = args.intValue("dashboard-port", DEFAULT_DASHBOARD_PORT, 0, 65535);
      Path runDir = args.has("run-dir") ? Path.of(args.get("run-dir"))
          : Endpoints.home().resolve("run").resolve(
              "local-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
      if (Files.exists(runDir) && !Files.isDirectory(runDir)) {
        throw new Args.UsageException("--run-dir " + runDir + ": not a directory");
      }
      return new Options(seconds, shop, replay, speed, args.outputFile("alerts-out"), args.outputFile("pvuv-out"),
          overrides, versions, registryPort, registryUrl(args), httpPort, dashboardPort, runDir, inventory);
    }

    /**
     * {@code --registry}: one or more (comma-separated) http(s) URLs. Credentials are refused: the
     * URL is printed and written to the endpoints file.
     */
    private static String registryUrl(Args args) throws Args.UsageException {
      if (!args.has("registry")) {
        return null;
      }
      String value = args.get("registry").trim();
      for (String part : value.split(",")) {
        URI uri;
        try {
          uri = new URI(part.trim());
        } catch (URISyntaxException e) {
          throw new Args.UsageException("--registry " + part + ": not a URL (" + e.getReason() + ")");
        }
        if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null) {
          throw new Args.UsageException("--registry " + part + ": expected http://host:port or https://host:port");
        }
        if (uri.getRawUserInfo() != null) {
          throw new Args.UsageException("--registry: credentials in the URL are not supported (run-local prints the "
              + "URL and writes it to run/" + Endpoints.currentFile().getFileName() + ")");
        }
      }
      return value;
    }

    boolean isReplay() {
      return replay != null;
    }
  }

  /** One run: start, feed, watch, stop, summarise. */
  static final class Session {
    private final Options options;
    private final PrintStream out;
    private final StatusPrinter printer;
    private final AtomicReference<Runnable> stopRequest;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final AtomicLong produced = new AtomicLong();
    private final AtomicLong invalid = new AtomicLong();
    private final AtomicBoolean sourceDone = new AtomicBoolean();
    private final AtomicReference<Exception> sourceFailure = new AtomicReference<>();
    private volatile long lastEventTime = -1;
    private String stopReason = "";

    Session(Options options, PrintStream out, AtomicReference<Runnable> stopRequest) {
      this.options = options;
      this.out = out;
      this.printer = new StatusPrinter(out);
      this.stopRequest = stopRequest;
    }

    Outcome run() throws Exception {
      Path runDir = options.runDir().toAbsolutePath().normalize();
      Files.createDirectories(runDir);
      Path logFile = runDir.resolve("cartpulse.log");
      // Before the first logger exists: everything below logs into the run directory.
      System.setProperty("cartpulse.log.file", logFile.toString());
      Logger log = LoggerFactory.getLogger(RunLocal.class);
      ClickSource source = openSource();
      out.printf("run-local: run dir %s (log %s)%n", runDir, logFile.getFileName());
      stopRequest.set(() -> {
        stopReason = "stopped (Ctrl-C or SIGTERM)";
        stop.countDown();
      });
      LocalStack.Settings settings = LocalStack.Settings.defaults(runDir)
          .withRegistryPort(options.registryPort())
          .withExternalRegistry(options.registry())
          .withHttpPort(options.httpPort())
          .withRuleOverrides(options.ruleOverrides())
          .withSettingsVersions(options.settingsVersions());
      try (source; LocalStack stack = LocalStack.start(settings, line -> out.println("  " + line));
          Dashboard dashboard = startDashboard(stack)) {
        out.printf("  dashboard        %s%n", dashboard.url());
        Path endpointsFile = Endpoints.currentFile();
        stack.endpoints().write(endpointsFile);
        try {
          return feedAndWatch(stack, source, log);
        } finally {
          Files.deleteIfExists(endpointsFile);
        }
      }
    }

    /** The dashboard on the stack's topics and streams-app, with the engines' start-up rule settings. */
    private Dashboard startDashboard(LocalStack stack) throws Cli.Failure {
      Map<String, String> config = new HashMap<>();
      for (Setting<?> setting : RuleCatalog.runtimeSettings()) {
        String value = options.ruleOverrides().getProperty(setting.key());
        if (value != null) {
          config.put(setting.key(), value);
        }
      }
      config.put(CommonSettings.BOOTSTRAP_SERVERS.key(), stack.bootstrapServers());
      config.put(CommonSettings.SCHEMA_REGISTRY_URL.key(), stack.registryUrl());
      config.put(DashboardConfig.PORT.key(), String.valueOf(options.dashboardPort()));
      config.put(DashboardConfig.STREAMS_URL.key(), stack.streamsHttpUrl());
      try {
        return Dashboard.start(DashboardConfig.of(config));
      } catch (IOException e) {
        throw new Cli.Failure(e.getMessage() + " (port in use? pick another with --dashboard-port, 0 = any free port)",
            e);
      }
    }

    private ClickSource openSource() throws Args.UsageException {
      if (!options.isReplay()) {
        return new SyntheticClickSource(options.shop());
      }
      try {
        return CsvReplaySource.open(options.replay());
      } catch (IOException e) {
        throw new Args.UsageException("--replay " + options.replay() + ": " + Cli.describe(e));
      }
    }

    private Outcome feedAndWatch(LocalStack stack, ClickSource source, Logger log) throws Exception {
      Pacer pacer = options.isReplay()
          ? (options.speed() == 0 ? Pacer.unlimited() : Pacer.eventTime(options.speed()))
          : Pacer.rate(options.shop().eventsPerSecond());
      out.printf("  source           %s, %s%n", source.describe(), pacer.describe());
      out.printf("  follow alerts:   scripts/tail-alerts   (or --bootstrap %s --registry %s)%n",
          stack.bootstrapServers(), stack.registryUrl());
      out.println("  Ctrl-C stops" + (options.seconds() > 0 ? ", or after " + options.seconds() + " s" : "")
          + (options.isReplay() ? ", or once the replay is consumed and the pipeline drained" : ""));

      long started = System.nanoTime();
      int exitCode = Cli.OK;
      try (ClickProducer producer = new ClickProducer(stack.bootstrapServers(), stack.registryUrl(), true,
          Topics.CLICKSTREAM); LiveMonitor monitor = new LiveMonitor(stack.bootstrapServers(), stack.registryUrl());
          InventoryProducer levels = new InventoryProducer(stack.bootstrapServers(), stack.registryUrl(), true,
              Topics.INVENTORY)) {
        SyntheticInventory stock = options.isReplay() ? null : new SyntheticInventory();
        if (options.inventory() != null) {
          replayInventory(levels);
        }
        Thread feeder = new Thread(() -> feed(source, pacer, producer, stock, levels, log), "run-local-source");
        feeder.setDaemon(true);
        feeder.start();

        Drain drain = new Drain(stack, settingsQuiet(stack.settings()));
        long deadline = options.seconds() > 0 ? started + TimeUnit.SECONDS.toNanos(options.seconds()) : Long.MAX_VALUE;
        while (!stop.await(PROGRESS_EVERY.toMillis(), TimeUnit.MILLISECONDS)) {
          LiveMonitor.Snapshot snapshot = monitor.snapshot();
          printer.status(progress(started, snapshot));
          if (stack.engineFailure() != null) {
            printer.line("run-local: " + stack.engineFailure());
            stopReason = "stopped: an engine failed";
            exitCode = Cli.FAILED;
            break;
          }
          if (sourceFailure.get() != null) {
            printer.line("run-local: the click source failed: " + Cli.describe(sourceFailure.get()));
            stopReason = "stopped: the source failed";
            exitCode = Cli.FAILED;
            break;
          }
          if (producer.firstError() != null) {
            printer.line("run-local: producing to " + Topics.CLICKSTREAM + " failed: "
                + Cli.describe(producer.firstError()));
            stopReason = "stopped: producing failed";
            exitCode = Cli.FAILED;
            break;
          }
          if (System.nanoTime() >= deadline) {
            stopReason = "stopped after " + options.seconds() + " s";
            break;
          }
          if (sourceDone.get()) {
            producer.flush();
            String drained = drain.check(snapshot, producer);
            if (drained != null) {
              stopReason = drained;
              break;
            }
          }
        }
        stop.countDown();
        feeder.join(TimeUnit.SECONDS.toMillis(15));
        producer.flush();
        printer.line("run-local: " + stopReason + "; stopping the engines (committing their last output) ...");
        for (String problem : stack.stopEngines()) {
          printer.line("run-local: warning: " + problem);
        }
      }
      PipelineOutput output = summary(stack, started);
      return new Outcome(exitCode, produced.get(), invalid.get(), output);
    }

    private Duration settingsQuiet(LocalStack.Settings settings) {
      // Output becomes visible on Flink checkpoints; a quiet partition holds its clock back for the idle time.
      return Duration.ofMillis(settings.watermarkIdleMs() + 2 * settings.checkpointIntervalMs() + 2_000);
    }

    /**
     * {@code --inventory}: the levels go out before the clicks (a product's stock is its latest level by
     * event time, whatever the arrival order), except those after the replay's T_end, which the backtest
     * ignores too; invalid rows are sent as far as they can be read, to be dead-lettered.
     */
    private void replayInventory(InventoryProducer levels) throws Exception {
      BacktestClock clock = new BacktestClock();
      Rees46Csv.read(options.replay(), row -> {
        if (row.isValid()) {
          clock.advance(row.event().getEventTime().toEpochMilli());
        }
      });
      long[] counts = new long[3];
      InventoryCsv.read(options.inventory(), row -> {
        if (!row.isValid()) {
          counts[1]++;
          if (counts[1] <= INVALID_EXAMPLES) {
            printer.line(String.format("  invalid inventory line %d: %s (sent, to be dead-lettered)", row.lineNumber(),
                row.error()));
          }
          levels.send(InventoryCsv.readable(row));
        } else if (!clock.emits(row.level().getEventTime().toEpochMilli())) {
          counts[2]++;
        } else {
          counts[0]++;
          levels.send(row.level());
        }
      });
      levels.flush();
      out.printf("  inventory        %s: %d levels sent, %d invalid (sent, to be dead-lettered), %d after T_end (not sent)%n",
          options.inventory(), counts[0], counts[1], counts[2]);
    }

    private void feed(ClickSource source, Pacer pacer, ClickProducer producer, SyntheticInventory stock,
        InventoryProducer levels, Logger log) {
      try {
        SourcedClick click;
        while (stop.getCount() > 0 && (click = source.next()) != null) {
          if (!pacer.awaitNext(click.eventTimeMillis(), () -> stop.getCount() == 0)) {
            break;
          }
          if (!click.valid()) {
            long count = invalid.incrementAndGet();
            if (count <= INVALID_EXAMPLES) {
              printer.line(String.format("  invalid line %d: %s (sent, to be dead-lettered)", click.lineNumber(),
                  click.invalidReason()));
            }
          } else {
            lastEventTime = Math.max(lastEventTime, click.eventTimeMillis());
          }
          if (!producer.send(click.event())) {
            invalid.incrementAndGet();
            log.warn("line {}: cannot encode the click; skipped", click.lineNumber());
            continue;
          }
          produced.incrementAndGet();
          if (stock != null) {
            stock.observe(click.event()).forEach(levels::send);
          }
        }
        producer.flush();
        levels.flush();
      } catch (Exception e) {
        log.error("The click source failed", e);
        sourceFailure.set(e);
      } finally {
        sourceDone.set(true);
      }
    }

    private String progress(long started, LiveMonitor.Snapshot snapshot) {
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
      StringBuilder line = new StringBuilder();
      line.append(String.format("[%4ds] events %d", seconds, produced.get()));
      if (invalid.get() > 0) {
        line.append(" (invalid ").append(invalid.get()).append(')');
      }
      if (lastEventTime >= 0) {
        line.append(" @").append(Rees46Csv.formatTime(lastEventTime), 0, 16);
      }
      line.append(" | alerts ").append(snapshot.alerts());
      if (snapshot.alerts() > 0) {
        line.append(": ").append(snapshot.alertsByType()).append(" | ").append(snapshot.alertsBySource());
      }
      PvUvPoint all = snapshot.latestAll();
      line.append(" | pv/uv all ");
      line.append(all == null ? "-" : all.getPv() + "/" + all.getUv() + " @" + Rees46Csv.formatTime(
          all.getWindowEnd().toEpochMilli()).substring(0, 16));
      line.append(" | dlq ").append(snapshot.dlq()).append(" late ").append(snapshot.late());
      return line.toString();
    }

    private PipelineOutput summary(LocalStack stack, long started) throws Exception {
      PipelineOutput output = PipelineOutput.readBack(stack.bootstrapServers(), stack.registryUrl(),
          Duration.ofSeconds(60));
      double seconds = Math.max(1, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)) / 1000.0;
      printer.line("summary (read back from the topics: read_committed, decoded through the registry)");
      out.printf("  events produced: %d in %.1f s (%.0f/s), invalid: %d%n", produced.get(), seconds,
          produced.get() / seconds, invalid.get());
      out.print(AlertStats.of(output.alerts()).table("  "));
      PvUvPoint latest = output.pvuv().stream().filter(p -> "all".equals(p.getDimension()))
          .max(Comparator.comparing(PvUvPoint::getWindowEnd)).orElse(null);
      out.printf("  PV/UV points: %d%s%n", output.pvuv().size(), latest == null ? ""
          : String.format(" (latest all: %s pv=%d uv=%d)", Rees46Csv.formatTime(latest.getWindowEnd().toEpochMilli()),
              latest.getPv(), latest.getUv()));
      out.printf("  dead letters (%s): %d, late events (%s): %d%n", Topics.CLICKSTREAM_DLQ, output.dlq(),
          Topics.CLICKSTREAM_LATE, output.late());
      if (output.undecodable() > 0) {
        out.printf("  warning: %d output records could not be decoded%n", output.undecodable());
      }
      if (options.alertsOut() != null) {
        BacktestOutput.writeAlerts(options.alertsOut(), output.alerts());
        out.printf("  wrote %s (%d alerts)%n", options.alertsOut(), output.alerts().size());
      }
      if (options.pvuvOut() != null) {
        BacktestOutput.writePvUv(options.pvuvOut(), output.pvuv());
        out.printf("  wrote %s (%d points)%n", options.pvuvOut(), output.pvuv().size());
      }
      return output;
    }
  }

  /**
   * When a replay has drained: both engines have committed offsets at the end of clickstream and
   * no output arrived for {@code quiet}. Gives up (and says so) when nothing moves for two minutes.
   */
  static final class Drain {
    private static final Duration STALLED = Duration.ofMinutes(2);
    private final LocalStack stack;
    private final Duration quiet;
    private long lastLag = -1;
    private long lastProgressNanos = System.nanoTime();

    Drain(LocalStack stack, Duration quiet) {
      this.stack = stack;
      this.quiet = quiet;
    }

    /** A stop reason when drained (or stalled), else null. */
    String check(LiveMonitor.Snapshot snapshot, ClickProducer producer) throws Exception {
      if (producer.acked() < producer.sent()) {
        lastProgressNanos = System.nanoTime();
        return null;
      }
      long lag = 0;
      for (LocalStack.Lag groupLag : stack.clickstreamLag()) {
        lag += groupLag.lag();
      }
      if (lag != lastLag || snapshot.quietFor().compareTo(PROGRESS_EVERY) < 0) {
        lastLag = lag;
        lastProgressNanos = System.nanoTime();
      }
      if (lag == 0 && snapshot.quietFor().compareTo(quiet) >= 0) {
        return "replay consumed and drained (consumer lag 0, no new output for " + quiet.toSeconds() + " s)";
      }
      if (System.nanoTime() - lastProgressNanos > STALLED.toNanos()) {
        return "replay consumed, but the pipeline made no progress for " + STALLED.toMinutes()
            + " min (consumer lag " + lag + ")";
      }
      return null;
    }
  }

  /** Progress on one line, rewritten in place on a terminal; other messages above it. */
  static final class StatusPrinter {
    private final PrintStream out;
    private final boolean terminal = System.console() != null;
    private int statusLength;

    StatusPrinter(PrintStream out) {
      this.out = out;
    }

    synchronized void status(String line) {
      if (terminal) {
        out.print('\r' + line + " ".repeat(Math.max(0, statusLength - line.length())));
        statusLength = line.length();
      } else {
        out.println(line);
      }
      out.flush();
    }

    synchronized void line(String line) {
      if (terminal && statusLength > 0) {
        out.print('\r' + " ".repeat(statusLength) + '\r');
        statusLength = 0;
      }
      out.println(line);
      out.flush();
    }
  }
}
