package io.cartpulse.local.tools;

import io.cartpulse.avro.RuleSettings;
import io.cartpulse.click.Rees46Csv;
import io.cartpulse.contract.Topics;
import io.cartpulse.local.Endpoints;
import io.cartpulse.local.cli.Args;
import io.cartpulse.local.cli.Cli;
import io.cartpulse.registry.SchemaRegistryClient;
import io.cartpulse.registry.SpecificAvroSerde;
import io.cartpulse.rules.RuleCatalog;
import io.cartpulse.settings.InvalidSettingException;
import io.cartpulse.settings.RuleSettingsTopic;
import io.cartpulse.settings.Setting;
import io.cartpulse.settings.SettingsFile;
import io.cartpulse.settings.SettingsInForce;
import io.cartpulse.settings.SettingsTimeline;
import io.cartpulse.settings.SettingsVersion;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * {@code scripts/rules}: the run-time settings of ALERTS.md section 8 on the {@code rule-settings}
 * topic. {@code show} prints every version and the settings in force; {@code set} validates and
 * publishes the next version; {@code validate} checks a settings file. ({@code what-if} runs in the
 * backtest module: {@code io.cartpulse.backtest.WhatIf}.)
 */
public final class Rules {
  static final String USAGE = """
      Usage: scripts/rules show [--at TIME]
             scripts/rules set KEY=VALUE... [--from TIME] [--version N]
             scripts/rules validate FILE
             scripts/rules what-if FILE --events RECORDED.csv[.gz] [--config FILE] [--examples N]
        The run-time rule settings (docs/ALERTS.md section 8) on the rule-settings topic.
        show      every version (version, effectiveFrom, settings) and the settings in force at --at
                  (default: now), each with the version that set it
        set       publishes the next version (the latest + 1, or --version N, which must be larger) with
                  the given keys, in force from --from (default: now); an unknown key, a bad value or a
                  version not larger than the latest is refused and nothing is published
        validate  checks a settings file (JSON lines, as scripts/backtest --settings takes)
        what-if   runs the recorded events with and without the versions of FILE and prints, per alert
                  type, the alerts the change adds and removes (coupons: tiers and spend), with examples
        TIME is epoch milliseconds, an ISO-8601 instant (2019-10-01T10:00:00Z) or 2019-10-01 10:00:00 UTC.
        --bootstrap, --registry   the cluster (default: the running scripts/run-local)
        --command-config FILE     client properties for a secured cluster (Kafka and registry keys)
        --topic       the settings topic (default rule-settings)
        --timeout S   seconds to wait for the cluster (default 15)
        Run-time keys: %s
      """.formatted(String.join(", ", SettingsVersion.runtimeKeys()));

  private Rules() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  public static int run(String[] argv, PrintStream out, PrintStream err) {
    return Cli.run("rules", USAGE, out, err, () -> {
      if (argv.length == 0) {
        throw new Args.UsageException("expected show, set, validate or what-if");
      }
      String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
      return switch (argv[0]) {
        case "validate" -> validate(rest, out);
        case "show" -> show(rest, out);
        case "set" -> set(rest, out);
        case "what-if" -> throw new Args.UsageException("what-if runs from scripts/rules (the backtest module)");
        default -> throw new Args.UsageException("unknown command '" + argv[0]
            + "': expected show, set, validate or what-if");
      };
    });
  }

  private static int validate(String[] argv, PrintStream out) throws Args.UsageException {
    if (argv.length != 1) {
      throw new Args.UsageException("validate takes one settings file");
    }
    Path file = Path.of(argv[0]);
    List<SettingsVersion> versions = readFile(file);
    out.printf("%s: %d version%s, valid%n", file, versions.size(), versions.size() == 1 ? "" : "s");
    return Cli.OK;
  }

  /** The versions of a settings file; a bad file is a usage error naming its line. */
  public static List<SettingsVersion> readFile(Path file) throws Args.UsageException {
    try {
      return SettingsFile.read(file);
    } catch (InvalidSettingException e) {
      throw new Args.UsageException(file + ": " + e.getMessage());
    } catch (IOException e) {
      throw new Args.UsageException(file + ": cannot read it: " + e.getMessage());
    }
  }

  private record Cluster(Properties client, SpecificAvroSerde<RuleSettings> serde, String topic,
      java.time.Duration timeout) {}

  private static Cluster cluster(Args args) throws Args.UsageException, Cli.Failure, InterruptedException {
    Endpoints endpoints = Endpoints.resolve(args.get("bootstrap"), args.get("registry"));
    java.time.Duration timeout = Connectivity.timeout(args);
    Path commandConfig = args.has("command-config") ? args.existingFile("command-config") : null;
    Map<String, Object> kafka = Connectivity.kafkaConfig(endpoints.bootstrapServers(), commandConfig, timeout);
    try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(kafka)) {
      Connectivity.requireKafka(admin, endpoints.bootstrapServers(), timeout);
    }
    SchemaRegistryClient registry = Connectivity.registry(endpoints.registryUrl(), null,
        Connectivity.commandConfig(commandConfig), timeout);
    SpecificAvroSerde<RuleSettings> serde = new SpecificAvroSerde<>(RuleSettings.class, registry, false, false);
    Properties client = new Properties();
    client.putAll(kafka);
    return new Cluster(client, serde, args.has("topic") ? args.get("topic") : Topics.RULE_SETTINGS, timeout);
  }

  private static List<SettingsVersion> readTopic(Cluster cluster, PrintStream out) {
    return RuleSettingsTopic.readAll(cluster.client(), cluster.topic(), cluster.serde(), cluster.timeout(),
        (key, reason) -> out.printf("  skipped the bad record of key %s: %s%n", key, reason));
  }

  private static int show(String[] argv, PrintStream out) throws Exception {
    Args args = Args.parse(argv, Set.of("bootstrap", "registry", "command-config", "topic", "timeout", "at"),
        Set.of());
    long at = args.has("at") ? time("--at", args.get("at")) : System.currentTimeMillis();
    Cluster cluster = cluster(args);
    List<SettingsVersion> versions = readTopic(cluster, out);
    out.printf("%s: %d version%s%n", cluster.topic(), versions.size(), versions.size() == 1 ? "" : "s");
    for (SettingsVersion version : versions) {
      out.printf("  version %-5d from %s (%d)  %s%n", version.version(), Instant.ofEpochMilli(version.effectiveFrom()),
          version.effectiveFrom(), version.settings());
    }
    SettingsTimeline timeline = SettingsTimeline.of(SettingsInForce.defaults(), versions);
    Map<String, String> inForce = timeline.at(at).asText();
    out.printf("in force at %s (%d), over the defaults (an engine's --config may change the defaults):%n",
        Instant.ofEpochMilli(at), at);
    for (Setting<?> setting : RuleCatalog.runtimeSettings()) {
      out.printf("  %-28s %-16s %s%n", setting.key(), inForce.get(setting.key()), setBy(timeline, setting, at));
    }
    return Cli.OK;
  }

  /** "version N" for the version in force at {@code at} that set the key, else "default". */
  private static String setBy(SettingsTimeline timeline, Setting<?> setting, long at) {
    String by = "default";
    for (SettingsVersion version : timeline.versions()) {
      if (version.effectiveFrom() <= at && version.settings().containsKey(setting.key())) {
        by = "version " + version.version();
      }
    }
    return by;
  }

  private static int set(String[] argv, PrintStream out) throws Exception {
    List<String> assignments = new ArrayList<>();
    List<String> options = new ArrayList<>();
    for (int i = 0; i < argv.length; i++) {
      if (argv[i].startsWith("--")) {
        options.add(argv[i]);
        if (!argv[i].contains("=") && i + 1 < argv.length) {
          options.add(argv[++i]);
        }
      } else {
        assignments.add(argv[i]);
      }
    }
    Args args = Args.parse(options.toArray(String[]::new),
        Set.of("bootstrap", "registry", "command-config", "topic", "timeout", "from", "version"), Set.of());
    if (assignments.isEmpty()) {
      throw new Args.UsageException("set needs at least one KEY=VALUE");
    }
    Map<String, String> settings = new LinkedHashMap<>();
    for (String assignment : assignments) {
      int eq = assignment.indexOf('=');
      if (eq <= 0) {
        throw new Args.UsageException("'" + assignment + "' is not KEY=VALUE");
      }
      if (settings.put(assignment.substring(0, eq), assignment.substring(eq + 1)) != null) {
        throw new Args.UsageException(assignment.substring(0, eq) + ": given twice");
      }
    }
    long from = args.has("from") ? time("--from", args.get("from")) : System.currentTimeMillis();
    // The values are checked before anything touches the cluster.
    SettingsVersion checked = version(0, from, settings);
    Cluster cluster = cluster(args);
    // -1 on an empty topic: any version >= 0 is larger than none (the default first version is 1).
    long latest = readTopic(cluster, out).stream().mapToLong(SettingsVersion::version).max().orElse(-1);
    long next = latest < 0 ? 1 : latest + 1;
    long number = args.has("version") ? args.longValue("version", next, 0, Long.MAX_VALUE) : next;
    if (number <= latest) {
      throw new Args.UsageException("--version " + number + " is not larger than the latest version on "
          + cluster.topic() + " (" + latest + ")");
    }
    SettingsVersion version = version(number, from, checked.settings());
    RuleSettingsTopic.publish(cluster.client(), cluster.topic(), cluster.serde(), List.of(version));
    out.printf("published version %d in force from %s (%d): %s%n", number, Instant.ofEpochMilli(from), from,
        version.settings());
    return Cli.OK;
  }

  private static SettingsVersion version(long number, long from, Map<String, String> settings)
      throws Args.UsageException {
    try {
      return SettingsVersion.of(number, from, settings);
    } catch (InvalidSettingException e) {
      throw new Args.UsageException(e.getMessage());
    }
  }

  /** Epoch ms, an ISO-8601 instant, or the REES46 form {@code 2019-10-01 10:00:00 UTC}. */
  public static long time(String option, String text) throws Args.UsageException {
    String value = text.strip();
    if (value.matches("[0-9]+")) {
      return Long.parseLong(value);
    }
    try {
      return Instant.parse(value).toEpochMilli();
    } catch (DateTimeParseException e) {
      Long rees46 = Rees46Csv.parseTimeOrNull(value);
      if (rees46 != null) {
        return rees46;
      }
      throw new Args.UsageException(option + " " + text
          + ": expected epoch milliseconds, an ISO-8601 instant or 2019-10-01 10:00:00 UTC");
    }
  }
}
