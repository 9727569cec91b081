package io.cartpulse.backtest.streams;

import io.cartpulse.alert.BacktestOutput;
import io.cartpulse.avro.Alert;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.click.ClickValidator;
import io.cartpulse.click.Rees46Csv;
import io.cartpulse.registry.InMemorySchemaRegistryClient;
import io.cartpulse.registry.RegistryConfig;
import io.cartpulse.registry.SpecificAvroSerde;
import io.cartpulse.streams.CartPulseStreamsApp;
import io.cartpulse.streams.config.StreamsAppConfig;
import io.cartpulse.settings.SettingsTimeline;
import io.cartpulse.settings.SettingsVersion;
import io.cartpulse.streams.processor.ClockListener;
import io.cartpulse.streams.processor.ShopperAlertsProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * Runs the production topology over a finite, time-ordered input and returns its alerts
 * (ALERTS.md section 2, backtest): the clock is the largest event time seen, so results due after
 * the last event time are never emitted, and one due exactly at it is.
 *
 * <p>{@link #run} calls the live app's rule processor ({@link ShopperAlertsProcessor}) directly,
 * through Kafka's {@link MockProcessorContext}, on in-memory stores made for this (hash maps,
 * time-bucketed indexes): each valid event is evaluated as the topology would after its decode step,
 * without the {@link TopologyTestDriver} around it, which commits and checkpoints the task after
 * every record (about two thirds of the time per event; docs/BENCHMARKS.md). {@link #runTopology}
 * runs the whole production topology in a driver instead and gives the same alerts
 * (DirectBacktestEquivalenceTest).
 *
 * <p>Both: in-memory stores without caching or changelog, no wall-clock advance, the wall clock
 * frozen at the start of the run (every alert's detectedAt).
 */
public final class StreamsBacktest {

  /** Alerts drained from the driver every this many events, so its output buffer stays small. */
  private static final int DRAIN_EVERY = 8192;

  private StreamsBacktest() {}

  /**
   * The alerts of the valid events, in order. Invalid events are skipped, as the topology sends them
   * to the dead-letter topic; events with empty optional strings are evaluated normalized (the caller's
   * objects are not changed).
   */
  public static List<Alert> run(Iterator<ClickEvent> validEventsInOrder, Properties ruleOverrides) {
    return run(validEventsInOrder, ruleOverrides, List.of());
  }

  /** As {@link #run(Iterator, Properties)}, the rules following {@code settingsVersions} (ALERTS.md section 8). */
  public static List<Alert> run(Iterator<ClickEvent> validEventsInOrder, Properties ruleOverrides,
      List<SettingsVersion> settingsVersions) {
    return inScratchScope(ruleOverrides, (scope, stateDir, config) -> {
      List<Alert> alerts = new ArrayList<>();
      SettingsTimeline settings = SettingsTimeline.of(config.settingsInForce(), settingsVersions);
      try (RuleProcessor rules = new RuleProcessor(config, settings, stateDir)) {
        int sinceDrain = 0;
        while (validEventsInOrder.hasNext()) {
          ClickEvent event = validEventsInOrder.next();
          if (ClickValidator.invalidReason(event) != null) {
            continue;
          }
          ClickEvent normalized = needsNormalizing(event)
              ? ClickValidator.normalize(ClickEvent.newBuilder(event).build()) : event;
          rules.process(normalized);
          if (++sinceDrain == DRAIN_EVERY) {
            rules.drainTo(alerts);
            sinceDrain = 0;
          }
        }
        rules.drainTo(alerts);
      }
      return alerts;
    });
  }

  /**
   * The live app's rule processor in a {@link MockProcessorContext}, with the stores the topology
   * would give it and this module's faster in-memory stores behind them (no cache, no changelog).
   * The one place that knows the processor's constructor and its store set.
   */
  private static final class RuleProcessor implements AutoCloseable {
    private final MockProcessorContext<String, Alert> context;
    private final List<StateStore> stores;
    private final ShopperAlertsProcessor<String> processor;

    RuleProcessor(StreamsAppConfig config, SettingsTimeline settings, Path stateDir) {
      context = new MockProcessorContext<>(CartPulseStreamsApp.streamsProperties(config), new TaskId(0, 0),
          stateDir.toFile());
      // The wall clock stands still at the start of the run: that is every alert's detectedAt.
      context.setCurrentSystemTimeMs(Instant.now().toEpochMilli());
      stores = List.of(
          addStore(HashKeyValueStore.supplier(ShopperAlertsProcessor.USER_STATE_STORE), Serdes.String(),
              Serdes.ByteArray()),
          addStore(TimeBucketedStore.supplier(ShopperAlertsProcessor.DEADLINE_STORE), Serdes.Bytes(),
              Serdes.ByteArray()),
          addStore(HashKeyValueStore.supplier(ShopperAlertsProcessor.CLOCK_STORE), Serdes.String(), Serdes.Long()),
          addStore(TimeBucketedStore.supplier(ShopperAlertsProcessor.EXPIRY_STORE), Serdes.Bytes(),
              Serdes.ByteArray()));
      processor = new ShopperAlertsProcessor<>(config, () -> settings, ClockListener.NONE);
      processor.init(context);
    }

    /** The topology's store for {@code supplier} as a backtest builds it: no cache, no changelog. */
    private <K, V> StateStore addStore(KeyValueBytesStoreSupplier supplier, Serde<K> keys, Serde<V> values) {
      StateStore store = Stores.keyValueStoreBuilder(supplier, keys, values).withCachingDisabled()
          .withLoggingDisabled().build();
      store.init(context.getStateStoreContext(), store);
      context.addStateStore(store);
      return store;
    }

    /** Evaluates one valid, normalized event as the topology would after its decode step. */
    void process(ClickEvent event) {
      // The stream-time punctuator is not run: every record already releases what is due before and
      // after it is evaluated, so on the same records the punctuator would find nothing more.
      processor.process(new Record<>(event.getUserId(), event, event.getEventTime().toEpochMilli()));
    }

    void drainTo(List<Alert> alerts) {
      for (MockProcessorContext.CapturedForward<? extends String, ? extends Alert> forward : context.forwarded()) {
        alerts.add(forward.record().value());
      }
      context.resetForwards();
    }

    @Override
    public void close() {
      processor.close();
      stores.forEach(StateStore::close);
    }
  }

  /** What a backtest runs inside its scratch scope. */
  @FunctionalInterface
  private interface ScopedRun {
    List<Alert> run(String registryScope, Path stateDir, StreamsAppConfig config);
  }

  /**
   * Runs {@code body} with its own in-memory registry scope and a temporary state directory, both
   * gone afterwards, and the app's configuration for a backtest with {@code ruleOverrides}.
   */
  private static List<Alert> inScratchScope(Properties ruleOverrides, ScopedRun body) {
    String scope = "streams-backtest-" + UUID.randomUUID();
    Path stateDir;
    try {
      stateDir = Files.createTempDirectory("cartpulse-backtest-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a state directory for the backtest", e);
    }
    try {
      return body.run(scope, stateDir, StreamsAppConfig.of(settings(scope, stateDir, ruleOverrides)));
    } finally {
      InMemorySchemaRegistryClient.dropScope(scope);
      deleteRecursively(stateDir);
    }
  }

  private static boolean needsNormalizing(ClickEvent event) {
    return isEmpty(event.getCategoryCode()) || isEmpty(event.getBrand()) || isEmpty(event.getUserSession())
        || isEmpty(event.getCategoryId());
  }

  private static boolean isEmpty(String value) {
    return value != null && value.isEmpty();
  }

  /**
   * The same alerts as {@link #run}, through the whole production topology (decode, dead-letter
   * branch, the rule processor, the alert sink) in a {@link TopologyTestDriver}: the reference.
   */
  public static List<Alert> runTopology(Iterator<ClickEvent> validEventsInOrder, Properties ruleOverrides) {
    return inScratchScope(ruleOverrides, (scope, stateDir, config) -> {
      Properties streamsProps = CartPulseStreamsApp.streamsProperties(config);
      List<Alert> alerts = new ArrayList<>();
      // The driver's wall clock stands still at the start of the run: that is every alert's detectedAt.
      try (TopologyTestDriver driver = new TopologyTestDriver(CartPulseStreamsApp.build(config), streamsProps,
          Instant.now())) {
        SpecificAvroSerde<ClickEvent> clickSerde =
            new SpecificAvroSerde<>(ClickEvent.class, InMemorySchemaRegistryClient.forScope(scope), true, false);
        SpecificAvroSerde<Alert> alertSerde =
            new SpecificAvroSerde<>(Alert.class, InMemorySchemaRegistryClient.forScope(scope), true, false);
        String inputTopic = config.topics().input();
        TestInputTopic<byte[], byte[]> input = driver.createInputTopic(inputTopic, new ByteArraySerializer(),
            new ByteArraySerializer());
        TestOutputTopic<String, Alert> output = driver.createOutputTopic(config.topics().alerts(),
            new StringDeserializer(), alertSerde);
        int sinceDrain = 0;
        try (Encoder encoder = new Encoder(validEventsInOrder, clickSerde, inputTopic)) {
          for (List<Encoded> batch = encoder.next(); batch != null; batch = encoder.next()) {
            for (Encoded event : batch) {
              input.pipeInput(event.key(), event.value(), event.time());
            }
            sinceDrain += batch.size();
            if (sinceDrain >= DRAIN_EVERY) {
              alerts.addAll(output.readValuesToList());
              sinceDrain = 0;
            }
          }
        }
        alerts.addAll(output.readValuesToList());
      }
      return alerts;
    });
  }

  /** One input record, serialized. */
  record Encoded(byte[] key, byte[] value, long time) {}

  /**
   * Reads and serializes the events on a helper thread, handing them over in batches, so the
   * driver thread (the bottleneck) only pipes bytes. Failures surface on the driver thread.
   */
  static final class Encoder implements AutoCloseable {
    private static final int BATCH = 1024;
    private static final Object END = new Object();

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(16);
    private final Thread thread;
    private volatile boolean stopped;

    Encoder(Iterator<ClickEvent> events, SpecificAvroSerde<ClickEvent> serde, String topic) {
      thread = new Thread(() -> {
        try {
          List<Encoded> batch = new ArrayList<>(BATCH);
          while (!stopped && events.hasNext()) {
            ClickEvent event = events.next();
            byte[] key = event.getUserId() == null ? null : event.getUserId().getBytes(StandardCharsets.UTF_8);
            long time = event.getEventTime() == null ? 0 : event.getEventTime().toEpochMilli();
            batch.add(new Encoded(key, serde.serialize(topic, event), time));
            if (batch.size() == BATCH) {
              hand(batch);
              batch = new ArrayList<>(BATCH);
            }
          }
          if (!batch.isEmpty()) {
            hand(batch);
          }
          hand(END);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (Throwable e) {
          try {
            hand(e);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
          }
        }
      }, "streams-backtest-encoder");
      thread.setDaemon(true);
      thread.start();
    }

    private void hand(Object item) throws InterruptedException {
      while (!stopped) {
        if (queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
          return;
        }
      }
    }

    /** The next batch, or null after the last. */
    @SuppressWarnings("unchecked")
    List<Encoded> next() {
      Object item;
      try {
        item = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("backtest interrupted", e);
      }
      if (item == END) {
        return null;
      }
      if (item instanceof RuntimeException e) {
        throw e;
      }
      if (item instanceof Error e) {
        throw e;
      }
      if (item instanceof Throwable e) {
        throw new IllegalStateException("reading the backtest input failed: " + e, e);
      }
      return (List<Encoded>) item;
    }

    @Override
    public void close() {
      stopped = true;
      thread.interrupt();
    }
  }

  /**
   * The streams-app settings of a backtest: {@code ruleOverrides} on top of the defaults, registry
   * scope {@code scope}, state in {@code stateDir}; in-memory stores without cache or changelog, input
   * keyed by user and no wall-clock advance, whatever the overrides say.
   */
  public static Map<String, String> settings(String scope, Path stateDir, Properties ruleOverrides) {
    Map<String, String> props = new java.util.LinkedHashMap<>();
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "backtest:9092");
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "cartpulse-backtest");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    props.put(RegistryConfig.SCHEMA_REGISTRY_URL, RegistryConfig.MOCK_SCHEME + scope);
    props.put(RegistryConfig.AUTO_REGISTER_SCHEMAS, "true");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    // Users are indexed by the sweep bucket in which their state expires; day-sized buckets mean one
    // index entry per user and day instead of one per visit. Deleting expired users cannot change
    // the result of a time-ordered input, so this only trades memory (a day of users) for speed.
    props.put(StreamsAppConfig.SWEEP_INTERVAL.key(), "P1D");
    if (ruleOverrides != null) {
      ruleOverrides.stringPropertyNames().forEach(k -> props.put(k, ruleOverrides.getProperty(k)));
    }
    // What makes it a backtest: not overridable.
    props.put(StreamsAppConfig.STORE_TYPE.key(), "in-memory");
    props.put(StreamsAppConfig.STORE_CACHING.key(), "false");
    props.put(StreamsAppConfig.STORE_LOGGING.key(), "false");
    props.put(StreamsAppConfig.WALL_CLOCK_ADVANCE.key(), "false");
    props.put(StreamsAppConfig.INPUT_KEYED_BY_USER.key(), "true");
    return props;
  }

  /**
   * {@code StreamsBacktest <input.csv[.gz]> <alerts.jsonl> [overrides.properties]}: reads a REES46
   * CSV (invalid rows are counted and skipped: they never reach a rule), writes the section-6
   * alert lines.
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: StreamsBacktest <input.csv[.gz]> <alerts.jsonl> [overrides.properties]");
      System.exit(2);
    }
    Properties overrides = new Properties();
    if (args.length > 2) {
      try (var reader = Files.newBufferedReader(Path.of(args[2]))) {
        overrides.load(reader);
      }
    }
    List<ClickEvent> events = new ArrayList<>();
    long[] invalid = {0};
    Rees46Csv.read(Path.of(args[0]), row -> {
      if (row.isValid()) {
        events.add(row.event());
      } else {
        invalid[0]++;
      }
    });
    long start = System.nanoTime();
    List<Alert> alerts = run(events.iterator(), overrides);
    long millis = (System.nanoTime() - start) / 1_000_000;
    BacktestOutput.writeAlerts(Path.of(args[1]), alerts);
    System.err.printf("streams backtest: %d events (%d invalid rows skipped), %d alerts, %d ms%n",
        events.size(), invalid[0], alerts.size(), millis);
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // best effort: a temp directory
    }
  }
}
