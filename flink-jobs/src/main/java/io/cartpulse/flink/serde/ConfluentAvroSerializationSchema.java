package io.cartpulse.flink.serde;

import io.cartpulse.registry.AvroWireCodec;
import io.cartpulse.registry.RegistryConfig;
import io.cartpulse.registry.SchemaRegistryClients;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * Writes one specific Avro type in the Confluent wire format (subject {@code <topic>-value})
 * through the shared {@link AvroWireCodec}. {@code auto.register.schemas} is honoured as in
 * Confluent's serializer (default false: the schema must already be registered). The registry
 * client is created in {@link #open}; the config is validated when the schema is built, so a
 * missing {@code schema.registry.url} fails at job build time, not on the cluster.
 */
public class ConfluentAvroSerializationSchema<T extends SpecificRecord> implements SerializationSchema<T> {
  private static final long serialVersionUID = 1L;

  private final Class<T> type;
  private final String topic;
  private final HashMap<String, String> registryConfig;
  private transient AvroWireCodec<T> codec;

  public ConfluentAvroSerializationSchema(Class<T> type, String topic, Map<String, String> registryConfig) {
    this.type = type;
    this.topic = topic;
    this.registryConfig = new HashMap<>(registryConfig);
    RegistryConfig.from(this.registryConfig);
  }

  @Override
  public void open(InitializationContext context) {
    codec();
  }

  private AvroWireCodec<T> codec() {
    if (codec == null) {
      RegistryConfig config = RegistryConfig.from(registryConfig);
      codec = new AvroWireCodec<>(SchemaRegistryClients.create(config), type, config.autoRegisterSchemas());
    }
    return codec;
  }

  @Override
  public byte[] serialize(T element) {
    return codec().encode(topic, false, element);
  }

  public String topic() {
    return topic;
  }
}
