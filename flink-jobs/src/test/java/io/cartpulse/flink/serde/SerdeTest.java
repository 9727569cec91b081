package io.cartpulse.flink.serde;

import static io.cartpulse.testing.Clicks.click;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartpulse.alert.Alerts;
import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.avro.PvUvPoint;
import io.cartpulse.contract.DeadLetterHeaders;
import io.cartpulse.flink.model.SourcedClick;
import io.cartpulse.registry.InMemorySchemaRegistryClient;
import io.cartpulse.registry.SpecificAvroSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class SerdeTest {
  static final String SCOPE = "flink-serde-test";
  static final Map<String, String> REGISTRY =
      Map.of("schema.registry.url", "mock://" + SCOPE, "auto.register.schemas", "true");
  static final long T = 1_569_888_000_000L;

  @AfterAll
  static void dropRegistry() {
    InMemorySchemaRegistryClient.dropScope(SCOPE);
  }

  static byte[] encode(ClickEvent event) {
    SpecificAvroSerde<ClickEvent> serde = new SpecificAvroSerde<>(ClickEvent.class);
    serde.configure(REGISTRY, false);
    return serde.serialize("clickstream", event);
  }

  static SourcedClick read(byte[] key, byte[] value) {
    SourcedClickDeserializer deserializer = new SourcedClickDeserializer("clickstream", REGISTRY);
    deserializer.open(null);
    RecordHeaders headers = new RecordHeaders();
    headers.add(new RecordHeader("trace", "t-1".getBytes(StandardCharsets.UTF_8)));
    ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("clickstream", 3, 42L, T, TimestampType.CREATE_TIME,
        key == null ? -1 : key.length, value == null ? -1 : value.length, key, value, headers,
        java.util.Optional.empty());
    SourcedClick[] out = new SourcedClick[1];
    deserializer.deserialize(record, new Collector<>() {
      @Override
      public void collect(SourcedClick click) {
        out[0] = click;
      }

      @Override
      public void close() {}
    });
    return out[0];
  }

  @Test
  void aValidClickIsDecodedNormalisedAndKeepsItsOrigin() {
    ClickEvent event = click(T, "view", "u1", "p1", "");
    byte[] value = encode(event);

    SourcedClick click = read("u1".getBytes(StandardCharsets.UTF_8), value);

    assertThat(click.isValid()).isTrue();
    assertThat(click.event.getUserId()).isEqualTo("u1");
    assertThat(click.event.getCategoryCode()).as("empty is missing").isNull();
    assertThat(click.eventTime()).isEqualTo(T);
    assertThat(click.value).isEqualTo(value);
    assertThat(click.partition).isEqualTo(3);
    assertThat(click.offset).isEqualTo(42);
  }

  @Test
  void undecodableBytesAreInvalidWithAReasonNamingTheTopic() {
    SourcedClick click = read(null, new byte[] {7, 1, 2});

    assertThat(click.isValid()).isFalse();
    assertThat(click.invalidReason).contains("clickstream");
  }

  @Test
  void aDecodedButInvalidClickKeepsTheValidatorsReason() {
    ClickEvent event = click(T, "view", "u1", "p1", null);
    event.setUserId(null);

    SourcedClick click = read(null, encode(event));

    assertThat(click.isValid()).isFalse();
    assertThat(click.invalidReason).isEqualTo("missing userId");
  }

  @Test
  void deadLettersCarryTheOriginalBytesHeadersAndTheReason() {
    byte[] value = {7, 1, 2};
    SourcedClick click = read("k".getBytes(StandardCharsets.UTF_8), value);

    ProducerRecord<byte[], byte[]> record = SourceRecordSerializer.deadLetter("clickstream-dlq")
        .serialize(click, null, null);

    assertThat(record.topic()).isEqualTo("clickstream-dlq");
    assertThat(record.key()).isEqualTo("k".getBytes(StandardCharsets.UTF_8));
    assertThat(record.value()).isEqualTo(value);
    assertThat(record.timestamp()).isEqualTo(T);
    assertThat(header(record, "trace")).isEqualTo("t-1");
    assertThat(header(record, DeadLetterHeaders.REASON)).isEqualTo(click.invalidReason);
    assertThat(header(record, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("clickstream");
    assertThat(header(record, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("3");
    assertThat(header(record, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("42");
  }

  @Test
  void lateEventsAreWrittenUnchangedWithoutDeadLetterHeaders() {
    byte[] value = encode(click(T, "view", "u1", "p1", null));
    SourcedClick click = read(null, value);

    ProducerRecord<byte[], byte[]> record = SourceRecordSerializer.late("clickstream-late").serialize(click, null, null);

    assertThat(record.value()).isEqualTo(value);
    assertThat(record.headers().lastHeader(DeadLetterHeaders.REASON)).isNull();
  }

  @Test
  void alertsAndPointsAreConfluentAvroKeyedByUserAndDimension() {
    Alert alert = Alerts.create(AlertType.CHURN_RISK, "u1", null, null, T, T, Alerts.SOURCE_FLINK, "m.",
        Map.of("views", "10"), null);
    AvroRecordSerializer<Alert> alerts = AvroRecordSerializer.alerts("alerts", REGISTRY);
    alerts.open(null, null);
    ProducerRecord<byte[], byte[]> record = alerts.serialize(alert, null, T);

    assertThat(record.topic()).isEqualTo("alerts");
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("u1");
    ConfluentAvroDeserializationSchema<Alert> reader =
        new ConfluentAvroDeserializationSchema<>(Alert.class, "alerts", REGISTRY);
    reader.open(null);
    assertThat(reader.deserialize(record.value())).isEqualTo(alert);

    PvUvPoint point = PvUvPoint.newBuilder().setDay("2019-10-01").setDimension("all")
        .setWindowEnd(Instant.ofEpochMilli(T)).setPv(3).setUv(2).build();
    AvroRecordSerializer<PvUvPoint> points = AvroRecordSerializer.pvuv("pvuv", REGISTRY);
    points.open(null, null);
    ProducerRecord<byte[], byte[]> pointRecord = points.serialize(point, null, T);
    assertThat(new String(pointRecord.key(), StandardCharsets.UTF_8)).isEqualTo("all");
    assertThat(pointRecord.value()[0]).isZero();
  }

  @Test
  void aMissingRegistryUrlFailsWhenTheJobIsBuilt() {
    assertThatThrownBy(() -> new ConfluentAvroSerializationSchema<>(Alert.class, "alerts", Map.of()))
        .hasMessageContaining("schema.registry.url");
  }

  static String header(ProducerRecord<byte[], byte[]> record, String key) {
    return new String(record.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
  }
}
