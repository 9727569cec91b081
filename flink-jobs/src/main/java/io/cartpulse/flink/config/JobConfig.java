package io.cartpulse.flink.config;

import io.cartpulse.contract.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Everything the Flink job can be told, typed and validated once, before any operator exists.
 *
 * <p>Keys are flat strings so the same names work in a properties file, as {@code --key value}
 * arguments and as environment variables ({@code CARTPULSE_BOOTSTRAP_SERVERS} for
 * {@code bootstrap.servers}: prefix dropped, lower case, {@code _} becomes {@code .}). Every
 * source key is kept ({@link #properties()}) so registry settings ({@code schema.registry.url},
 * {@code basic.auth.user.info}, ...) and {@code kafka.*} client overrides reach the parts that
 * read them. A bad value fails with a {@link JobConfigException} naming the key and the reason.
 *
 * <p>Serializable: operators hold the pieces they need after the job graph is shipped.
 */
public final class JobConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  public static final String TOPIC_CLICKSTREAM = "topic.clickstream";
  public static final String TOPIC_ALERTS = "topic.alerts";
  public static final String TOPIC_PVUV = "topic.pvuv";
  public static final String TOPIC_LATE = "topic.late";
  public static final String TOPIC_DLQ = "topic.dlq";
  public static final String GROUP_ID = "group.id";
  public static final String PARALLELISM = "parallelism";
  public static final String CHECKPOINT_INTERVAL_MS = "checkpoint.interval.ms";
  public static final String CHECKPOINT_DIR = "checkpoint.dir";
  public static final String STATE_BACKEND = "state.backend";
  public static final String WATERMARK_DELAY_MS = "watermark.delay.ms";
  public static final String WATERMARK_IDLE_MS = "watermark.idle.ms";
  public static final String WATERMARK_INTERVAL_MS = "watermark.interval.ms";
  public static final String TRANSACTIONAL_ID_PREFIX = "transactional.id.prefix";
  public static final String TRANSACTION_TIMEOUT_MS = "transaction.timeout.ms";
  public static final String CHURN_WINDOW_MS = "churn.window.ms";
  public static final String CHURN_MIN_VIEWS = "churn.min.views";
  public static final String SURGE_MIN_VIEWS = "surge.min.views";
  public static final String SURGE_FACTOR = "surge.factor";
  public static final String SURGE_HISTORY_MINUTES = "surge.history.minutes";
  public static final String SURGE_BASELINE_MINUTES = "surge.baseline.minutes";
  /** Prefix of Kafka client overrides, e.g. {@code kafka.security.protocol=SSL}. */
  public static final String KAFKA_PREFIX = "kafka.";
  public static final String ENV_PREFIX = "CARTPULSE_";

  public static final String STATE_BACKEND_ROCKSDB = "rocksdb";
  public static final String STATE_BACKEND_HASHMAP = "hashmap";

  private static final Map<String, String> DEFAULTS = defaults();

  private final Map<String, String> properties;
  private final String bootstrapServers;
  private final String topicClickstream;
  private final String topicAlerts;
  private final String topicPvUv;
  private final String topicLate;
  private final String topicDlq;
  private final String groupId;
  private final int parallelism;
  private final long checkpointIntervalMs;
  private final String checkpointDir;
  private final String stateBackend;
  private final long watermarkDelayMs;
  private final long watermarkIdleMs;
  private final long watermarkIntervalMs;
  private final String transactionalIdPrefix;
  private final long transactionTimeoutMs;
  private final long churnWindowMs;
  private final int churnMinViews;
  private final int surgeMinViews;
  private final BigDecimal surgeFactor;
  private final int surgeHistoryMinutes;
  private final int surgeBaselineMinutes;

  private JobConfig(Map<String, String> given) {
    Map<String, String> all = new TreeMap<>(DEFAULTS);
    given.forEach((key, value) -> {
      if (key != null && value != null) {
        all.put(key.trim(), value.trim());
      }
    });
    this.properties = Collections.unmodifiableMap(new TreeMap<>(all));
    this.bootstrapServers = optional(all, BOOTSTRAP_SERVERS);
    this.topicClickstream = required(all, TOPIC_CLICKSTREAM);
    this.topicAlerts = required(all, TOPIC_ALERTS);
    this.topicPvUv = required(all, TOPIC_PVUV);
    this.topicLate = required(all, TOPIC_LATE);
    this.topicDlq = required(all, TOPIC_DLQ);
    this.groupId = required(all, GROUP_ID);
    this.parallelism = (int) range(all, PARALLELISM, 1, 4096);
    this.checkpointIntervalMs = range(all, CHECKPOINT_INTERVAL_MS, 10, Long.MAX_VALUE);
    this.checkpointDir = optional(all, CHECKPOINT_DIR);
    this.stateBackend = required(all, STATE_BACKEND).toLowerCase(Locale.ROOT);
    if (!stateBackend.equals(STATE_BACKEND_ROCKSDB) && !stateBackend.equals(STATE_BACKEND_HASHMAP)) {
      throw new JobConfigException(STATE_BACKEND, stateBackend, "expected rocksdb or hashmap");
    }
    this.watermarkDelayMs = range(all, WATERMARK_DELAY_MS, 0, Duration.ofDays(1).toMillis());
    this.watermarkIdleMs = range(all, WATERMARK_IDLE_MS, 0, Long.MAX_VALUE);
    this.watermarkIntervalMs = range(all, WATERMARK_INTERVAL_MS, 1, Duration.ofHours(1).toMillis());
    this.transactionalIdPrefix = required(all, TRANSACTIONAL_ID_PREFIX);
    this.transactionTimeoutMs = range(all, TRANSACTION_TIMEOUT_MS, 1000, Integer.MAX_VALUE);
    this.churnWindowMs = range(all, CHURN_WINDOW_MS, 1, Long.MAX_VALUE / 4);
    // The CEP pattern needs a first view and a distinct "last" view, so a single view cannot qualify.
    this.churnMinViews = (int) range(all, CHURN_MIN_VIEWS, 2, Integer.MAX_VALUE);
    this.surgeMinViews = (int) range(all, SURGE_MIN_VIEWS, 1, Integer.MAX_VALUE);
    this.surgeFactor = decimal(all, SURGE_FACTOR);
    this.surgeHistoryMinutes = (int) range(all, SURGE_HISTORY_MINUTES, 0, Duration.ofDays(366).toMinutes());
    this.surgeBaselineMinutes = (int) range(all, SURGE_BASELINE_MINUTES, 1, Duration.ofDays(1).toMinutes());
  }

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put(TOPIC_CLICKSTREAM, Topics.CLICKSTREAM);
    d.put(TOPIC_ALERTS, Topics.ALERTS);
    d.put(TOPIC_PVUV, Topics.PVUV);
    d.put(TOPIC_LATE, Topics.CLICKSTREAM_LATE);
    d.put(TOPIC_DLQ, Topics.CLICKSTREAM_DLQ);
    d.put(GROUP_ID, "cartpulse-flink");
    d.put(PARALLELISM, "1");
    d.put(CHECKPOINT_INTERVAL_MS, "10000");
    d.put(STATE_BACKEND, STATE_BACKEND_ROCKSDB);
    d.put(WATERMARK_DELAY_MS, "2000");
    d.put(WATERMARK_IDLE_MS, "30000");
    d.put(WATERMARK_INTERVAL_MS, "200");
    d.put(TRANSACTIONAL_ID_PREFIX, "cartpulse-flink");
    d.put(TRANSACTION_TIMEOUT_MS, "600000");
    d.put(CHURN_WINDOW_MS, Long.toString(Duration.ofDays(7).toMillis()));
    d.put(CHURN_MIN_VIEWS, "10");
    d.put(SURGE_MIN_VIEWS, "50");
    d.put(SURGE_FACTOR, "3.0");
    d.put(SURGE_HISTORY_MINUTES, "30");
    d.put(SURGE_BASELINE_MINUTES, "30");
    return Collections.unmodifiableMap(d);
  }

  /** The defaults: a job that still needs {@code bootstrap.servers} and a registry to run on Kafka. */
  public static JobConfig defaultConfig() {
    return new JobConfig(Map.of());
  }

  public static JobConfig from(Map<String, String> values) {
    return new JobConfig(values);
  }

  public static JobConfig from(Properties values) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String name : values.stringPropertyNames()) {
      map.put(name, values.getProperty(name));
    }
    return new JobConfig(map);
  }

  /** This configuration with some keys replaced. */
  public JobConfig with(Map<String, String> overrides) {
    Map<String, String> merged = new LinkedHashMap<>(properties);
    merged.putAll(overrides);
    return new JobConfig(merged);
  }

  public JobConfig with(String key, String value) {
    return with(Map.of(key, value));
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
    Map<String, String> merged = new LinkedHashMap<>();
    if (configFile != null) {
      merged.putAll(readFile(Path.of(configFile)));
    }
    environment.forEach((name, value) -> {
      if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
        merged.put(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
      }
    });
    merged.putAll(fromArgs);
    return new JobConfig(merged);
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
    if (bootstrapServers == null) {
      throw new JobConfigException(BOOTSTRAP_SERVERS, null, "required to read and write Kafka (e.g. localhost:9092)");
    }
    if (optional(properties, SCHEMA_REGISTRY_URL) == null) {
      throw new JobConfigException(SCHEMA_REGISTRY_URL, null,
          "required to decode clicks and encode alerts (http://host:8081, or mock://scope in tests)");
    }
    return this;
  }

  /** Schema-registry settings (every key; the registry config reads only its own). */
  public Map<String, String> registryConfig() {
    return properties;
  }

  /** {@code kafka.*} keys with the prefix dropped, for consumer and producer properties. */
  public Properties kafkaClientProperties() {
    Properties client = new Properties();
    properties.forEach((key, value) -> {
      if (key.startsWith(KAFKA_PREFIX) && key.length() > KAFKA_PREFIX.length()) {
        client.setProperty(key.substring(KAFKA_PREFIX.length()), value);
      }
    });
    return client;
  }

  public Map<String, String> properties() {
    return properties;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public String topicClickstream() {
    return topicClickstream;
  }

  public String topicAlerts() {
    return topicAlerts;
  }

  public String topicPvUv() {
    return topicPvUv;
  }

  public String topicLate() {
    return topicLate;
  }

  public String topicDlq() {
    return topicDlq;
  }

  public String groupId() {
    return groupId;
  }

  public int parallelism() {
    return parallelism;
  }

  public long checkpointIntervalMs() {
    return checkpointIntervalMs;
  }

  /** Where checkpoints go (a URI or path), or null for the cluster's default. */
  public String checkpointDir() {
    return checkpointDir;
  }

  public String stateBackend() {
    return stateBackend;
  }

  public long watermarkDelayMs() {
    return watermarkDelayMs;
  }

  /** After this long without events a source partition lets the clock run on wall time; 0 = never. */
  public long watermarkIdleMs() {
    return watermarkIdleMs;
  }

  public long watermarkIntervalMs() {
    return watermarkIntervalMs;
  }

  public String transactionalIdPrefix() {
    return transactionalIdPrefix;
  }

  public long transactionTimeoutMs() {
    return transactionTimeoutMs;
  }

  public long churnWindowMs() {
    return churnWindowMs;
  }

  public int churnMinViews() {
    return churnMinViews;
  }

  public int surgeMinViews() {
    return surgeMinViews;
  }

  public BigDecimal surgeFactor() {
    return surgeFactor;
  }

  public int surgeHistoryMinutes() {
    return surgeHistoryMinutes;
  }

  public int surgeBaselineMinutes() {
    return surgeBaselineMinutes;
  }

  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>(properties);
    shown.replaceAll((key, value) -> isSecret(key) ? "****" : value);
    return "JobConfig" + shown;
  }

  private static boolean isSecret(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    return lower.contains("password") || lower.contains("secret") || lower.contains("user.info")
        || lower.contains("sasl.jaas");
  }

  private static String optional(Map<String, String> values, String key) {
    String value = values.get(key);
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static String required(Map<String, String> values, String key) {
    String value = optional(values, key);
    if (value == null) {
      throw new JobConfigException(key, values.get(key), "must not be empty");
    }
    return value;
  }

  private static long range(Map<String, String> values, String key, long min, long max) {
    String text = required(values, key);
    long value;
    try {
      value = Long.parseLong(text.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new JobConfigException(key, text, "expected a whole number");
    }
    if (value < min || value > max) {
      throw new JobConfigException(key, text, "must be between " + min + " and " + max);
    }
    return value;
  }

  private static BigDecimal decimal(Map<String, String> values, String key) {
    String text = required(values, key);
    BigDecimal value;
    try {
      value = new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new JobConfigException(key, text, "expected a decimal number like 3.0");
    }
    if (value.signum() <= 0) {
      throw new JobConfigException(key, text, "must be greater than 0");
    }
    return value;
  }
}
