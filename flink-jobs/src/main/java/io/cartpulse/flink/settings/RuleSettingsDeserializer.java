package io.cartpulse.flink.settings;

import io.cartpulse.avro.RuleSettings;
import io.cartpulse.flink.serde.ConfluentAvroDeserializationSchema;
import java.util.Map;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records of {@code rule-settings}: a record that cannot be decoded is logged and skipped (the job
 * keeps running on the versions it has); {@link SettingsStreams#validated} then drops the decodable
 * ones that are not valid versions.
 */
public class RuleSettingsDeserializer implements KafkaRecordDeserializationSchema<RuleSettings> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(RuleSettingsDeserializer.class);

  private final ConfluentAvroDeserializationSchema<RuleSettings> values;

  public RuleSettingsDeserializer(String topic, Map<String, String> registryConfig) {
    this.values = new ConfluentAvroDeserializationSchema<>(RuleSettings.class, topic, registryConfig);
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) throws Exception {
    values.open(context);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RuleSettings> out) {
    if (record.value() == null) {
      return; // a tombstone: versions are never taken back
    }
    try {
      out.collect(values.deserialize(record.topic(), record.value()));
    } catch (RuntimeException e) {
      LOG.warn("rule-settings: skipped a record that cannot be decoded (partition {}, offset {}): {}",
          record.partition(), record.offset(), e.getMessage());
    }
  }

  @Override
  public TypeInformation<RuleSettings> getProducedType() {
    return SettingsStreams.TYPE;
  }
}
