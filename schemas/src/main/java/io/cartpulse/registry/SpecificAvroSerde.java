package io.cartpulse.registry;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka {@link Serde} for one specific Avro type in the Confluent wire format, configured with
 * Confluent's keys ({@code schema.registry.url}, {@code auto.register.schemas},
 * {@code specific.avro.reader}). Use it like Confluent's {@code SpecificAvroSerde}:
 * {@code new SpecificAvroSerde<>(Alert.class)} then {@code configure(props, false)}.
 */
public final class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

  private final Class<T> type;
  private SchemaRegistryClient registry;
  private AvroWireCodec<T> codec;
  private boolean isKey;

  public SpecificAvroSerde(Class<T> type) {
    this.type = type;
  }

  /** A serde already bound to a client (tests, backtests); {@code configure} is then optional. */
  public SpecificAvroSerde(Class<T> type, SchemaRegistryClient registry, boolean autoRegister, boolean isKey) {
    this.type = type;
    this.registry = registry;
    this.codec = new AvroWireCodec<>(registry, type, autoRegister);
    this.isKey = isKey;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    RegistryConfig config = RegistryConfig.from(configs);
    if (!config.specificAvroReader()) {
      throw new ConfigException(RegistryConfig.SPECIFIC_AVRO_READER, false,
          "SpecificAvroSerde<" + type.getSimpleName() + "> always reads specific records; leave it true");
    }
    this.registry = SchemaRegistryClients.create(config);
    this.codec = new AvroWireCodec<>(registry, type, config.autoRegisterSchemas());
    this.isKey = isKey;
  }

  public AvroWireCodec<T> codec() {
    return requireConfigured();
  }

  @Override
  public byte[] serialize(String topic, T data) {
    return requireConfigured().encode(topic, isKey, data);
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    return requireConfigured().decode(topic, data);
  }

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }

  @Override
  public void close() {
    // The client may be shared (mock:// scopes, the caching wrapper); its owner closes it.
  }

  private AvroWireCodec<T> requireConfigured() {
    if (codec == null) {
      throw new IllegalStateException("SpecificAvroSerde<" + type.getSimpleName()
          + "> is not configured: call configure(props, isKey) with " + RegistryConfig.SCHEMA_REGISTRY_URL);
    }
    return codec;
  }
}
