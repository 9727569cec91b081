package io.cartpulse.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartpulse.alert.Alerts;
import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.contract.Subjects;
import io.cartpulse.platform.registry.LocalSchemaRegistry;
import io.cartpulse.registry.AvroWireCodec;
import io.cartpulse.registry.RegistryConfig;
import io.cartpulse.registry.SchemaRegistryClient;
import io.cartpulse.registry.SchemaRegistryClient.RegisteredSchema;
import io.cartpulse.registry.SchemaRegistryClients;
import io.cartpulse.registry.SpecificAvroSerde;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Avro records in the Confluent wire format through a real broker and the HTTP registry: what
 * streams-app and flink-jobs do in production, with the local stand-ins for broker and registry.
 */
class AvroThroughBrokerTest {

  private static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(30);

  private static EmbeddedKafka kafka;
  private static LocalSchemaRegistry registry;

  @BeforeAll
  static void startPlatform() {
    kafka = EmbeddedKafka.start();
    registry = LocalSchemaRegistry.start();
  }

  @AfterAll
  static void stopPlatform() {
    try {
      if (registry != null) {
        registry.close();
      }
    } finally {
      if (kafka != null) {
        kafka.close();
      }
    }
  }

  @Test
  void alertTravelsInTheConfluentWireFormatUnderTheRegisteredId() {
    String topic = "alerts";
    kafka.createTopic(topic, 1);
    Alert sent = Alerts.create(AlertType.CART_ABANDONMENT, "u-42", "s-1", "p-7", 1_569_888_600_000L,
        1_569_888_601_234L, Alerts.SOURCE_STREAMS, "User u-42 left p-7 (612.40) in the cart.",
        Map.of("price", "612.40"), null);

    produce(topic, Alert.class, sent.getUserId(), sent);
    byte[] wire = consumeOneValue(topic);

    int registeredId = assertRegisteredAs(topic, AvroWireCodec.registryForm(Alert.getClassSchema()));
    assertConfluentHeader(wire, registeredId);
    assertThat(readerSerde(Alert.class).deserialize(topic, wire)).isEqualTo(sent);
  }

  @Test
  void clickEventWithNullsAndDecimalPriceSurvivesTheRoundTrip() {
    String topic = "clicks";
    kafka.createTopic(topic, 3);
    ClickEvent sent = ClickEvent.newBuilder()
        .setEventTime(Instant.parse("2019-10-01T00:00:04Z"))
        .setEventType("view")
        .setProductId("1004237")
        .setCategoryId("2053013555631882655")
        .setCategoryCode("electronics.smartphone")
        .setBrand(null)
        .setPrice(new BigDecimal("1081.98"))
        .setUserId("535871217")
        .setUserSession(null)
        .build();

    produce(topic, ClickEvent.class, sent.getUserId(), sent);
    byte[] wire = consumeOneValue(topic);

    int registeredId = assertRegisteredAs(topic, AvroWireCodec.registryForm(ClickEvent.getClassSchema()));
    assertConfluentHeader(wire, registeredId);
    ClickEvent received = readerSerde(ClickEvent.class).deserialize(topic, wire);
    assertThat(received).isEqualTo(sent);
    assertThat(received.getPrice()).isEqualByComparingTo("1081.98").hasScaleOf(2);
  }

  @Test
  void typedConsumerReadsWithAReaderThatNeverRegisters() {
    String topic = "alerts-typed";
    kafka.createTopic(topic, 1);
    Alert sent = Alerts.create(AlertType.CROSS_SELL, "u-1", "s-9", "p-2", 1_569_888_000_000L,
        1_569_888_000_500L, Alerts.SOURCE_FLINK, "User u-1 moved from phones to audio.",
        Map.of("fromCategory", "electronics.smartphone", "toCategory", "electronics.audio"), null);
    produce(topic, Alert.class, sent.getUserId(), sent);

    List<Alert> received = new ArrayList<>();
    try (KafkaConsumer<String, Alert> consumer = new KafkaConsumer<>(consumerProperties(),
        new StringDeserializer(), readerSerde(Alert.class))) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + RECEIVE_TIMEOUT.toNanos();
      while (received.isEmpty() && System.nanoTime() - deadline < 0) {
        consumer.poll(Duration.ofMillis(200)).forEach(record -> received.add(record.value()));
      }
    }

    assertThat(received).as("alerts on %s within %s", topic, RECEIVE_TIMEOUT).containsExactly(sent);
  }

  @Test
  void writerWithoutAutoRegisterRefusesAnUnregisteredSubject() {
    ClickEvent click = ClickEvent.newBuilder().setEventType("view").setUserId("u").setProductId("p").build();

    assertThatThrownBy(() -> readerSerde(ClickEvent.class).serialize("never-registered", click))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("never-registered-value");
  }

  private static <T extends SpecificRecord> void produce(String topic, Class<T> type, String key, T value) {
    Properties props = kafka.clientProperties();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    SpecificAvroSerde<T> writer = new SpecificAvroSerde<>(type);
    writer.configure(Map.of(
        RegistryConfig.SCHEMA_REGISTRY_URL, registry.url(),
        RegistryConfig.AUTO_REGISTER_SCHEMAS, true), false);
    try (KafkaProducer<String, T> producer = new KafkaProducer<>(props, new StringSerializer(), writer)) {
      producer.send(new ProducerRecord<>(topic, key, value));
      producer.flush();
    }
  }

  private static <T extends SpecificRecord> SpecificAvroSerde<T> readerSerde(Class<T> type) {
    SpecificAvroSerde<T> reader = new SpecificAvroSerde<>(type);
    reader.configure(Map.of(
        RegistryConfig.SCHEMA_REGISTRY_URL, registry.url(),
        RegistryConfig.AUTO_REGISTER_SCHEMAS, false), false);
    return reader;
  }

  private static Properties consumerProperties() {
    Properties props = kafka.clientProperties();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "avro-through-broker-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return props;
  }

  /** The raw value bytes of the only record on {@code topic}, polled for at most {@link #RECEIVE_TIMEOUT}. */
  private static byte[] consumeOneValue(String topic) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + RECEIVE_TIMEOUT.toNanos();
      while (records.isEmpty() && System.nanoTime() - deadline < 0) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    assertThat(records).as("records on %s within %s", topic, RECEIVE_TIMEOUT).hasSize(1);
    return records.get(0).value();
  }

  private static int assertRegisteredAs(String topic, org.apache.avro.Schema schema) {
    try (SchemaRegistryClient client = SchemaRegistryClients.create(
        Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, registry.url()))) {
      RegisteredSchema latest = client.latest(Subjects.valueSubject(topic));
      assertThat(latest.subject()).isEqualTo(topic + "-value");
      assertThat(latest.version()).isEqualTo(1);
      assertThat(latest.schema()).isEqualTo(schema);
      return latest.id();
    }
  }

  private static void assertConfluentHeader(byte[] wire, int schemaId) {
    assertThat(wire.length).isGreaterThan(AvroWireCodec.HEADER_SIZE);
    assertThat(wire[0]).as("magic byte").isEqualTo(AvroWireCodec.MAGIC_BYTE);
    assertThat(ByteBuffer.wrap(wire, 1, 4).getInt()).as("schema id").isEqualTo(schemaId);
  }
}
