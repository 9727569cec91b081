package io.cartpulse.streams;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.avro.RuleSettings;
import io.cartpulse.registry.InMemorySchemaRegistryClient;
import io.cartpulse.registry.RegistryConfig;
import io.cartpulse.registry.SpecificAvroSerde;
import io.cartpulse.streams.config.StreamsAppConfig;
import io.cartpulse.streams.metrics.StreamsAppMetrics;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The production topology in a TopologyTestDriver with a private mock registry and state under
 * target/. Defaults are the production defaults (repartition by user, wall-clock advance on,
 * caching and changelogs on) except the store type: in-memory, because the driver commits after
 * every record and a RocksDB commit flushes a memtable to disk (RocksDbStoresTest covers RocksDB).
 */
public final class StreamsTestHarness implements AutoCloseable {

  /** 2019-10-01T00:00:00Z, the first instant of the REES46 sample. */
  public static final long T0 = Instant.parse("2019-10-01T00:00:00Z").toEpochMilli();
  public static final long SECOND = 1000;
  public static final long MINUTE = 60 * SECOND;
  /** The driver's wall clock at the start. */
  public static final Instant WALL_CLOCK_START = Instant.parse("2026-01-01T00:00:00Z");

  public final String scope = "streams-test-" + UUID.randomUUID();
  public final StreamsAppConfig config;
  public final TopologyTestDriver driver;
  public final SpecificAvroSerde<ClickEvent> clickSerde;
  public final TestInputTopic<String, ClickEvent> clicks;
  public final TestInputTopic<byte[], byte[]> rawClicks;
  public final TestOutputTopic<String, Alert> alerts;
  public final TestOutputTopic<byte[], byte[]> dlq;
  /** The {@code rule-settings} topic (ALERTS.md section 8): versions as records, and raw bytes for bad ones. */
  public final TestInputTopic<String, RuleSettings> settings;
  public final TestInputTopic<String, byte[]> rawSettings;

  public StreamsTestHarness() {
    this(new Properties());
  }

  public StreamsTestHarness(Properties overrides) {
    this(overrides, StreamsAppMetrics.disabled());
  }

  /** The topology recording into {@code metrics}. */
  public StreamsTestHarness(Properties overrides, StreamsAppMetrics metrics) {
    Properties props = new Properties();
    props.setProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "test:9092");
    props.setProperty(StreamsConfig.APPLICATION_ID_CONFIG, "cartpulse-streams-test");
    props.setProperty(RegistryConfig.SCHEMA_REGISTRY_URL, RegistryConfig.MOCK_SCHEME + scope);
    props.setProperty(RegistryConfig.AUTO_REGISTER_SCHEMAS, "true");
    props.setProperty(StreamsAppConfig.STORE_TYPE.key(), "in-memory");
    props.setProperty(StreamsConfig.STATE_DIR_CONFIG,
        Path.of("target", "streams-test-state", scope).toAbsolutePath().toString());
    overrides.stringPropertyNames().forEach(k -> props.setProperty(k, overrides.getProperty(k)));
    config = StreamsAppConfig.load(props, Map.of());
    driver = new TopologyTestDriver(CartPulseStreamsApp.build(config, metrics),
        CartPulseStreamsApp.streamsProperties(config), WALL_CLOCK_START);
    InMemorySchemaRegistryClient registry = InMemorySchemaRegistryClient.forScope(scope);
    clickSerde = new SpecificAvroSerde<>(ClickEvent.class, registry, true, false);
    SpecificAvroSerde<Alert> alertSerde = new SpecificAvroSerde<>(Alert.class, registry, true, false);
    clicks = driver.createInputTopic(config.topics().input(), new StringSerializer(), clickSerde);
    rawClicks = driver.createInputTopic(config.topics().input(), new ByteArraySerializer(), new ByteArraySerializer());
    alerts = driver.createOutputTopic(config.topics().alerts(), new StringDeserializer(), alertSerde);
    dlq = driver.createOutputTopic(config.topics().dlq(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    SpecificAvroSerde<RuleSettings> settingsSerde = new SpecificAvroSerde<>(RuleSettings.class, registry, true, false);
    settings = driver.createInputTopic(config.topics().ruleSettings(), new StringSerializer(), settingsSerde);
    rawSettings = driver.createInputTopic(config.topics().ruleSettings(), new StringSerializer(),
        new ByteArraySerializer());
  }

  /** A settings record (not validated here: the engine must skip a bad one), e.g. {@code version(1, t, "coupon.enabled", "false")}. */
  public static RuleSettings version(long version, long effectiveFrom, String... keyValues) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      values.put(keyValues[i], keyValues[i + 1]);
    }
    return RuleSettings.newBuilder().setVersion(version).setEffectiveFrom(Instant.ofEpochMilli(effectiveFrom))
        .setSettings(new LinkedHashMap<>(values)).build();
  }

  /** Publishes a settings version on {@code rule-settings} (key = the version, as scripts/rules does). */
  public StreamsTestHarness publish(long version, long effectiveFrom, String... keyValues) {
    settings.pipeInput(Long.toString(version), version(version, effectiveFrom, keyValues));
    return this;
  }

  public static Properties props(String... keyValues) {
    Properties props = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      props.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return props;
  }

  public static ClickEvent event(String type, String user, String product, long time, String price,
      String categoryCode, String session) {
    return ClickEvent.newBuilder()
        .setEventType(type)
        .setUserId(user)
        .setProductId(product)
        .setEventTime(Instant.ofEpochMilli(time))
        .setPrice(price == null ? null : new BigDecimal(price))
        .setCategoryId("2053013555631882655")
        .setCategoryCode(categoryCode)
        .setBrand("acme")
        .setUserSession(session)
        .build();
  }

  public void send(ClickEvent event) {
    clicks.pipeInput(new TestRecord<>(event.getUserId(), event,
        event.getEventTime() == null ? Instant.EPOCH : event.getEventTime()));
  }

  public StreamsTestHarness view(String user, String product, long time, String price, String category,
      String session) {
    send(event("view", user, product, time, price, category, session));
    return this;
  }

  public StreamsTestHarness view(String user, String product, long time, String price) {
    return view(user, product, time, price, "electronics.smartphone", "s-" + user);
  }

  public StreamsTestHarness cart(String user, String product, long time, String price) {
    send(event("cart", user, product, time, price, "electronics.smartphone", "s-" + user));
    return this;
  }

  public StreamsTestHarness cart(String user, String product, long time, String price, String session) {
    send(event("cart", user, product, time, price, "electronics.smartphone", session));
    return this;
  }

  public StreamsTestHarness remove(String user, String product, long time) {
    send(event("remove_from_cart", user, product, time, "1.00", "electronics.smartphone", "s-" + user));
    return this;
  }

  public StreamsTestHarness purchase(String user, String product, long time, String price) {
    send(event("purchase", user, product, time, price, "electronics.smartphone", "s-" + user));
    return this;
  }

  /** Some other user's event that only moves the clock. */
  public StreamsTestHarness tick(long time) {
    send(event("remove_from_cart", "clock-mover", "none", time, "0.00", null, null));
    return this;
  }

  public List<Alert> readAlerts() {
    return alerts.readValuesToList();
  }

  public List<Alert> readAlerts(AlertType type) {
    return readAlerts().stream().filter(a -> a.getType() == type).toList();
  }

  public void advanceWallClock(Duration duration) {
    driver.advanceWallClockTime(duration);
  }

  public <K, V> KeyValueStore<K, V> store(String name) {
    return driver.getKeyValueStore(name);
  }

  public static String utf8(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    driver.close();
    InMemorySchemaRegistryClient.dropScope(scope);
  }
}
