package io.cartpulse.streams;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.avro.RuleSettings;
import io.cartpulse.click.ClickValidator;
import io.cartpulse.registry.RegistryOutage;
import io.cartpulse.registry.SpecificAvroSerde;
import io.cartpulse.settings.SettingsTimeline;
import io.cartpulse.streams.config.BoundedRocksDbConfigSetter;
import io.cartpulse.streams.config.StreamsAppConfig.StateSettings;
import io.cartpulse.streams.config.StreamsAppConfig;
import io.cartpulse.streams.http.StreamsAppHttp;
import io.cartpulse.streams.ingest.ClickDecodeProcessor;
import io.cartpulse.streams.ingest.DecodedClick;
import io.cartpulse.streams.metrics.EmittedAlertsMeter;
import io.cartpulse.streams.metrics.StreamsAppMetrics;
import io.cartpulse.streams.metrics.TriggerTimeTap;
import io.cartpulse.streams.metrics.TriggerTimes;
import io.cartpulse.streams.processor.ShopperAlertsProcessor;
import io.cartpulse.streams.products.ProductQueries;
import io.cartpulse.streams.products.ProductTopology;
import io.cartpulse.streams.settings.FollowedSettings;
import io.cartpulse.streams.settings.RuleSettingsUpdater;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.rocksdb.RocksDB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams-app: click events in, short-window alerts out (ALERTS.md sections 1-3, 5).
 *
 * <pre>
 * rule-settings -> [global store] -> the settings timeline every rule reads (ALERTS.md section 8)
 * clickstream (bytes) -> click-decode --invalid--> clickstream-dlq (original bytes + reason headers)
 *                                     --valid----> [key by userId, repartition "clicks-by-user"]
 *                                                  -> trigger-time -> shopper-alerts (stores, punctuators)
 *                                                  -> alerts-meter -> alerts
 * </pre>
 */
public final class CartPulseStreamsApp {
  static final String LOG_CONFIG = "log4j2-streams-app.xml";
  /** The first argument that asks for {@link #describe} instead of a run. */
  public static final String DESCRIBE = "--describe";

  public static final String REPARTITION_NAME = "clicks-by-user";
  public static final String CONFIG_FILE_ENV = "CARTPULSE_CONFIG_FILE";
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  /**
   * How the process stops: commit, close, and leave the consumer group, so the partitions of a
   * stopped (scaled-down) instance move to the others at once. Kafka Streams' own default stays in
   * the group (its consumers never send a LeaveGroup), and the others would wait out the session
   * timeout - with static membership ({@code group.instance.id}) always.
   */
  static final CloseOptions LEAVE_GROUP_ON_CLOSE = CloseOptions
      .groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(CLOSE_TIMEOUT);

  private CartPulseStreamsApp() {}

  /** The topology without metrics (backtests, tests). */
  public static Topology build(StreamsAppConfig config) {
    return build(config, StreamsAppMetrics.disabled());
  }

  /** The topology, recording into {@code metrics} (dead letters by reason, alerts by type, clock, latency). */
  public static Topology build(StreamsAppConfig config, StreamsAppMetrics metrics) {
    Map<String, Object> registry = config.registryConfigs();
    SpecificAvroSerde<ClickEvent> clickSerde = new SpecificAvroSerde<>(ClickEvent.class);
    clickSerde.configure(registry, false);
    SpecificAvroSerde<Alert> alertSerde = new SpecificAvroSerde<>(Alert.class);
    alertSerde.configure(registry, false);
    String input = config.topics().input();

    StreamsBuilder builder = new StreamsBuilder();
    KStream<byte[], byte[]> raw = builder.stream(input,
        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("clickstream-source"));
    Map<String, KStream<byte[], DecodedClick>> branches = raw
        .process(() -> new ClickDecodeProcessor(clickSerde, input, metrics), Named.as("click-decode"))
        .split(Named.as("click-"))
        .branch((key, decoded) -> !decoded.isValid(), Branched.as("invalid"))
        .defaultBranch(Branched.as("valid"));
    branches.get("click-invalid")
        .mapValues(DecodedClick::originalValue, Named.as("dlq-original-value"))
        .to(config.topics().dlq(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("dlq-sink"));

    KStream<String, ClickEvent> byUser;
    KStream<byte[], DecodedClick> valid = branches.get("click-valid");
    if (config.inputKeyedByUser()) {
      // Same partition already holds all of a user's events: no repartition, no second decode. Only true when
      // the producer keyed the record by its userId (the default partitioner then puts a user on one
      // partition), which is checked on every record: a record keyed otherwise stops the application
      // rather than splitting a user's state over two tasks unnoticed.
      byUser = valid.map((key, decoded) -> KeyValue.pair(requireKeyedByUser(key, decoded.event()), decoded.event()),
          Named.as("user-id-key"));
    } else {
      // The original bytes go through the repartition topic unchanged (no schema registered for it).
      byUser = valid
          .map((key, decoded) -> KeyValue.pair(decoded.event().getUserId(), decoded.originalValue()),
              Named.as("key-by-user"))
          .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName(REPARTITION_NAME))
          .mapValues(bytes -> ClickValidator.normalize(clickSerde.deserialize(input, bytes)), Named.as("click-redecode"));
    }

    StateSettings state = config.state();
    // Values are ShopperRules bytes, (de)coded by the processor: the sweep reads their expiry header.
    builder.addStateStore(store(state, ShopperAlertsProcessor.USER_STATE_STORE, Serdes.String(), Serdes.ByteArray()));
    builder.addStateStore(store(state, ShopperAlertsProcessor.DEADLINE_STORE, Serdes.Bytes(), Serdes.ByteArray()));
    builder.addStateStore(store(state, ShopperAlertsProcessor.CLOCK_STORE, Serdes.String(), Serdes.Long()));
    builder.addStateStore(store(state, ShopperAlertsProcessor.EXPIRY_STORE, Serdes.Bytes(), Serdes.ByteArray()));

    // Rule settings (ALERTS.md section 8): the whole topic is read into a global store before the stream
    // threads start, then followed; the rules read the timeline, never the store (no store read per event).
    FollowedSettings settings = new FollowedSettings(SettingsTimeline.of(config.settingsInForce()));
    SpecificAvroSerde<RuleSettings> settingsSerde = new SpecificAvroSerde<>(RuleSettings.class);
    settingsSerde.configure(registry, false);
    String settingsTopic = config.topics().ruleSettings();
    builder.addGlobalStore(
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RuleSettingsUpdater.STORE), Serdes.String(),
            Serdes.ByteArray()).withLoggingDisabled(),
        settingsTopic, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("rule-settings-source"),
        () -> new RuleSettingsUpdater(settings, settingsSerde, settingsTopic));
    // The metering steps around the rules: which input record triggered an alert, and how many of each type left.
    TriggerTimes triggers = new TriggerTimes();
    KStream<String, Alert> alerts = byUser
        .processValues(() -> new TriggerTimeTap<String, ClickEvent>(triggers), Named.as("trigger-time"))
        .process(() -> new ShopperAlertsProcessor<String>(config, settings, metrics), Named.as("shopper-alerts"),
            ShopperAlertsProcessor.STORES)
        .processValues(() -> new EmittedAlertsMeter<String>(metrics, triggers), Named.as("alerts-meter"));
    alerts.to(config.topics().alerts(), Produced.with(Serdes.String(), waitingForTheRegistry(alertSerde))
        .withName("alerts-sink"));
    // Product data (ALERTS.md section 7) from the same valid clicks and the inventory topic; offers from the alerts.
    ProductTopology.add(builder, config, byUser, alerts);
    return builder.build();
  }

  /**
   * The userId of a valid click read with {@code input.keyed-by-user=true}; fails when the record's key is
   * not that userId in UTF-8 (the key the default partitioner placed the record by).
   */
  static String requireKeyedByUser(byte[] key, ClickEvent event) {
    String user = event.getUserId();
    if (key == null || !Arrays.equals(key, user.getBytes(StandardCharsets.UTF_8))) {
      throw new StreamsException(StreamsAppConfig.INPUT_KEYED_BY_USER.key() + "=true, but a click of user '" + user
          + "' has the key " + (key == null ? "null" : "'" + new String(key, StandardCharsets.UTF_8) + "'")
          + ": the producers do not key clicks by userId, so a user's clicks may be on several partitions; set "
          + StreamsAppConfig.INPUT_KEYED_BY_USER.key() + "=false (repartition by userId)");
    }
    return user;
  }

  /**
   * The alert serde, but encoding waits out a Schema Registry outage (the first alert of a task
   * looks its schema id up): a failed serialization would stop the stream thread.
   */
  public static <T extends SpecificRecord> Serde<T> waitingForTheRegistry(SpecificAvroSerde<T> serde) {
    return Serdes.serdeFrom((topic, value) -> RegistryOutage.retry(() -> serde.serialize(topic, value),
        "encoding a record for " + topic), serde);
  }

  /**
   * RocksDB, or Kafka's in-memory store (a sorted map: the processor range-scans its time-keyed
   * indexes, the deadlines and the expiry sweep, and deletes while it scans, which that store allows).
   */
  private static <K, V> StoreBuilder<KeyValueStore<K, V>> store(StateSettings settings, String name,
      Serde<K> keySerde, Serde<V> valueSerde) {
    KeyValueBytesStoreSupplier supplier = settings.storeType() == StreamsAppConfig.StoreType.ROCKSDB
        ? Stores.persistentKeyValueStore(name)
        : Stores.inMemoryKeyValueStore(name);
    StoreBuilder<KeyValueStore<K, V>> builder = Stores.keyValueStoreBuilder(supplier, keySerde, valueSerde);
    builder = settings.cachingEnabled() ? builder.withCachingEnabled() : builder.withCachingDisabled();
    return settings.loggingEnabled() ? builder.withLoggingEnabled(Map.of()) : builder.withLoggingDisabled();
  }

  /** The Kafka Streams properties: every pass-through key plus the bounded RocksDB setter. */
  public static Properties streamsProperties(StreamsAppConfig config) {
    Properties props = new Properties();
    props.putAll(config.kafka());
    props.putIfAbsent(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfigSetter.class.getName());
    // The setter reads its budget from the configs Kafka Streams hands it.
    props.put(StreamsAppConfig.ROCKSDB_MEMORY_BYTES.key(), String.valueOf(config.rocksDbMemoryBytes()));
    return props;
  }

  public static void main(String[] args) {
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", LOG_CONFIG);
    }
    int code = run(args, System.getenv());
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * Runs until SIGTERM (returns 0) or a fatal error (non-zero). With {@value #DESCRIBE} first, builds
   * what a start would build (the topology and the Kafka Streams client, which connects to nothing
   * before it starts), prints the topology and exits: a configuration check for operators, and the
   * training run for the image's class-data-sharing archive (see the Dockerfile).
   */
  static int run(String[] args, Map<String, String> env) {
    Logger log = LoggerFactory.getLogger(CartPulseStreamsApp.class);
    boolean describeOnly = args.length > 0 && args[0].equals(DESCRIBE);
    if (describeOnly) {
      args = Arrays.copyOfRange(args, 1, args.length);
    }
    StreamsAppConfig config;
    try {
      config = StreamsAppConfig.load(readConfigFile(args, env), env);
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println("streams-app: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      System.err.println("streams-app: cannot read the configuration file: " + e.getMessage());
      return 2;
    }
    log.info("streams-app effective configuration: {}", config.describe());
    if (describeOnly) {
      return describe(config);
    }
    if (config.state().storeType() == StreamsAppConfig.StoreType.ROCKSDB) {
      preloadRocksDb(log);
    }

    // Health, readiness and metrics first: probes get 503 instead of "connection refused" during the start.
    StreamsAppHttp http;
    try {
      http = StreamsAppHttp.start(config.http(), StreamsAppMetrics.prometheus());
    } catch (IOException e) {
      System.err.println("streams-app: " + e.getMessage());
      return 2;
    }
    log.info("streams-app HTTP endpoint on {} (/health/live, /health/ready, /metrics)", http.endpoint().address());
    try {
      return runStreams(config, http, log);
    } finally {
      http.close();
    }
  }

  /**
   * Loads RocksDB's native library on a thread of its own while the endpoint, the topology and the
   * client are built. Otherwise the first store a task opens loads it, on the stream thread, between
   * the assignment and RUNNING: unpacking about 15 MB from the jar and linking it took 0.2 s on an idle
   * machine, and in a restart under load the first store took 1.4 s to open (docs/RELIABILITY.md). The
   * image has the library unpacked already (streams-app/Dockerfile). Loading is idempotent;
   * a store that opens before it ends waits for it. A failure is left to that store, which reports it.
   */
  private static void preloadRocksDb(Logger log) {
    Thread loader = new Thread(() -> {
      try {
        RocksDB.loadLibrary();
      } catch (RuntimeException | LinkageError e) {
        log.debug("streams-app: RocksDB's native library did not preload ({}); the first store loads it", e.toString());
      }
    }, "rocksdb-preload");
    loader.setDaemon(true);
    loader.start();
  }

  private static int describe(StreamsAppConfig config) {
    Properties properties = streamsProperties(config);
    Path stateDir;
    try {
      // A state directory of its own: the client writes its process id there, which must not end up
      // in an image's state volume (every container would share it).
      stateDir = Files.createTempDirectory("streams-app-describe");
    } catch (IOException e) {
      System.err.println("streams-app: " + e.getMessage());
      return 2;
    }
    properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    try {
      Topology topology = build(config, StreamsAppMetrics.prometheus());
      new KafkaStreams(topology, properties).close(Duration.ZERO);
      System.out.println(topology.describe());
      return 0;
    } catch (RuntimeException e) {
      System.err.println("streams-app: cannot create the topology: " + e.getMessage());
      return 2;
    } finally {
      try (Stream<Path> paths = Files.walk(stateDir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException ignored) {
        // a temporary directory
      }
    }
  }

  private static int runStreams(StreamsAppConfig config, StreamsAppHttp http, Logger log) {
    KafkaStreams streams;
    CrashRecovery crashRecovery;
    boolean untrustedState;
    try {
      Properties properties = streamsProperties(config);
      // Asked before the client exists: its constructor creates the state directory.
      crashRecovery = new CrashRecovery(properties);
      untrustedState = crashRecovery.untrustedStateLeft();
      streams = new KafkaStreams(build(config, http.metrics()), properties);
    } catch (IOException e) {
      System.err.println("streams-app: cannot read the state directory: " + e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      System.err.println("streams-app: cannot create the topology: " + e.getMessage());
      return 2;
    }
    http.attach(streams);
    ProductQueries.register(http.endpoint(), streams, config);
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicInteger exitCode = new AtomicInteger(0);
    AtomicBoolean terminating = new AtomicBoolean(false);
    StreamThreadFailures failures = new StreamThreadFailures(Instant::now);
    streams.setUncaughtExceptionHandler(error -> {
      StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse response = failures.respond(error);
      if (response == StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD) {
        log.warn("streams-app: the broker refused a commit of a transaction it had aborted (it was away longer "
            + "than the transaction timeout); replacing the stream thread, its tasks continue from their last "
            + "commit", error);
        return response;
      }
      log.error("streams-app: fatal error, shutting down", error);
      exitCode.set(1);
      return response;
    });
    streams.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
        if (now == KafkaStreams.State.ERROR) {
          exitCode.set(1);
        }
        stopped.countDown();
      }
    });
    Thread hook = new Thread(() -> {
      terminating.set(true);
      log.info("streams-app: shutdown requested, closing (timeout {})", CLOSE_TIMEOUT);
      close(streams, crashRecovery, log);
      stopped.countDown();
    }, "streams-app-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      if (untrustedState) {
        log.info("streams-app: the last run did not close cleanly; its exactly-once local state is dropped and "
            + "restored from the changelog topics");
        streams.cleanUp();
      }
      streams.start();
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("streams-app: cannot start", e);
      exitCode.set(1);
    }
    if (!terminating.get()) {
      close(streams, crashRecovery, log);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException ignored) {
        // already shutting down
      }
    }
    return exitCode.get();
  }

  private static void close(KafkaStreams streams, CrashRecovery crashRecovery, Logger log) {
    if (streams.close(LEAVE_GROUP_ON_CLOSE)) {
      try {
        crashRecovery.closedCleanly();
      } catch (IOException e) {
        log.warn("streams-app: cannot record the clean close ({}); the next start restores from the changelogs",
            e.toString());
      }
    }
  }

  static Properties readConfigFile(String[] args, Map<String, String> env) throws IOException {
    Properties file = new Properties();
    String path = args.length > 0 ? args[0] : env.get(CONFIG_FILE_ENV);
    if (path != null && !path.isBlank()) {
      try (Reader reader = Files.newBufferedReader(Path.of(path), StandardCharsets.UTF_8)) {
        file.load(reader);
      } catch (IOException e) {
        throw new IOException(path + ": " + e.getMessage(), e);
      }
    }
    return file;
  }
}
