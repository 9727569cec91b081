package io.cartpulse.local.kafka;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.PvUvPoint;
import io.cartpulse.contract.Topics;
import io.cartpulse.registry.RegistryConfig;
import io.cartpulse.registry.SpecificAvroSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the pipeline wrote, read back from the output topics with {@code read_committed}
 * consumers and decoded through the Schema Registry: what a downstream consumer would see.
 *
 * @param undecodable records of {@code alerts} or {@code pvuv} that could not be decoded (should be 0)
 */
public record PipelineOutput(List<Alert> alerts, List<PvUvPoint> pvuv, long dlq, long late, long undecodable) {

  public static PipelineOutput readBack(String bootstrapServers, String registryUrl, Duration timeout)
      throws TimeoutException {
    SpecificAvroSerde<Alert> alertSerde = valueSerde(Alert.class, registryUrl);
    SpecificAvroSerde<PvUvPoint> pvuvSerde = valueSerde(PvUvPoint.class, registryUrl);
    long undecodable = 0;
    List<Alert> alerts = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : TopicReader.readAll(bootstrapServers, Topics.ALERTS, timeout)) {
      if (!decodeInto(alertSerde, record, alerts)) {
        undecodable++;
      }
    }
    List<PvUvPoint> pvuv = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : TopicReader.readAll(bootstrapServers, Topics.PVUV, timeout)) {
      if (!decodeInto(pvuvSerde, record, pvuv)) {
        undecodable++;
      }
    }
    long dlq = TopicReader.readAll(bootstrapServers, Topics.CLICKSTREAM_DLQ, timeout).size();
    long late = TopicReader.readAll(bootstrapServers, Topics.CLICKSTREAM_LATE, timeout).size();
    return new PipelineOutput(List.copyOf(alerts), List.copyOf(pvuv), dlq, late, undecodable);
  }

  /** The decoded value, or null when the record has no value or cannot be decoded. */
  public static <T extends org.apache.avro.specific.SpecificRecord> T decode(SpecificAvroSerde<T> serde,
      ConsumerRecord<byte[], byte[]> record) {
    if (record.value() == null) {
      return null;
    }
    try {
      return serde.deserialize(record.topic(), record.value());
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Adds the decoded value to {@code into}; false when the record has no value or cannot be decoded. */
  public static <T extends org.apache.avro.specific.SpecificRecord> boolean decodeInto(SpecificAvroSerde<T> serde,
      ConsumerRecord<byte[], byte[]> record, java.util.Collection<? super T> into) {
    T value = decode(serde, record);
    return value != null && into.add(value);
  }

  /** A value serde for reading {@code type} through the registry at {@code registryUrl}. */
  public static <T extends org.apache.avro.specific.SpecificRecord> SpecificAvroSerde<T> valueSerde(Class<T> type,
      String registryUrl) {
    SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
    serde.configure(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, registryUrl), false);
    return serde;
  }
}
