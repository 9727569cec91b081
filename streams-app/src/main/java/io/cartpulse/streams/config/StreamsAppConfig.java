package io.cartpulse.streams.config;

import io.cartpulse.registry.RegistryConfig;
import io.cartpulse.rules.RuleCatalog;
import io.cartpulse.settings.CommonSettings;
import io.cartpulse.settings.InvalidSettingException;
import io.cartpulse.settings.ProductSettings;
import io.cartpulse.settings.Setting;
import io.cartpulse.settings.Setting.Engine;
import io.cartpulse.settings.SettingKind;
import io.cartpulse.settings.SettingsInForce;
import io.cartpulse.settings.StartupConfig;
import io.cartpulse.streams.rules.RuleSetup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The whole streams-app configuration, typed and validated once at start-up.
 *
 * <p>Sources, weakest first: the defaults (the contract's thresholds), a properties file,
 * environment variables ({@code CARTPULSE_} + the key upper-cased, '.' and '-' as '_':
 * {@code cart-abandonment.min-price} -> {@code CARTPULSE_CART_ABANDONMENT_MIN_PRICE}). The keys are
 * the rule keys of {@link RuleCatalog} (the same in every engine, file and topic), the shared keys of
 * {@link CommonSettings}, the streams-app's own below, and Kafka Streams / client / registry keys,
 * which are passed through. Any other key or {@code CARTPULSE_} variable is refused, naming the
 * closest known one; the Flink job's rule keys are accepted and left to it.
 */
public final class StreamsAppConfig implements RuleSetup {

  public static final Setting<Boolean> INPUT_KEYED_BY_USER = Setting.startup("input.keyed-by-user",
      SettingKind.BOOLEAN, "false", Engine.STREAMS,
      "true when producers already key clicks by userId (skips the repartition; checked on every click: one keyed otherwise stops the application)");
  public static final Setting<String> STORE_TYPE = Setting.startup("store.type",
      SettingKind.oneOf("rocksdb", "in-memory"), "rocksdb", Engine.STREAMS,
      "rocksdb, or in-memory (Kafka's in-memory stores; state is rebuilt from the changelogs on restart)");
  public static final Setting<Boolean> STORE_CACHING = Setting.startup("store.caching-enabled", SettingKind.BOOLEAN,
      "true", Engine.STREAMS, "Kafka Streams record cache on the stores");
  public static final Setting<Boolean> STORE_LOGGING = Setting.startup("store.logging-enabled", SettingKind.BOOLEAN,
      "true", Engine.STREAMS, "changelog topics (needed for fail-over)");
  public static final Setting<Duration> SWEEP_INTERVAL = Setting.startup("store.sweep-interval",
      SettingKind.duration(Duration.ofMillis(1)), "PT5M", Engine.STREAMS,
      "stream time between sweeps that delete fully expired users (also at every day start); the bucket of the user-expiry index");
  public static final Setting<Long> ROCKSDB_MEMORY_BYTES = Setting.startup("store.rocksdb-memory-bytes",
      SettingKind.wholeNumber(1, Long.MAX_VALUE), String.valueOf(64L * 1024 * 1024), Engine.STREAMS,
      "off-heap budget shared by all RocksDB stores of the process (block cache + memtables)");
  public static final Setting<Boolean> WALL_CLOCK_ADVANCE = Setting.startup("clock.wall-clock-advance",
      SettingKind.BOOLEAN, "true", Engine.STREAMS, "a quiet partition's clock advances by wall time since its last record");
  public static final Setting<Duration> WALL_CLOCK_INTERVAL = Setting.startup("clock.wall-clock-interval",
      SettingKind.duration(Duration.ofMillis(1)), "PT1S", Engine.STREAMS, "wall-clock punctuation interval");
  public static final Setting<Duration> STREAM_TIME_INTERVAL = Setting.startup("clock.stream-time-interval",
      SettingKind.duration(Duration.ofMillis(1)), "PT1S", Engine.STREAMS, "stream-time punctuation interval");

  private static final Setting<String> HTTP_BIND_ADDRESS_SETTING = Setting.startup("http.bind-address",
      SettingKind.TEXT, "127.0.0.1", Engine.STREAMS,
      "interface of the HTTP endpoint (health, metrics, product queries); 0.0.0.0 in containers");
  private static final Setting<Long> HTTP_PORT_SETTING = Setting.optional("http.port",
      SettingKind.wholeNumber(0, 65535), Engine.STREAMS,
      "port of the HTTP endpoint; default: the port of application.server, else 7070; 0 = any free port");
  public static final String HTTP_BIND_ADDRESS = HTTP_BIND_ADDRESS_SETTING.key();
  public static final String HTTP_PORT = HTTP_PORT_SETTING.key();
  /** The HTTP port when neither {@link #HTTP_PORT} nor {@code application.server} names one. */
  public static final int DEFAULT_HTTP_PORT = 7070;

  /** The streams-app's own settings, in documentation order. */
  public static final List<Setting<?>> OWN = List.of(INPUT_KEYED_BY_USER, STORE_TYPE, STORE_CACHING, STORE_LOGGING,
      SWEEP_INTERVAL, ROCKSDB_MEMORY_BYTES, WALL_CLOCK_ADVANCE, WALL_CLOCK_INTERVAL, STREAM_TIME_INTERVAL,
      HTTP_BIND_ADDRESS_SETTING, HTTP_PORT_SETTING);

  public static final String DEFAULT_APPLICATION_ID = "cartpulse-streams";

  /**
   * The main consumer's bytes per partition in one fetch (Kafka's default: 1 MB). A 4.x consumer sends no
   * fetch to a broker while it still holds fetched records of a partition that broker leads, so on one
   * broker a 1 MB chunk of one partition (about 10,000 product updates backlogged on the repartition topic
   * while an instance was down) holds back every other partition until it is processed: a restarted
   * instance took 10 s longer to process its first click (docs/RELIABILITY.md, fast recovery).
   */
  static final String MAIN_CONSUMER_PARTITION_FETCH_BYTES = "65536";

  /** Defaults for pass-through keys that differ from Kafka's own. */
  static final Map<String, String> KAFKA_DEFAULTS = Map.of(
      StreamsConfig.APPLICATION_ID_CONFIG, DEFAULT_APPLICATION_ID,
      StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2,
      StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG),
      MAIN_CONSUMER_PARTITION_FETCH_BYTES);

  /** Client-config prefixes Kafka Streams reads ({@code consumer.}, {@code main.consumer.}, {@code topic.}, ...). */
  private static final List<String> KAFKA_PREFIXES = List.of(StreamsConfig.CONSUMER_PREFIX,
      StreamsConfig.PRODUCER_PREFIX, StreamsConfig.ADMIN_CLIENT_PREFIX, StreamsConfig.MAIN_CONSUMER_PREFIX,
      StreamsConfig.RESTORE_CONSUMER_PREFIX, StreamsConfig.GLOBAL_CONSUMER_PREFIX, StreamsConfig.TOPIC_PREFIX);

  static final StartupConfig.Spec SPEC = spec();

  public enum StoreType { ROCKSDB, IN_MEMORY }

  public record Topics(String input, String alerts, String dlq, String ruleSettings) {}

  public record StateSettings(StoreType storeType, boolean cachingEnabled, boolean loggingEnabled,
      Duration sweepInterval) {}

  public record ClockSettings(boolean wallClockAdvance, Duration wallClockInterval, Duration streamTimeInterval) {}

  public record HttpSettings(String bindAddress, int port) {}

  private final StartupConfig source;
  private final Map<String, String> kafka;

  private StreamsAppConfig(StartupConfig source) {
    this.source = source;
    Map<String, String> kafka = new TreeMap<>(KAFKA_DEFAULTS);
    kafka.putAll(source.passThrough());
    putIfSet(kafka, StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, source.get(CommonSettings.BOOTSTRAP_SERVERS));
    putIfSet(kafka, RegistryConfig.SCHEMA_REGISTRY_URL, source.get(CommonSettings.SCHEMA_REGISTRY_URL));
    this.kafka = Collections.unmodifiableMap(kafka);
    validateKafka();
  }

  private static void putIfSet(Map<String, String> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  private static StartupConfig.Spec spec() {
    List<Setting<?>> settings = new ArrayList<>();
    settings.add(CommonSettings.BOOTSTRAP_SERVERS);
    settings.add(CommonSettings.SCHEMA_REGISTRY_URL);
    List<Setting<?>> others = new ArrayList<>();
    for (Setting<String> topic : CommonSettings.TOPICS) {
      (topic.readBy(Engine.STREAMS) ? settings : others).add(topic);
    }
    for (Setting<?> rule : RuleCatalog.settings()) {
      (rule.readBy(Engine.STREAMS) || rule.isRuntime() ? settings : others).add(rule);
    }
    settings.addAll(OWN);
    // Section 7's start-up keys (related products), defined with the other shared keys in schemas.
    settings.addAll(ProductSettings.ALL);
    Set<String> kafkaKeys = new LinkedHashSet<>(StreamsConfig.configDef().names());
    kafkaKeys.addAll(ConsumerConfig.configNames());
    kafkaKeys.addAll(ProducerConfig.configNames());
    kafkaKeys.addAll(AdminClientConfig.configNames());
    kafkaKeys.addAll(RegistryConfig.KEYS);
    return new StartupConfig.Spec("streams-app", settings, others,
        key -> kafkaKeys.contains(key) || KAFKA_PREFIXES.stream().anyMatch(key::startsWith), kafkaKeys,
        List.of(CommonSettings.BOOTSTRAP_SERVERS, CommonSettings.SCHEMA_REGISTRY_URL));
  }

  // ---------------------------------------------------------------------------------------------
  // Loading

  /** Defaults, then {@code file}, then {@code env}; validated. */
  public static StreamsAppConfig load(Properties file, Map<String, String> env) {
    Map<String, String> entries = new LinkedHashMap<>();
    if (file != null) {
      file.stringPropertyNames().forEach(key -> entries.put(key, file.getProperty(key)));
    }
    return of(entries, env);
  }

  /** From settings given as a map (no environment). */
  public static StreamsAppConfig of(Map<String, String> settings) {
    return of(settings, Map.of());
  }

  private static StreamsAppConfig of(Map<String, String> settings, Map<String, String> env) {
    try {
      return new StreamsAppConfig(StartupConfig.load(SPEC, settings, env));
    } catch (InvalidSettingException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  /** Copy with some settings replaced (tests, backtest). */
  public StreamsAppConfig with(Map<String, String> overrides) {
    Map<String, String> settings = new LinkedHashMap<>(source.given());
    settings.putAll(overrides);
    return of(settings);
  }

  /** Whether {@code key} means something to the streams-app (its own, shared, rule or Kafka keys). */
  public static boolean knows(String key) {
    return SPEC.settings().stream().anyMatch(s -> s.key().equals(key))
        || SPEC.otherEngines().stream().anyMatch(s -> s.key().equals(key)) || SPEC.passThrough().test(key);
  }

  /** Every key the streams-app reads (its settings, the pass-through Kafka keys aside). */
  public static List<Setting<?>> settings() {
    return SPEC.settings();
  }

  /** The streams-app's environment variable for {@code key}. */
  public static String envName(String key) {
    return io.cartpulse.settings.EnvNames.of(key);
  }

  /** Every variable the streams-app reads, with the key it sets. */
  public static Map<String, String> envNames() {
    Map<String, String> byEnv = new TreeMap<>();
    SPEC.settings().forEach(setting -> byEnv.put(setting.envName(), setting.key()));
    SPEC.passThroughEnvKeys().forEach(key -> byEnv.putIfAbsent(envName(key), key));
    return byEnv;
  }

  private void validateKafka() {
    List<String> problems = new ArrayList<>();
    String guarantee = kafka.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
    if (!guarantee.equals(StreamsConfig.EXACTLY_ONCE_V2) && !guarantee.equals(StreamsConfig.AT_LEAST_ONCE)) {
      problems.add(StreamsConfig.PROCESSING_GUARANTEE_CONFIG + ": expected exactly_once_v2 or at_least_once, got '"
          + guarantee + "'");
    }
    String server = kafka.get(StreamsConfig.APPLICATION_SERVER_CONFIG);
    if (server != null && !server.isEmpty() && !server.matches("[^:\\s]+:\\d{1,5}")) {
      problems.add(StreamsConfig.APPLICATION_SERVER_CONFIG + ": expected host:port, got '" + server + "'");
    }
    String threads = kafka.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG);
    if (threads != null && !threads.strip().matches("[1-9][0-9]{0,4}")) {
      problems.add(StreamsConfig.NUM_STREAM_THREADS_CONFIG + ": expected a whole number >= 1, got '" + threads + "'");
    }
    if (kafka.get(StreamsConfig.APPLICATION_ID_CONFIG).isBlank()) {
      problems.add(StreamsConfig.APPLICATION_ID_CONFIG + ": must not be empty");
    }
    if (!problems.isEmpty()) {
      throw new ConfigException("Invalid streams-app configuration (" + problems.size() + " problem"
          + (problems.size() == 1 ? "" : "s") + "): " + String.join("; ", problems));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  @Override
  public <T> T get(Setting<T> setting) {
    return source.get(setting);
  }

  /** The run-time settings (ALERTS.md section 8) as configured at start, before any settings version. */
  public SettingsInForce settingsInForce() {
    return source.settingsInForce();
  }

  public Topics topics() {
    return new Topics(get(CommonSettings.TOPIC_CLICKSTREAM), get(CommonSettings.TOPIC_ALERTS),
        get(CommonSettings.TOPIC_CLICKSTREAM_DLQ), get(CommonSettings.TOPIC_RULE_SETTINGS));
  }

  public boolean inputKeyedByUser() {
    return get(INPUT_KEYED_BY_USER);
  }

  public StateSettings state() {
    return new StateSettings(get(STORE_TYPE).equals("rocksdb") ? StoreType.ROCKSDB : StoreType.IN_MEMORY,
        get(STORE_CACHING), get(STORE_LOGGING), get(SWEEP_INTERVAL));
  }

  public ClockSettings clock() {
    return new ClockSettings(get(WALL_CLOCK_ADVANCE), get(WALL_CLOCK_INTERVAL), get(STREAM_TIME_INTERVAL));
  }

  public HttpSettings http() {
    Long port = get(HTTP_PORT_SETTING);
    String server = kafka.get(StreamsConfig.APPLICATION_SERVER_CONFIG);
    int resolved = port != null ? port.intValue()
        : server != null && server.matches("[^:\\s]+:\\d{1,5}")
            ? Integer.parseInt(server.substring(server.lastIndexOf(':') + 1)) : DEFAULT_HTTP_PORT;
    return new HttpSettings(get(HTTP_BIND_ADDRESS_SETTING), resolved);
  }

  public long rocksDbMemoryBytes() {
    return get(ROCKSDB_MEMORY_BYTES);
  }

  /** The Kafka Streams, client and registry settings (pass-through keys plus the brokers and registry). */
  public Map<String, String> kafka() {
    return kafka;
  }

  public String applicationId() {
    return kafka.get(StreamsConfig.APPLICATION_ID_CONFIG);
  }

  /** The registry settings (schema.registry.url and friends) as a map for the Avro serdes. */
  public Map<String, Object> registryConfigs() {
    return new LinkedHashMap<>(kafka);
  }

  /** Everything given to this configuration (file and environment), as keys and text. */
  public Map<String, String> given() {
    return source.given();
  }

  /** The effective settings for the start-up log: sorted, with secrets masked. */
  public String describe() {
    return source.describe();
  }
}
