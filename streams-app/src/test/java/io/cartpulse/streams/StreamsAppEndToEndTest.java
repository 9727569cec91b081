package io.cartpulse.streams;

import static io.cartpulse.streams.StreamsTestHarness.MINUTE;
import static io.cartpulse.streams.StreamsTestHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.contract.DeadLetterHeaders;
import io.cartpulse.platform.kafka.EmbeddedKafka;
import io.cartpulse.registry.AvroWireCodec;
import io.cartpulse.registry.InMemorySchemaRegistryClient;
import io.cartpulse.registry.RegistryConfig;
import io.cartpulse.registry.SpecificAvroSerde;
import io.cartpulse.streams.config.StreamsAppConfig;
import io.cartpulse.streams.ingest.ClickDecodeProcessor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * The production configuration against a real (embedded) broker: exactly_once_v2, RocksDB stores,
 * the internal repartition topic, schemas looked up (not auto-registered) in the registry.
 */
class StreamsAppEndToEndTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @Test
  void clicksKeyedAnyhowBecomeCommittedAlertsAndInvalidRecordsReachTheDlq() throws Exception {
    String scope = "e2e-" + UUID.randomUUID();
    InMemorySchemaRegistryClient registry = InMemorySchemaRegistryClient.forScope(scope);
    registry.register("clickstream-value", AvroWireCodec.registryForm(ClickEvent.getClassSchema()));
    registry.register("product-stats-value",
        AvroWireCodec.registryForm(io.cartpulse.avro.ProductStats.getClassSchema()));
    registry.register("offers-value", AvroWireCodec.registryForm(io.cartpulse.avro.Offer.getClassSchema()));
    registry.register("alerts-value", AvroWireCodec.registryForm(Alert.getClassSchema()));
    try (EmbeddedKafka kafka = EmbeddedKafka.start(Path.of("target", "embedded-kafka").toAbsolutePath())) {
      kafka.createTopics(Map.of("clickstream", 3, "alerts", 1, "clickstream-dlq", 1, "rule-settings", 1, "inventory", 1,
          "inventory-dlq", 1, "product-stats", 1, "product-stock", 1, "offers", 1));
      Properties file = new Properties();
      file.setProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      file.setProperty(RegistryConfig.SCHEMA_REGISTRY_URL, RegistryConfig.MOCK_SCHEME + scope);
      file.setProperty(StreamsConfig.APPLICATION_ID_CONFIG, "cartpulse-e2e-" + UUID.randomUUID());
      file.setProperty(StreamsConfig.STATE_DIR_CONFIG,
          Path.of("target", "e2e-state", scope).toAbsolutePath().toString());
      file.setProperty(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
      StreamsAppConfig config = StreamsAppConfig.load(file, Map.of());
      assertThat(config.kafka()).containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "exactly_once_v2");

      try (KafkaStreams streams = new KafkaStreams(CartPulseStreamsApp.build(config),
          CartPulseStreamsApp.streamsProperties(config))) {
        streams.start();
        SpecificAvroSerde<ClickEvent> clicks = new SpecificAvroSerde<>(ClickEvent.class, registry, false, false);
        Properties producerProps = kafka.clientProperties();
        try (KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
          send(producer, "session-key", clicks.serialize("clickstream",
              StreamsTestHarness.event("cart", "u1", "p1", T0, "250.00", null, "s1")));
          send(producer, "garbage-key", "not avro".getBytes(StandardCharsets.UTF_8));
          send(producer, "other-key", clicks.serialize("clickstream",
              StreamsTestHarness.event("view", "u1", "p2", T0 + 10 * MINUTE, "1.00", null, "s1")));
          producer.flush();
        }

        List<ConsumerRecord<byte[], byte[]>> alerts = consume(kafka, "alerts", 1);
        SpecificAvroSerde<Alert> alertSerde = new SpecificAvroSerde<>(Alert.class, registry, false, false);
        Alert alert = alertSerde.deserialize("alerts", alerts.get(0).value());
        assertThat(alert.getType()).isEqualTo(AlertType.CART_ABANDONMENT);
        assertThat(alert.getEventTime().toEpochMilli()).isEqualTo(T0 + 10 * MINUTE);
        assertThat(new String(alerts.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("u1");
        assertThat(alerts.get(0).value()[0]).isEqualTo(AvroWireCodec.MAGIC_BYTE);

        List<ConsumerRecord<byte[], byte[]>> dead = consume(kafka, "clickstream-dlq", 1);
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("not avro");
        assertThat(new String(dead.get(0).headers().lastHeader(DeadLetterHeaders.SOURCE_TOPIC).value(),
            StandardCharsets.UTF_8)).isEqualTo("clickstream");

        streams.close(Duration.ofSeconds(30));
        assertThat(streams.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
      }
    } finally {
      InMemorySchemaRegistryClient.dropScope(scope);
    }
  }

  private static void send(KafkaProducer<byte[], byte[]> producer, String key, byte[] value) throws Exception {
    producer.send(new ProducerRecord<>("clickstream", key.getBytes(StandardCharsets.UTF_8), value)).get();
  }

  private static List<ConsumerRecord<byte[], byte[]>> consume(EmbeddedKafka kafka, String topic, int count) {
    Properties props = kafka.clientProperties();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (records.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    assertThat(records).as("records on %s", topic).hasSizeGreaterThanOrEqualTo(count);
    return records;
  }
}
