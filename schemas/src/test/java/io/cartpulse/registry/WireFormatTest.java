package io.cartpulse.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.avro.PvUvPoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Confluent wire format as both engines write it: byte layout, bad input, registry use. */
class WireFormatTest {

  static java.util.stream.Stream<Arguments> records() {
    return java.util.stream.Stream.of(
        Arguments.of(ClickEvent.class, SampleRecords.click(), "clicks"),
        Arguments.of(Alert.class, SampleRecords.alert(), "alerts"),
        Arguments.of(PvUvPoint.class, SampleRecords.pvUvPoint(), "pvuv"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("records")
  <T extends SpecificRecord> void roundTripsWithTheConfluentByteLayout(Class<T> type, T record, String topic)
      throws IOException {
    InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    registry.register("unrelated-value", SampleRecords.click().getSchema());
    registry.register("other-value", org.apache.avro.Schema.create(org.apache.avro.Schema.Type.STRING));
    SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type, registry, true, false);

    byte[] bytes = serde.serialize(topic, record);

    int id = registry.lookUpId(topic + "-value", AvroWireCodec.registryForm(record.getSchema()));
    assertThat(bytes[0]).as("magic byte").isEqualTo((byte) 0);
    assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).as("schema id, big-endian").isEqualTo(id);
    assertThat(Arrays.copyOfRange(bytes, 1, 5)).isEqualTo(new byte[] {(byte) (id >>> 24), (byte) (id >>> 16),
        (byte) (id >>> 8), (byte) id});
    assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).as("plain Avro binary body").isEqualTo(plainAvro(record));
    assertThat(serde.deserialize(topic, bytes)).isEqualTo(record);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("records")
  void theRegistryFormIsTheSchemaOfTheAvscFile(Class<? extends SpecificRecord> type, SpecificRecord record)
      throws IOException {
    org.apache.avro.Schema generated = record.getSchema();
    org.apache.avro.Schema file = avscFile(generated.getName());
    assertThat(generated).as("the generated class schema has Java-only properties").isNotEqualTo(file);

    org.apache.avro.Schema registryForm = AvroWireCodec.registryForm(generated);

    assertThat(registryForm).isEqualTo(file);
    assertThat(registryForm.toString()).doesNotContain("avro.java").isEqualTo(file.toString());
  }

  private static org.apache.avro.Schema avscFile(String name) throws IOException {
    try (java.io.InputStream in = WireFormatTest.class.getClassLoader().getResourceAsStream("avro/" + name + ".avsc")) {
      assertThat(in).as("avro/%s.avsc on the classpath", name).isNotNull();
      return new org.apache.avro.Schema.Parser().parse(in);
    }
  }

  @Test
  void keySerdeUsesTheKeySubject() {
    InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    SpecificAvroSerde<PvUvPoint> serde = new SpecificAvroSerde<>(PvUvPoint.class, registry, true, true);

    serde.serialize("pvuv", SampleRecords.pvUvPoint());

    assertThat(registry.latest("pvuv-key").schema()).isEqualTo(AvroWireCodec.registryForm(PvUvPoint.getClassSchema()));
    assertThatThrownBy(() -> registry.latest("pvuv-value")).isInstanceOf(SchemaRegistryException.class);
  }

  @Test
  void nullsPassThroughAsTombstones() {
    SpecificAvroSerde<Alert> serde = new SpecificAvroSerde<>(Alert.class, new InMemorySchemaRegistryClient(), true, false);
    assertThat(serde.serialize("alerts", null)).isNull();
    assertThat(serde.deserialize("alerts", null)).isNull();
  }

  @Test
  void wrongMagicByteNamesTopicAndReason() {
    SpecificAvroSerde<Alert> serde = registeredAlertSerde();
    byte[] bytes = serde.serialize("alerts", SampleRecords.alert());
    bytes[0] = 1;

    assertThatThrownBy(() -> serde.deserialize("alerts", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("'alerts'")
        .hasMessageContaining("unknown magic byte 1");
  }

  @Test
  void unknownSchemaIdNamesTopicIdAndRegistry() {
    SpecificAvroSerde<Alert> serde = registeredAlertSerde();
    byte[] bytes = serde.serialize("alerts", SampleRecords.alert());
    ByteBuffer.wrap(bytes).putInt(1, 4242);

    assertThatThrownBy(() -> serde.deserialize("alerts", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("'alerts'")
        .hasMessageContaining("schema id 4242 is unknown to the registry");
  }

  @Test
  void aRegistryThatCannotAnswerIsNotTheRecordsFault() {
    byte[] bytes = registeredAlertSerde().serialize("alerts", SampleRecords.alert());
    SchemaRegistryClient down = new SchemaRegistryClient() {
      @Override
      public int register(String subject, org.apache.avro.Schema schema) {
        throw refused();
      }

      @Override
      public int lookUpId(String subject, org.apache.avro.Schema schema) {
        throw refused();
      }

      @Override
      public org.apache.avro.Schema getById(int id) {
        throw refused();
      }

      @Override
      public RegisteredSchema latest(String subject) {
        throw refused();
      }

      @Override
      public boolean isCompatible(String subject, org.apache.avro.Schema schema) {
        throw refused();
      }

      @Override
      public String describe() {
        return "down";
      }

      private SchemaRegistryException refused() {
        return new SchemaRegistryException(SchemaRegistryException.UNREACHABLE, "connection refused");
      }
    };
    SpecificAvroSerde<Alert> reader = new SpecificAvroSerde<>(Alert.class, down, false, false);

    // Not a SerializationException: no caller may dead-letter a valid record for the registry's outage.
    assertThatThrownBy(() -> reader.deserialize("alerts", bytes))
        .isExactlyInstanceOf(SchemaRegistryException.class).hasMessage("connection refused");
  }

  @Test
  void truncatedBodyNamesTopicAndSchemaId() {
    SpecificAvroSerde<ClickEvent> serde =
        new SpecificAvroSerde<>(ClickEvent.class, new InMemorySchemaRegistryClient(), true, false);
    byte[] bytes = serde.serialize("clicks", SampleRecords.click());
    byte[] truncated = Arrays.copyOf(bytes, bytes.length - 4);

    assertThatThrownBy(() -> serde.deserialize("clicks", truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("'clicks'")
        .hasMessageContaining("truncated or corrupt")
        .hasMessageContaining("schema id 1");
  }

  @Test
  void trailingBytesAfterTheBodyAreRejected() {
    SpecificAvroSerde<PvUvPoint> serde =
        new SpecificAvroSerde<>(PvUvPoint.class, new InMemorySchemaRegistryClient(), true, false);
    byte[] bytes = serde.serialize("pvuv", SampleRecords.pvUvPoint());
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);

    assertThatThrownBy(() -> serde.deserialize("pvuv", longer))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("'pvuv'")
        .hasMessageContaining("trailing bytes");
  }

  @Test
  void hugeStringLengthInACorruptRecordFailsWithoutAllocatingIt() {
    SpecificAvroSerde<PvUvPoint> serde =
        new SpecificAvroSerde<>(PvUvPoint.class, new InMemorySchemaRegistryClient(), true, false);
    serde.serialize("pvuv", SampleRecords.pvUvPoint());
    // Header for schema id 1, then the first string ("day") claiming 1,000,000,000 bytes.
    byte[] bytes = concat(new byte[] {0, 0, 0, 0, 1}, zigZagVarint(1_000_000_000L), new byte[] {'2', '0'});

    assertThatThrownBy(() -> serde.deserialize("pvuv", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("'pvuv'")
        .hasMessageContaining("truncated or corrupt")
        .hasMessageContaining("string of 1000000000 bytes cannot fit in the 2 bytes left");
  }

  @Test
  void hugeMapCountInACorruptRecordFailsWithoutAllocatingIt() {
    SpecificAvroSerde<Alert> serde = registeredAlertSerde();
    Alert alert = SampleRecords.alert();
    alert.setAttributes(Map.of());
    byte[] valid = serde.serialize("alerts", alert);
    assertThat(valid[valid.length - 1]).as("an empty map ends the record with block count 0").isZero();
    byte[] bytes = concat(Arrays.copyOf(valid, valid.length - 1), zigZagVarint(500_000_000L));

    assertThatThrownBy(() -> serde.deserialize("alerts", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("'alerts'")
        .hasMessageContaining("500000000 map items cannot fit");
  }

  @Test
  void negativeLengthIsCorrupt() {
    SpecificAvroSerde<Alert> serde = registeredAlertSerde();
    serde.serialize("alerts", SampleRecords.alert());

    assertThatThrownBy(() -> serde.deserialize("alerts", concat(new byte[] {0, 0, 0, 0, 1}, zigZagVarint(-2))))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("'alerts'")
        .hasMessageContaining("length is negative");
  }

  @Test
  void recordShorterThanTheHeaderNamesTopicAndLength() {
    SpecificAvroSerde<Alert> serde = registeredAlertSerde();

    assertThatThrownBy(() -> serde.deserialize("alerts", new byte[] {0, 0, 1}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("'alerts'")
        .hasMessageContaining("3 bytes, shorter than the 5-byte wire-format header");
  }

  @Test
  void withoutAutoRegisterAnUnregisteredSubjectFailsWithAHint() {
    String scope = "wire-no-auto-" + UUID.randomUUID();
    SpecificAvroSerde<Alert> serde = new SpecificAvroSerde<>(Alert.class);
    serde.configure(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, "mock://" + scope), false);

    assertThatThrownBy(() -> serde.serialize("alerts", SampleRecords.alert()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("'alerts'")
        .hasMessageContaining("subject 'alerts-value'")
        .hasMessageContaining("not found")
        .hasMessageContaining("set auto.register.schemas=true");
    InMemorySchemaRegistryClient.dropScope(scope);
  }

  @Test
  void withoutAutoRegisterAPreRegisteredSchemaIsUsed() throws IOException {
    // Registered from the .avsc file, as scripts/register-schemas does.
    String scope = "wire-preregistered-" + UUID.randomUUID();
    int id = InMemorySchemaRegistryClient.forScope(scope).register("alerts-value", avscFile("Alert"));
    SpecificAvroSerde<Alert> serde = new SpecificAvroSerde<>(Alert.class);
    serde.configure(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, "mock://" + scope,
        RegistryConfig.AUTO_REGISTER_SCHEMAS, "false"), false);

    byte[] bytes = serde.serialize("alerts", SampleRecords.alert());

    assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
    InMemorySchemaRegistryClient.dropScope(scope);
  }

  @Test
  void configuredSerializerAndDeserializerMeetThroughTheMockScope() {
    String scope = "wire-scope-" + UUID.randomUUID();
    Map<String, Object> props = new HashMap<>();
    props.put(RegistryConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);
    props.put(RegistryConfig.AUTO_REGISTER_SCHEMAS, true);
    SpecificAvroSerde<Alert> producer = new SpecificAvroSerde<>(Alert.class);
    producer.configure(props, false);
    SpecificAvroSerde<Alert> consumer = new SpecificAvroSerde<>(Alert.class);
    consumer.configure(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, "mock://" + scope), false);

    assertThat(consumer.deserialize("alerts", producer.serialize("alerts", SampleRecords.alert())))
        .isEqualTo(SampleRecords.alert());
    InMemorySchemaRegistryClient.dropScope(scope);
  }

  @Test
  void unconfiguredSerdeSaysWhatIsMissing() {
    SpecificAvroSerde<Alert> serde = new SpecificAvroSerde<>(Alert.class);
    assertThatThrownBy(() -> serde.serialize("alerts", SampleRecords.alert()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not configured")
        .hasMessageContaining(RegistryConfig.SCHEMA_REGISTRY_URL);
  }

  @Test
  void registryIsAskedOncePerSubjectAndOncePerId() {
    CountingSchemaRegistryClient counting = new CountingSchemaRegistryClient(new InMemorySchemaRegistryClient());
    SpecificAvroSerde<Alert> producer =
        new SpecificAvroSerde<>(Alert.class, new CachingSchemaRegistryClient(counting), true, false);
    SpecificAvroSerde<Alert> consumer =
        new SpecificAvroSerde<>(Alert.class, new CachingSchemaRegistryClient(counting), false, false);

    for (int i = 0; i < 50; i++) {
      Alert alert = SampleRecords.alert();
      alert.setAlertId("alert-" + i);
      assertThat(consumer.deserialize("alerts", producer.serialize("alerts", alert))).isEqualTo(alert);
      assertThat(consumer.deserialize("alerts-replay", producer.serialize("alerts-replay", alert))).isEqualTo(alert);
    }

    assertThat(counting.calls("register", "alerts-value")).isEqualTo(1);
    assertThat(counting.calls("register", "alerts-replay-value")).isEqualTo(1);
    assertThat(counting.calls("lookUpId")).isZero();
    // Both subjects hold the same schema, so they share one global id, fetched once.
    assertThat(counting.calls("getById")).isEqualTo(1);
  }

  @Test
  void cachingClientRemembersIdsAndSchemasButNotLatestOrCompatibility() {
    CountingSchemaRegistryClient counting = new CountingSchemaRegistryClient(new InMemorySchemaRegistryClient());
    CachingSchemaRegistryClient caching = new CachingSchemaRegistryClient(counting);

    int id = caching.register("alerts-value", Alert.getClassSchema());
    assertThat(caching.register("alerts-value", Alert.getClassSchema())).isEqualTo(id);
    assertThat(caching.lookUpId("alerts-value", Alert.getClassSchema())).isEqualTo(id);
    assertThat(caching.getById(id)).isEqualTo(Alert.getClassSchema());
    caching.latest("alerts-value");
    caching.latest("alerts-value");
    caching.isCompatible("alerts-value", Alert.getClassSchema());
    caching.isCompatible("alerts-value", Alert.getClassSchema());

    assertThat(counting.calls("register", "alerts-value")).isEqualTo(1);
    assertThat(counting.calls("lookUpId")).isZero();
    assertThat(counting.calls("getById")).isZero();
    assertThat(counting.calls("latest", "alerts-value")).isEqualTo(2);
    assertThat(counting.calls("isCompatible", "alerts-value")).isEqualTo(2);
  }

  @Test
  void readerResolvesAnOlderWriterSchema() throws IOException {
    org.apache.avro.Schema olderPoint = new org.apache.avro.Schema.Parser().parse("""
        {"type":"record","name":"PvUvPoint","namespace":"io.cartpulse.avro","fields":[
          {"name":"day","type":"string"},
          {"name":"windowEnd","type":{"type":"long","logicalType":"timestamp-millis"}},
          {"name":"dimension","type":"string"},
          {"name":"pv","type":"int"},
          {"name":"uv","type":"int"},
          {"name":"retired","type":"string"}]}""");
    InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    int id = registry.register("pvuv-value", olderPoint);
    org.apache.avro.generic.GenericRecord old = new org.apache.avro.generic.GenericData.Record(olderPoint);
    old.put("day", "2019-10-01");
    old.put("windowEnd", 1569888060000L);
    old.put("dimension", "all");
    old.put("pv", 3);
    old.put("uv", 2);
    old.put("retired", "ignored by the new reader");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(ByteBuffer.allocate(4).putInt(id).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new org.apache.avro.generic.GenericDatumWriter<org.apache.avro.generic.GenericRecord>(olderPoint).write(old, encoder);
    encoder.flush();

    PvUvPoint point = new SpecificAvroSerde<>(PvUvPoint.class, registry, false, false)
        .deserialize("pvuv", out.toByteArray());

    assertThat(point.getPv()).isEqualTo(3L);
    assertThat(point.getUv()).isEqualTo(2L);
    assertThat(point.getDimension()).isEqualTo("all");
  }

  private static byte[] zigZagVarint(long value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long zigZag = (value << 1) ^ (value >> 63);
    while ((zigZag & ~0x7FL) != 0) {
      out.write((int) ((zigZag & 0x7F) | 0x80));
      zigZag >>>= 7;
    }
    out.write((int) zigZag);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static SpecificAvroSerde<Alert> registeredAlertSerde() {
    return new SpecificAvroSerde<>(Alert.class, new InMemorySchemaRegistryClient(), true, false);
  }

  private static <T extends SpecificRecord> byte[] plainAvro(T record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    @SuppressWarnings("unchecked")
    SpecificDatumWriter<T> writer = new SpecificDatumWriter<>((Class<T>) record.getClass());
    writer.write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
