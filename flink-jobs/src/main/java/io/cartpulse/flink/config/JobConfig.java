package io.cartpulse.flink.config;

import io.cartpulse.flink.rules.churn.ChurnImplementation;
import io.cartpulse.registry.RegistryConfig;
import io.cartpulse.rules.RuleCatalog;
import io.cartpulse.settings.CommonSettings;
import io.cartpulse.settings.InvalidSettingException;
import io.cartpulse.settings.Masking;
import io.cartpulse.settings.Setting;
import io.cartpulse.settings.Setting.Engine;
import io.cartpulse.settings.SettingKind;
import io.cartpulse.settings.SettingsInForce;
import io.cartpulse.settings.SettingsFile;
import io.cartpulse.settings.SettingsTimeline;
import io.cartpulse.settings.SettingsVersion;
import io.cartpulse.settings.StartupConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;

/**
 * Everything the Flink job can be told, typed and validated once, before any operator exists.
 *
 * <p>The keys are the rule keys of {@link RuleCatalog} (the same as the streams-app's and the
 * {@code rule-settings} topic's), the shared keys of {@link CommonSettings}, the job's own below,
 * registry keys ({@code basic.auth.user.info}, ...) and {@code kafka.*} client overrides, which are
 * passed through. Sources, weakest first: defaults, a properties file ({@code --config}), environment
 * variables ({@code CARTPULSE_} + the key upper-cased, '.' and '-' as '_'), {@code --key value}
 * arguments. An unknown key or {@code CARTPULSE_} variable is refused, naming the closest known one;
 * the streams-app's rule keys are accepted and left to it. A bad value fails with a
 * {@link JobConfigException} naming the key and the reason.
 *
 * <p>Serializable: operators hold the pieces they need after the job graph is shipped.
 */
public final class JobConfig implements Serializable {
  private static final long serialVersionUID = 2L;

  public static final String BOOTSTRAP_SERVERS = CommonSettings.BOOTSTRAP_SERVERS.key();
  public static final String SCHEMA_REGISTRY_URL = CommonSettings.SCHEMA_REGISTRY_URL.key();
  public static final String TOPIC_CLICKSTREAM = CommonSettings.TOPIC_CLICKSTREAM.key();
  public static final String TOPIC_ALERTS = CommonSettings.TOPIC_ALERTS.key();
  public static final String TOPIC_PVUV = CommonSettings.TOPIC_PVUV.key();
  public static final String TOPIC_LATE = CommonSettings.TOPIC_CLICKSTREAM_LATE.key();
  public static final String TOPIC_DLQ = CommonSettings.TOPIC_CLICKSTREAM_DLQ.key();
  /** {@code cep} (FlinkCEP, the default) or {@code process} (the plain keyed function): {@link ChurnImplementation}. */
  public static final String CHURN_IMPLEMENTATION = RuleCatalog.CHURN_IMPLEMENTATION.key();
  /** Prefix of Kafka client overrides, e.g. {@code kafka.security.protocol=SSL}. */
  public static final String KAFKA_PREFIX = "kafka.";

  public static final String STATE_BACKEND_ROCKSDB = "rocksdb";
  public static final String STATE_BACKEND_HASHMAP = "hashmap";

  private static final Setting<String> GROUP_ID_SETTING = Setting.startup("group.id", SettingKind.TEXT,
      "cartpulse-flink", Engine.FLINK, "consumer group of the Kafka source (offsets also live in checkpoints)");
  private static final Setting<Long> PARALLELISM_SETTING = Setting.startup("parallelism",
      SettingKind.wholeNumber(1, 4096), "1", Engine.FLINK, "job parallelism");
  // Keyed state is split into max-parallelism key groups for good: fixed here, not derived from the
  // parallelism, so a checkpoint or savepoint restores at any parallelism up to it.
  private static final Setting<Long> MAX_PARALLELISM_SETTING = Setting.startup("max.parallelism",
      SettingKind.wholeNumber(1, 32768), "128", Engine.FLINK,
      "key groups of keyed state: the largest parallelism a checkpoint can be restored at (at least parallelism)");
  private static final Setting<Long> CHECKPOINT_INTERVAL_SETTING = Setting.startup("checkpoint.interval.ms",
      SettingKind.wholeNumber(10, Long.MAX_VALUE), "10000", Engine.FLINK,
      "exactly-once checkpoints; output becomes visible to read_committed readers at each one");
  private static final Setting<String> CHECKPOINT_DIR_SETTING = Setting.optional("checkpoint.dir", SettingKind.TEXT,
      Engine.FLINK, "where checkpoints go (a URI or path); the cluster's default when not set");
  private static final Setting<String> CHECKPOINT_RETENTION_SETTING = Setting.startup("checkpoint.retention",
      SettingKind.oneOf(retentionNames()), "retain-on-cancellation", Engine.FLINK,
      "whether completed checkpoints outlive a cancelled or failed job, so a restart can restore them");
  private static final Setting<String> STATE_BACKEND_SETTING = Setting.startup("state.backend",
      SettingKind.oneOf(STATE_BACKEND_ROCKSDB, STATE_BACKEND_HASHMAP), STATE_BACKEND_ROCKSDB, Engine.FLINK,
      "rocksdb or hashmap");
  private static final Setting<Long> WATERMARK_DELAY_SETTING = Setting.startup("watermark.delay.ms",
      SettingKind.wholeNumber(0, Duration.ofDays(1).toMillis()), "2000", Engine.FLINK,
      "allowed out-of-orderness of the input");
  private static final Setting<Long> WATERMARK_IDLE_SETTING = Setting.startup("watermark.idle.ms",
      SettingKind.wholeNumber(0, Long.MAX_VALUE), "30000", Engine.FLINK,
      "wall time after which a quiet partition's clock runs on; 0 = never");
  private static final Setting<Long> WATERMARK_INTERVAL_SETTING = Setting.startup("watermark.interval.ms",
      SettingKind.wholeNumber(1, Duration.ofHours(1).toMillis()), "200", Engine.FLINK, "watermark emission interval");
  private static final Setting<String> TRANSACTIONAL_ID_PREFIX_SETTING = Setting.startup("transactional.id.prefix",
      SettingKind.TEXT, "cartpulse-flink", Engine.FLINK, "prefix of the exactly-once sinks' transactional ids");
  private static final Setting<Long> TRANSACTION_TIMEOUT_SETTING = Setting.startup("transaction.timeout.ms",
      SettingKind.wholeNumber(1000, Integer.MAX_VALUE), "600000", Engine.FLINK,
      "Kafka transaction timeout of the sinks (at most the broker's transaction.max.timeout.ms)");

  public static final String GROUP_ID = GROUP_ID_SETTING.key();
  public static final String PARALLELISM = PARALLELISM_SETTING.key();
  public static final String MAX_PARALLELISM = MAX_PARALLELISM_SETTING.key();
  public static final String CHECKPOINT_INTERVAL_MS = CHECKPOINT_INTERVAL_SETTING.key();
  public static final String CHECKPOINT_RETENTION = CHECKPOINT_RETENTION_SETTING.key();
  public static final String CHECKPOINT_DIR = CHECKPOINT_DIR_SETTING.key();
  public static final String STATE_BACKEND = STATE_BACKEND_SETTING.key();
  public static final String WATERMARK_DELAY_MS = WATERMARK_DELAY_SETTING.key();
  public static final String WATERMARK_IDLE_MS = WATERMARK_IDLE_SETTING.key();
  public static final String WATERMARK_INTERVAL_MS = WATERMARK_INTERVAL_SETTING.key();
  public static final String TRANSACTIONAL_ID_PREFIX = TRANSACTIONAL_ID_PREFIX_SETTING.key();
  public static final String TRANSACTION_TIMEOUT_MS = TRANSACTION_TIMEOUT_SETTING.key();

  /** The job's own settings, in documentation order. */
  public static final List<Setting<?>> OWN = List.of(GROUP_ID_SETTING, PARALLELISM_SETTING, MAX_PARALLELISM_SETTING,
      CHECKPOINT_INTERVAL_SETTING, CHECKPOINT_DIR_SETTING, CHECKPOINT_RETENTION_SETTING, STATE_BACKEND_SETTING, WATERMARK_DELAY_SETTING,
      WATERMARK_IDLE_SETTING, WATERMARK_INTERVAL_SETTING, TRANSACTIONAL_ID_PREFIX_SETTING,
      TRANSACTION_TIMEOUT_SETTING);

  private static final StartupConfig.Spec SPEC = spec();

  /** Everything given, as text: the form the job graph ships (re-read on the task managers). */
  private final Map<String, String> given;
  /** Settings versions known at start (the settings file's lines), in the order given. */
  private final List<String> settingsVersions;
  private transient StartupConfig source;

  private JobConfig(Map<String, String> given, Map<String, String> env) {
    this(given, env, List.of());
  }

  private JobConfig(Map<String, String> given, Map<String, String> env, List<String> settingsVersions) {
    try {
      this.source = StartupConfig.load(SPEC, given, env);
    } catch (InvalidSettingException e) {
      throw new JobConfigException(e.getMessage());
    }
    this.given = new TreeMap<>(source.given());
    this.settingsVersions = List.copyOf(settingsVersions);
    if (maxParallelism() < parallelism()) {
      throw new JobConfigException(MAX_PARALLELISM, String.valueOf(maxParallelism()),
          "must be at least " + PARALLELISM + " (" + parallelism() + ")");
    }
  }

  private static String[] retentionNames() {
    return Arrays.stream(ExternalizedCheckpointRetention.values()).map(JobConfig::retentionName)
        .toArray(String[]::new);
  }

  private static String retentionName(ExternalizedCheckpointRetention retention) {
    return retention.name().replace('_', '-').toLowerCase(Locale.ROOT);
  }

  /** This configuration with the settings versions known at start (ALERTS.md section 8). */
  public JobConfig withSettingsVersions(List<SettingsVersion> versions) {
    return new JobConfig(given, Map.of(), versions.stream().map(SettingsFile::format).toList());
  }

  /** The settings in force at any event time, as far as known at start. */
  public SettingsTimeline settingsTimeline() {
    return SettingsTimeline.of(settingsInForce(), SettingsFile.parse(settingsVersions));
  }

  private static StartupConfig.Spec spec() {
    List<Setting<?>> settings = new ArrayList<>();
    settings.add(CommonSettings.BOOTSTRAP_SERVERS);
    settings.add(CommonSettings.SCHEMA_REGISTRY_URL);
    List<Setting<?>> others = new ArrayList<>();
    for (Setting<String> topic : CommonSettings.TOPICS) {
      (topic.readBy(Engine.FLINK) ? settings : others).add(topic);
    }
    for (Setting<?> rule : RuleCatalog.settings()) {
      (rule.readBy(Engine.FLINK) || rule.isRuntime() ? settings : others).add(rule);
    }
    settings.addAll(OWN);
    // kafka.<client key> passes through; each Kafka client key has its variable (CARTPULSE_KAFKA_SASL_MECHANISM).
    List<String> envKeys = new ArrayList<>(RegistryConfig.KEYS);
    java.util.Set<String> clientKeys = new java.util.TreeSet<>(org.apache.kafka.clients.consumer.ConsumerConfig.configNames());
    clientKeys.addAll(org.apache.kafka.clients.producer.ProducerConfig.configNames());
    clientKeys.forEach(key -> envKeys.add(KAFKA_PREFIX + key));
    return new StartupConfig.Spec("flink-jobs", settings, others,
        key -> RegistryConfig.KEYS.contains(key) || key.startsWith(KAFKA_PREFIX) && key.length() > KAFKA_PREFIX.length(),
        envKeys, List.of());
  }

  private StartupConfig source() {
    if (source == null) {
      source = StartupConfig.load(SPEC, given, Map.of());
    }
    return source;
  }

  private <T> T get(Setting<T> setting) {
    return source().get(setting);
  }

  /** The defaults: a job that still needs {@code bootstrap.servers} and a registry to run on Kafka. */
  public static JobConfig defaultConfig() {
    return new JobConfig(Map.of(), Map.of());
  }

  public static JobConfig from(Map<String, String> values) {
    return new JobConfig(values, Map.of());
  }

  public static JobConfig from(Properties values) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String name : values.stringPropertyNames()) {
      map.put(name, values.getProperty(name));
    }
    return new JobConfig(map, Map.of());
  }

  /** This configuration with some keys replaced. */
  public JobConfig with(Map<String, String> overrides) {
    Map<String, String> merged = new LinkedHashMap<>(given);
    merged.putAll(overrides);
    return new JobConfig(merged, Map.of(), settingsVersions);
  }

  public JobConfig with(String key, String value) {
    return with(Map.of(key, value));
  }

  /** Whether {@code key} means something to the job (its own, shared, rule or pass-through keys). */
  public static boolean knows(String key) {
    return SPEC.settings().stream().anyMatch(s -> s.key().equals(key))
        || SPEC.otherEngines().stream().anyMatch(s -> s.key().equals(key)) || SPEC.passThrough().test(key);
  }

  /**
   * Every key the job reads itself (with or without a default). Registry keys and {@code kafka.*}
   * client overrides pass through on top (see the class comment).
   */
  public static java.util.Set<String> keys() {
    java.util.Set<String> keys = new java.util.TreeSet<>();
    SPEC.settings().forEach(setting -> keys.add(setting.key()));
    return keys;
  }

  /** Every key the job reads (its settings, the pass-through keys aside). */
  public static List<Setting<?>> settings() {
    return SPEC.settings();
  }

  /**
   * Reads the command line of {@code main}: {@code --config <file.properties>} and any number of
   * {@code --key value} or {@code --key=value}. Precedence: defaults, then the file, then
   * {@code CARTPULSE_*} environment variables, then the arguments.
   */
  public static JobConfig fromArgs(String[] args, Map<String, String> environment) {
    Map<String, String> fromArgs = new LinkedHashMap<>();
    String configFile = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new JobConfigException("argument " + (i + 1) + " '" + arg
            + "' is not an option; expected --config <file> or --<key> <value> (or --<key>=<value>)");
      }
      String key;
      String value;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        key = arg.substring(2, eq);
        value = arg.substring(eq + 1);
      } else {
        if (i + 1 >= args.length) {
          throw new JobConfigException("option " + arg + " needs a value");
        }
        key = arg.substring(2);
        value = args[++i];
      }
      if (key.equals("config")) {
        configFile = value;
      } else {
        fromArgs.put(key, value);
      }
    }
    Map<String, String> file = configFile == null ? Map.of() : readFile(Path.of(configFile));
    JobConfig fromFileAndEnv = new JobConfig(file, environment);
    return fromArgs.isEmpty() ? fromFileAndEnv : fromFileAndEnv.with(fromArgs);
  }

  private static Map<String, String> readFile(Path file) {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      properties.load(in);
    } catch (IOException e) {
      throw new JobConfigException("cannot read the config file " + file + ": " + e);
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (String name : properties.stringPropertyNames()) {
      map.put(name, properties.getProperty(name));
    }
    return map;
  }

  /** Checks what only the Kafka wiring needs, so a backtest does not need a broker address. */
  public JobConfig requireKafka() {
    if (bootstrapServers() == null) {
      throw new JobConfigException(BOOTSTRAP_SERVERS, null, "required to read and write Kafka (e.g. localhost:9092)");
    }
    if (get(CommonSettings.SCHEMA_REGISTRY_URL) == null) {
      throw new JobConfigException(SCHEMA_REGISTRY_URL, null,
          "required to decode clicks and encode alerts (http://host:8081, or mock://scope in tests)");
    }
    return this;
  }

  /** Schema-registry settings (the registry keys given, and the URL). */
  public Map<String, String> registryConfig() {
    Map<String, String> registry = new TreeMap<>();
    given.forEach((key, value) -> {
      if (RegistryConfig.KEYS.contains(key)) {
        registry.put(key, value);
      }
    });
    return registry;
  }

  /** {@code kafka.*} keys with the prefix dropped, for consumer and producer properties. */
  public Properties kafkaClientProperties() {
    Properties client = new Properties();
    given.forEach((key, value) -> {
      if (key.startsWith(KAFKA_PREFIX) && key.length() > KAFKA_PREFIX.length()) {
        client.setProperty(key.substring(KAFKA_PREFIX.length()), value);
      }
    });
    return client;
  }

  /** Everything given (file, environment, arguments), as text; defaults not included. */
  public Map<String, String> properties() {
    return given;
  }

  /** The run-time settings (ALERTS.md section 8) as configured at start, before any settings version. */
  public SettingsInForce settingsInForce() {
    return source().settingsInForce();
  }

  public String bootstrapServers() {
    return get(CommonSettings.BOOTSTRAP_SERVERS);
  }

  public String topicClickstream() {
    return get(CommonSettings.TOPIC_CLICKSTREAM);
  }

  public String topicAlerts() {
    return get(CommonSettings.TOPIC_ALERTS);
  }

  public String topicPvUv() {
    return get(CommonSettings.TOPIC_PVUV);
  }

  public String topicLate() {
    return get(CommonSettings.TOPIC_CLICKSTREAM_LATE);
  }

  public String topicDlq() {
    return get(CommonSettings.TOPIC_CLICKSTREAM_DLQ);
  }

  public String topicRuleSettings() {
    return get(CommonSettings.TOPIC_RULE_SETTINGS);
  }

  public String groupId() {
    return get(GROUP_ID_SETTING);
  }

  public int parallelism() {
    return get(PARALLELISM_SETTING).intValue();
  }

  /** Key groups of keyed state: the largest parallelism a savepoint can be restored at. */
  public int maxParallelism() {
    return get(MAX_PARALLELISM_SETTING).intValue();
  }

  /** Whether completed checkpoints outlive a cancelled or failed job (a restart can restore them). */
  public ExternalizedCheckpointRetention checkpointRetention() {
    String name = get(CHECKPOINT_RETENTION_SETTING);
    return Arrays.stream(ExternalizedCheckpointRetention.values())
        .filter(retention -> retentionName(retention).equals(name)).findFirst().orElseThrow();
  }

  public long checkpointIntervalMs() {
    return get(CHECKPOINT_INTERVAL_SETTING);
  }

  /** Where checkpoints go (a URI or path), or null for the cluster's default. */
  public String checkpointDir() {
    return get(CHECKPOINT_DIR_SETTING);
  }

  public String stateBackend() {
    return get(STATE_BACKEND_SETTING);
  }

  public long watermarkDelayMs() {
    return get(WATERMARK_DELAY_SETTING);
  }

  /** After this long without events a source partition lets the clock run on wall time; 0 = never. */
  public long watermarkIdleMs() {
    return get(WATERMARK_IDLE_SETTING);
  }

  public long watermarkIntervalMs() {
    return get(WATERMARK_INTERVAL_SETTING);
  }

  public String transactionalIdPrefix() {
    return get(TRANSACTIONAL_ID_PREFIX_SETTING);
  }

  public long transactionTimeoutMs() {
    return get(TRANSACTION_TIMEOUT_SETTING);
  }

  public long churnWindowMs() {
    return get(RuleCatalog.CHURN_WINDOW).toMillis();
  }

  /** The start-up value; the rule reads the one in force at each window end. */
  public int churnMinViews() {
    return settingsInForce().get(RuleCatalog.CHURN_MIN_VIEWS).intValue();
  }

  public ChurnImplementation churnImplementation() {
    return ChurnImplementation.fromKey(get(RuleCatalog.CHURN_IMPLEMENTATION)).orElseThrow();
  }

  public int surgeMinViews() {
    return settingsInForce().get(RuleCatalog.SURGE_MIN_VIEWS).intValue();
  }

  public BigDecimal surgeFactor() {
    return settingsInForce().get(RuleCatalog.SURGE_FACTOR);
  }

  public int surgeHistoryMinutes() {
    return (int) get(RuleCatalog.SURGE_HISTORY).toMinutes();
  }

  public int surgeBaselineMinutes() {
    return (int) get(RuleCatalog.SURGE_BASELINE).toMinutes();
  }

  /** The effective settings, secrets masked, for the start-up log. */
  public String describe() {
    return source().describe();
  }

  @Override
  public String toString() {
    return "JobConfig" + Masking.masked(given, key -> false);
  }
}
