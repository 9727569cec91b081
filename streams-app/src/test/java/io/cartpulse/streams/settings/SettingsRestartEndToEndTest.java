package io.cartpulse.streams.settings;

import static io.cartpulse.streams.StreamsTestHarness.MINUTE;
import static io.cartpulse.streams.StreamsTestHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.avro.RuleSettings;
import io.cartpulse.platform.kafka.EmbeddedKafka;
import io.cartpulse.registry.AvroWireCodec;
import io.cartpulse.registry.InMemorySchemaRegistryClient;
import io.cartpulse.registry.RegistryConfig;
import io.cartpulse.registry.SpecificAvroSerde;
import io.cartpulse.settings.RuleSettingsTopic;
import io.cartpulse.settings.SettingsVersion;
import io.cartpulse.streams.CartPulseStreamsApp;
import io.cartpulse.streams.StreamsTestHarness;
import io.cartpulse.streams.config.StreamsAppConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * A restart with versions already on {@code rule-settings} (ALERTS.md section 8: "Both engines read
 * the whole topic at start"): on a real (embedded) broker, the streams-app is stopped and started
 * again over the same state directory; it must read the versions again (the settings store is in
 * memory, so only the topic has them) and keep its state (an item opened before the restart falls
 * due after it).
 */
class SettingsRestartEndToEndTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @Test
  void aRestartedAppFollowsTheVersionsOnTheTopicAndKeepsItsState() throws Exception {
    String scope = "settings-restart-" + UUID.randomUUID();
    InMemorySchemaRegistryClient registry = InMemorySchemaRegistryClient.forScope(scope);
    registry.register("clickstream-value", AvroWireCodec.registryForm(ClickEvent.getClassSchema()));
    registry.register("alerts-value", AvroWireCodec.registryForm(Alert.getClassSchema()));
    registry.register("rule-settings-value", AvroWireCodec.registryForm(RuleSettings.getClassSchema()));
    registry.register("product-stats-value", AvroWireCodec.registryForm(io.cartpulse.avro.ProductStats.getClassSchema()));
    registry.register("offers-value", AvroWireCodec.registryForm(io.cartpulse.avro.Offer.getClassSchema()));
    try (EmbeddedKafka kafka = EmbeddedKafka.start(Path.of("target", "embedded-kafka").toAbsolutePath())) {
      kafka.createTopics(Map.of("clickstream", 1, "alerts", 1, "clickstream-dlq", 1, "rule-settings", 1,
          "inventory", 1, "inventory-dlq", 1, "product-stats", 1, "product-stock", 1, "offers", 1));
      Properties file = new Properties();
      file.setProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      file.setProperty(RegistryConfig.SCHEMA_REGISTRY_URL, RegistryConfig.MOCK_SCHEME + scope);
      file.setProperty(StreamsConfig.APPLICATION_ID_CONFIG, "cartpulse-settings-restart-" + UUID.randomUUID());
      file.setProperty(StreamsConfig.STATE_DIR_CONFIG,
          Path.of("target", "settings-restart-state", scope).toAbsolutePath().toString());
      file.setProperty(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
      StreamsAppConfig config = StreamsAppConfig.load(file, Map.of());
      SpecificAvroSerde<RuleSettings> settingsSerde = new SpecificAvroSerde<>(RuleSettings.class, registry, false, false);
      SpecificAvroSerde<ClickEvent> clicks = new SpecificAvroSerde<>(ClickEvent.class, registry, false, false);

      // On the topic before the first start: carts above 100.00 open items from T0.
      RuleSettingsTopic.publish(kafka.clientProperties(), "rule-settings", settingsSerde,
          List.of(SettingsVersion.of(1, T0, Map.of("cart-abandonment.min-price", "100.00"))));
      try (KafkaStreams first = start(config)) {
        send(kafka, clicks, StreamsTestHarness.event("cart", "a", "p1", T0, "150.00", null, "s"),
            StreamsTestHarness.event("cart", "b", "p1", T0 + 5 * MINUTE, "150.00", null, "s"),
            StreamsTestHarness.event("remove_from_cart", "clock", "none", T0 + 10 * MINUTE, "0.00", null, null));
        assertThat(alerts(kafka, registry, 1)).extracting(Alert::getUserId, a -> a.getEventTime().toEpochMilli())
            .containsExactly(tuple("a", T0 + 10 * MINUTE));
        first.close(Duration.ofSeconds(30));
      }

      // Published while the app is down: from T0 + 12 min only carts above 300.00 open items.
      RuleSettingsTopic.publish(kafka.clientProperties(), "rule-settings", settingsSerde,
          List.of(SettingsVersion.of(2, T0 + 12 * MINUTE, Map.of("cart-abandonment.min-price", "300.00"))));
      try (KafkaStreams second = start(config)) {
        send(kafka, clicks, StreamsTestHarness.event("cart", "c", "p1", T0 + 11 * MINUTE, "150.00", null, "s"),
            StreamsTestHarness.event("cart", "d", "p1", T0 + 13 * MINUTE, "250.00", null, "s"),
            StreamsTestHarness.event("remove_from_cart", "clock", "none", T0 + 40 * MINUTE, "0.00", null, null));
        // b: opened before the restart; c: version 1 read again at start; d: below version 2's minimum.
        assertThat(alerts(kafka, registry, 3)).extracting(Alert::getUserId, a -> a.getEventTime().toEpochMilli())
            .containsExactly(tuple("a", T0 + 10 * MINUTE), tuple("b", T0 + 15 * MINUTE),
                tuple("c", T0 + 21 * MINUTE));
        second.close(Duration.ofSeconds(30));
      }
    } finally {
      InMemorySchemaRegistryClient.dropScope(scope);
    }
  }

  private static KafkaStreams start(StreamsAppConfig config) {
    KafkaStreams streams = new KafkaStreams(CartPulseStreamsApp.build(config),
        CartPulseStreamsApp.streamsProperties(config));
    streams.start();
    return streams;
  }

  private static void send(EmbeddedKafka kafka, SpecificAvroSerde<ClickEvent> serde, ClickEvent... events)
      throws Exception {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(kafka.clientProperties(), new StringSerializer(), new ByteArraySerializer())) {
      for (ClickEvent event : events) {
        producer.send(new ProducerRecord<>("clickstream", event.getUserId(), serde.serialize("clickstream", event)))
            .get();
      }
    }
  }

  /**
   * Every committed alert once {@code count} have arrived; the alerts one clock step emits commit
   * together, so a record that should not be there would arrive with the last expected one.
   */
  private static List<Alert> alerts(EmbeddedKafka kafka, InMemorySchemaRegistryClient registry, int count) {
    SpecificAvroSerde<Alert> serde = new SpecificAvroSerde<>(Alert.class, registry, false, false);
    Properties props = kafka.clientProperties();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "settings-restart-reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<Alert> alerts = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of("alerts"));
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (alerts.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> alerts.add(serde.deserialize("alerts", r.value())));
      }
    }
    assertThat(alerts).as("alerts").hasSizeGreaterThanOrEqualTo(count);
    return alerts;
  }
}
