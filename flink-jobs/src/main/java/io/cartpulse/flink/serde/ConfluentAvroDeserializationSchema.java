package io.cartpulse.flink.serde;

import io.cartpulse.registry.AvroWireCodec;
import io.cartpulse.registry.RegistryConfig;
import io.cartpulse.registry.SchemaRegistryClients;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/**
 * Reads one specific Avro type in the Confluent wire format through the shared
 * {@link AvroWireCodec}, so Flink and Kafka Streams decode the same bytes the same way. The
 * registry client is created in {@link #open} on the task (the schema itself holds only its
 * serializable config). Undecodable bytes throw Kafka's SerializationException naming the topic
 * and the reason; callers that route failures to a dead-letter topic catch it.
 */
public class ConfluentAvroDeserializationSchema<T extends SpecificRecordBase> implements DeserializationSchema<T> {
  private static final long serialVersionUID = 1L;

  private final Class<T> type;
  private final String topic;
  private final HashMap<String, String> registryConfig;
  private transient AvroWireCodec<T> codec;

  public ConfluentAvroDeserializationSchema(Class<T> type, String topic, Map<String, String> registryConfig) {
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
      codec = new AvroWireCodec<>(SchemaRegistryClients.create(registryConfig), type, false);
    }
    return codec;
  }

  @Override
  public T deserialize(byte[] message) {
    return codec().decode(topic, message);
  }

  /** Decodes bytes read from {@code sourceTopic} (named in error messages). */
  public T deserialize(String sourceTopic, byte[] message) {
    return codec().decode(sourceTopic, message);
  }

  @Override
  public boolean isEndOfStream(T nextElement) {
    return false;
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return new AvroTypeInfo<>(type);
  }
}
