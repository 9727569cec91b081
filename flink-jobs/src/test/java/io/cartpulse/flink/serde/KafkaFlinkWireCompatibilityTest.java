package io.cartpulse.flink.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartpulse.alert.Alerts;
import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.registry.AvroWireCodec;
import io.cartpulse.registry.InMemorySchemaRegistryClient;
import io.cartpulse.registry.SpecificAvroSerde;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The streams-app (Kafka {@link SpecificAvroSerde}) and the Flink job (its serialization schemas) share
 * one topic contract: each must decode what the other wrote, byte for byte the Confluent wire format.
 */
class KafkaFlinkWireCompatibilityTest {
  static final String SCOPE = "kafka-flink-wire";
  static final Map<String, String> REGISTRY =
      Map.of("schema.registry.url", "mock://" + SCOPE, "auto.register.schemas", "true");
  static final long T = 1_569_888_000_000L;

  @AfterAll
  static void dropRegistry() {
    InMemorySchemaRegistryClient.dropScope(SCOPE);
  }

  static <T extends org.apache.avro.specific.SpecificRecord> SpecificAvroSerde<T> kafkaSerde(Class<T> type) {
    SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
    serde.configure(REGISTRY, false);
    return serde;
  }

  static int schemaId(byte[] wire) {
    return ByteBuffer.wrap(wire, 1, 4).getInt();
  }

  @Test
  void flinkReadsWhatTheKafkaSerdeWrote() {
    ClickEvent click = ClickEvent.newBuilder().setEventTime(Instant.ofEpochMilli(T)).setEventType("cart")
        .setProductId("1004246").setCategoryId("2053013555631882655").setCategoryCode("electronics.smartphone")
        .setBrand("apple").setPrice(new BigDecimal("736.18")).setUserId("541981044").setUserSession("s-1").build();
    byte[] wire = kafkaSerde(ClickEvent.class).serialize("clickstream", click);

    assertThat(wire[0]).as("magic byte").isZero();
    ConfluentAvroDeserializationSchema<ClickEvent> flink =
        new ConfluentAvroDeserializationSchema<>(ClickEvent.class, "clickstream", REGISTRY);
    flink.open(null);
    assertThat(flink.deserialize(wire)).isEqualTo(click);
  }

  @Test
  void theKafkaSerdeReadsWhatFlinkWroteAndBothWriteTheSameBytes() {
    Alert alert = Alerts.create(AlertType.CHURN_RISK, "541981044", null, null, T, T + 5, Alerts.SOURCE_FLINK,
        "User 541981044 viewed 12 times in 7 days without buying.", Map.of("views", "12", "windowStart", "0"), null);
    ConfluentAvroSerializationSchema<Alert> flink = new ConfluentAvroSerializationSchema<>(Alert.class, "alerts", REGISTRY);
    flink.open(null);
    byte[] fromFlink = flink.serialize(alert);
    byte[] fromKafka = kafkaSerde(Alert.class).serialize("alerts", alert);

    assertThat(kafkaSerde(Alert.class).deserialize("alerts", fromFlink)).isEqualTo(alert);
    assertThat(fromFlink).isEqualTo(fromKafka);
    assertThat(fromFlink[0]).as("magic byte").isZero();
    assertThat(schemaId(fromFlink)).as("schema id of alerts-value")
        .isEqualTo(InMemorySchemaRegistryClient.forScope(SCOPE).lookUpId("alerts-value", AvroWireCodec.registryForm(Alert.getClassSchema())));
  }

  @Test
  void aTruncatedBodyFailsInFlinkWithTheTopicAndTheReason() {
    Alert alert = Alerts.create(AlertType.TRAFFIC_SURGE, null, null, null, T, T, Alerts.SOURCE_FLINK, "Surge.",
        Map.of("views", "80", "baseline", "12.00"), null);
    byte[] wire = kafkaSerde(Alert.class).serialize("alerts", alert);
    ConfluentAvroDeserializationSchema<Alert> flink =
        new ConfluentAvroDeserializationSchema<>(Alert.class, "alerts", REGISTRY);
    flink.open(null);

    assertThatThrownBy(() -> flink.deserialize(Arrays.copyOf(wire, wire.length - 8)))
        .isInstanceOf(SerializationException.class).hasMessageContaining("alerts");
  }
}
