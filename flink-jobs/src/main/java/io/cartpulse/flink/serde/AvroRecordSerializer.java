package io.cartpulse.flink.serde;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.PvUvPoint;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Kafka records for the job's outputs: an Avro value in the Confluent wire format and a UTF-8 key
 * that keeps related records in order on one partition (alerts: the userId, null for global
 * alerts; PV/UV points: the dimension).
 */
public class AvroRecordSerializer<T extends SpecificRecord> implements KafkaRecordSerializationSchema<T> {
  private static final long serialVersionUID = 1L;

  /** Picks the record key; serializable. */
  @FunctionalInterface
  public interface KeyOf<T> extends java.io.Serializable {
    String key(T record);
  }

  private final ConfluentAvroSerializationSchema<T> values;
  private final KeyOf<T> keyOf;

  public AvroRecordSerializer(ConfluentAvroSerializationSchema<T> values, KeyOf<T> keyOf) {
    this.values = values;
    this.keyOf = keyOf;
  }

  public static AvroRecordSerializer<Alert> alerts(String topic, Map<String, String> registryConfig) {
    return new AvroRecordSerializer<>(new ConfluentAvroSerializationSchema<>(Alert.class, topic, registryConfig),
        Alert::getUserId);
  }

  public static AvroRecordSerializer<PvUvPoint> pvuv(String topic, Map<String, String> registryConfig) {
    return new AvroRecordSerializer<>(new ConfluentAvroSerializationSchema<>(PvUvPoint.class, topic, registryConfig),
        PvUvPoint::getDimension);
  }

  @Override
  public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
    values.open(context);
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
    String key = keyOf.key(element);
    return new ProducerRecord<>(values.topic(), null, timestamp,
        key == null ? null : key.getBytes(StandardCharsets.UTF_8), values.serialize(element));
  }
}
