package io.cartpulse.backtest;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.click.Money;
import io.cartpulse.local.cli.Args;
import io.cartpulse.local.cli.Cli;
import io.cartpulse.local.tools.Rules;
import io.cartpulse.settings.SettingsVersion;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code scripts/rules what-if FILE --events RECORDED.csv}: the recorded traffic through both engines
 * twice, without and with the settings versions of FILE (ALERTS.md section 8, exactly as a backtest
 * follows them), and per alert type the alerts the change adds and removes - for coupons also the tiers
 * issued and the spend they cover - with a few examples of each. What a threshold change would have
 * done to yesterday's traffic, before it is published.
 */
public final class WhatIf {
  static final String USAGE = """
      Usage: scripts/rules what-if FILE --events RECORDED.csv[.gz] [--config FILE] [--examples N]
        Runs the recorded events through both engines without and with the settings versions of FILE
        (JSON lines, docs/ALERTS.md section 8) and prints, per alert type, how many alerts the change
        adds and removes (coupons: tiers issued and spend covered), with up to N examples each (default 3).
        --config   the start-up settings both runs share (as scripts/backtest --config)
      """;

  private WhatIf() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    org.apache.logging.log4j.LogManager.shutdown();
    System.exit(code);
  }

  /** The alerts one run gave, and the other did not. */
  public record Difference(Map<AlertType, List<Alert>> added, Map<AlertType, List<Alert>> removed) {}

  public static int run(String[] argv, PrintStream out, PrintStream err) {
    return Cli.run("rules what-if", USAGE, out, err, () -> {
      if (argv.length == 0 || argv[0].startsWith("--")) {
        throw new Args.UsageException("what-if needs the settings file first");
      }
      List<SettingsVersion> proposed = Rules.readFile(Path.of(argv[0]));
      Args args = Args.parse(java.util.Arrays.copyOfRange(argv, 1, argv.length),
          Set.of("events", "config", "examples"), Set.of());
      Path events = args.existingFile("events");
      if (events == null) {
        throw new Args.UsageException("--events is required");
      }
      int examples = (int) args.longValue("examples", 3, 0, 1000);
      Path config = args.has("config") ? args.existingFile("config") : null;
      Properties overrides = args.propertiesFile("config");
      if (config != null) {
        Backtest.Options.validate(config, overrides);
      }
      Path scratch = Files.createTempDirectory("cartpulse-what-if-");
      try {
        List<Alert> before = alerts(events, overrides, config, List.of(), scratch.resolve("before"));
        List<Alert> after = alerts(events, overrides, config, proposed, scratch.resolve("after"));
        Difference difference = compare(before, after);
        print(out, events, proposed, before, after, difference, examples);
      } finally {
        try (var files = Files.walk(scratch)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
      return Cli.OK;
    });
  }

  private static List<Alert> alerts(Path events, Properties overrides, Path config, List<SettingsVersion> versions,
      Path dir) throws Exception {
    Files.createDirectories(dir);
    Backtest.Options options = new Backtest.Options(events, dir.resolve("alerts.jsonl"), dir.resolve("pvuv.jsonl"),
        overrides, config, versions);
    return Backtest.execute(options, new PrintStream(OutputStream.nullOutputStream())).alerts();
  }

  /** By alertId (the same input gives the same ids): the alerts only {@code after} has, and only {@code before}. */
  public static Difference compare(List<Alert> before, List<Alert> after) {
    Map<String, Alert> old = new LinkedHashMap<>();
    before.forEach(alert -> old.put(alert.getAlertId(), alert));
    Map<String, Alert> now = new LinkedHashMap<>();
    after.forEach(alert -> now.put(alert.getAlertId(), alert));
    Map<AlertType, List<Alert>> added = new TreeMap<>();
    Map<AlertType, List<Alert>> removed = new TreeMap<>();
    now.forEach((id, alert) -> {
      if (!old.containsKey(id)) {
        added.computeIfAbsent(alert.getType(), t -> new ArrayList<>()).add(alert);
      }
    });
    old.forEach((id, alert) -> {
      if (!now.containsKey(id)) {
        removed.computeIfAbsent(alert.getType(), t -> new ArrayList<>()).add(alert);
      }
    });
    return new Difference(added, removed);
  }

  private static void print(PrintStream out, Path events, List<SettingsVersion> proposed, List<Alert> before,
      List<Alert> after, Difference difference, int examples) {
    out.printf("what-if %s: %d alerts without the %d version%s, %d with them%n", events, before.size(),
        proposed.size(), proposed.size() == 1 ? "" : "s", after.size());
    out.printf("  %-18s %8s %8s %8s %8s%n", "type", "before", "after", "added", "removed");
    for (AlertType type : AlertType.values()) {
      if (type == AlertType.UNKNOWN) {
        continue;
      }
      long b = before.stream().filter(a -> a.getType() == type).count();
      long a = after.stream().filter(x -> x.getType() == type).count();
      out.printf("  %-18s %8d %8d %8d %8d%n", type, b, a, difference.added().getOrDefault(type, List.of()).size(),
          difference.removed().getOrDefault(type, List.of()).size());
    }
    out.printf("  coupons: %s issued before, %s after; spend covered %s before, %s after%n", tiers(before),
        tiers(after), spend(before), spend(after));
    for (AlertType type : AlertType.values()) {
      examples(out, "added", type, difference.added().getOrDefault(type, List.of()), examples);
      examples(out, "removed", type, difference.removed().getOrDefault(type, List.of()), examples);
    }
  }

  /** Coupons issued per tier, e.g. "{200=12, 500=3}". */
  static Map<String, Long> tiers(List<Alert> alerts) {
    Map<String, Long> tiers = new TreeMap<>((x, y) -> Long.compare(Long.parseLong(x), Long.parseLong(y)));
    alerts.stream().filter(a -> a.getType() == AlertType.COUPON_ISSUED)
        .forEach(a -> tiers.merge(a.getAttributes().get("tier"), 1L, Long::sum));
    return tiers;
  }

  /** The spend the issued coupons rewarded: the sum of each coupon's spend when it was issued. */
  static String spend(List<Alert> alerts) {
    long cents = alerts.stream().filter(a -> a.getType() == AlertType.COUPON_ISSUED)
        .mapToLong(a -> Money.toCents(new java.math.BigDecimal(a.getAttributes().get("spend")))).sum();
    return Money.format(cents);
  }

  private static void examples(PrintStream out, String what, AlertType type, List<Alert> alerts, int examples) {
    for (Alert alert : alerts.subList(0, Math.min(examples, alerts.size()))) {
      out.printf("  %s %s at %s: %s%n", what, type, alert.getEventTime(), alert.getMessage());
    }
  }
}
