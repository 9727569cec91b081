package io.cartpulse.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.contract.Subjects;
import io.cartpulse.alert.Alerts;
import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.platform.registry.ApicurioRegistry;
import io.cartpulse.platform.registry.ApicurioRegistryExtension;
import io.cartpulse.registry.AvroWireCodec;
import io.cartpulse.registry.RegistryConfig;
import io.cartpulse.registry.SampleRecords;
import io.cartpulse.registry.SchemaRegistryClient;
import io.cartpulse.registry.SchemaRegistryClients;
import io.cartpulse.registry.SpecificAvroSerde;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Produce and consume through the embedded broker with our serde registering through a real
 * registry (Apicurio's ccompat API): what both engines do in production, with Apicurio in place
 * of Confluent. {@link AvroThroughBrokerTest} does the same against the stand-in.
 */
@ExtendWith(ApicurioRegistryExtension.class)
class ApicurioThroughBrokerTest {

  private static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(30);

  private static EmbeddedKafka kafka;
  private static String registryUrl;

  @BeforeAll
  static void startBroker(ApicurioRegistry registry) {
    registryUrl = registry.url();
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stopBroker() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void alertsProducedThroughApicurioAreConsumedAsTheyWereSent() {
    String topic = "alerts-" + UUID.randomUUID();
    kafka.createTopic(topic, 3);
    List<Alert> sent = IntStream.range(0, 30).mapToObj(i -> Alerts.create(AlertType.values()[1 + i % 7],
        "u-" + i, "s-" + i, "p-" + i, 1_569_888_000_000L + i * 1_000L, 1_569_888_000_500L + i * 1_000L,
        i % 2 == 0 ? Alerts.SOURCE_STREAMS : Alerts.SOURCE_FLINK, "alert " + i, Map.of("i", String.valueOf(i)), null))
        .toList();

    produce(topic, Alert.class, sent);
    List<ConsumerRecord<String, byte[]>> received = consume(topic, sent.size());

    int registeredId;
    try (SchemaRegistryClient client = SchemaRegistryClients.create(
        Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, registryUrl))) {
      registeredId = client.latest(Subjects.subject(topic, false)).id();
    }
    SpecificAvroSerde<Alert> reader = serde(Alert.class, false);
    List<Alert> decoded = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : received) {
      assertThat(record.value()[0]).as("magic byte").isEqualTo(AvroWireCodec.MAGIC_BYTE);
      assertThat(ByteBuffer.wrap(record.value(), 1, 4).getInt()).as("schema id").isEqualTo(registeredId);
      Alert alert = reader.deserialize(topic, record.value());
      assertThat(record.key()).isEqualTo(alert.getUserId());
      decoded.add(alert);
    }
    assertThat(decoded).containsExactlyInAnyOrderElementsOf(sent);
  }

  @Test
  void clickEventsWithDecimalsAndNullsSurviveTheRoundTrip() {
    String topic = "clicks-" + UUID.randomUUID();
    kafka.createTopic(topic, 1);
    ClickEvent withNulls = ClickEvent.newBuilder(SampleRecords.click())
        .setEventTime(Instant.parse("2019-10-01T00:00:05Z")).setBrand(null).setUserSession(null).build();
    List<ClickEvent> sent = List.of(SampleRecords.click(), withNulls);

    produce(topic, ClickEvent.class, sent);
    List<ConsumerRecord<String, byte[]>> received = consume(topic, sent.size());

    SpecificAvroSerde<ClickEvent> reader = serde(ClickEvent.class, false);
    assertThat(received).extracting(record -> reader.deserialize(topic, record.value()))
        .containsExactlyElementsOf(sent);
  }

  private static <T extends SpecificRecord> void produce(String topic, Class<T> type, List<T> values) {
    Properties props = kafka.clientProperties();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, T> producer = new KafkaProducer<>(props, new StringSerializer(), serde(type, true))) {
      for (T value : values) {
        producer.send(new ProducerRecord<>(topic, String.valueOf(value.get(value.getSchema().getField("userId").pos())),
            value));
      }
      producer.flush();
    }
  }

  private static <T extends SpecificRecord> SpecificAvroSerde<T> serde(Class<T> type, boolean autoRegister) {
    SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
    serde.configure(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, registryUrl,
        RegistryConfig.AUTO_REGISTER_SCHEMAS, autoRegister), false);
    return serde;
  }

  /** The raw records of {@code topic}, polled until {@code count} arrived or {@link #RECEIVE_TIMEOUT} passed. */
  private static List<ConsumerRecord<String, byte[]>> consume(String topic, int count) {
    Properties props = kafka.clientProperties();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "apicurio-through-broker-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + RECEIVE_TIMEOUT.toNanos();
      while (records.size() < count && System.nanoTime() - deadline < 0) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    assertThat(records).as("records on %s within %s", topic, RECEIVE_TIMEOUT).hasSize(count);
    return records;
  }
}
