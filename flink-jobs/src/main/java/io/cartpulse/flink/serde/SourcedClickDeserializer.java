package io.cartpulse.flink.serde;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.click.ClickValidator;
import io.cartpulse.flink.model.SourcedClick;
import io.cartpulse.registry.RegistryOutage;
import java.util.Map;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Turns every clickstream record into a {@link SourcedClick}: never throws, never drops. A record
 * that cannot be decoded, or decodes to an invalid click (ClickValidator), keeps its reason and its
 * original key, value, headers and coordinates for the dead-letter topic; a valid one is
 * normalised (empty optional strings become null). Decoding here, inside the Kafka source, lets
 * the source assign watermarks per partition. While the Schema Registry cannot answer, decoding
 * waits for it ({@link RegistryOutage}): an outage is not the record's fault.
 */
public class SourcedClickDeserializer implements KafkaRecordDeserializationSchema<SourcedClick> {
  private static final long serialVersionUID = 1L;

  private final ConfluentAvroDeserializationSchema<ClickEvent> values;

  public SourcedClickDeserializer(String topic, Map<String, String> registryConfig) {
    this.values = new ConfluentAvroDeserializationSchema<>(ClickEvent.class, topic, registryConfig);
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    values.open(context);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SourcedClick> out) {
    SourcedClick click = decode(values, record);
    out.collect(click);
  }

  static SourcedClick decode(ConfluentAvroDeserializationSchema<ClickEvent> values,
      ConsumerRecord<byte[], byte[]> record) {
    SourcedClick click = new SourcedClick();
    try {
      // A registry outage says nothing about the record: wait it out rather than dead-letter valid input.
      ClickEvent event = RegistryOutage.retry(() -> values.deserialize(record.topic(), record.value()),
          "decoding a record of " + record.topic());
      String reason = ClickValidator.invalidReason(event);
      if (reason == null) {
        click.event = ClickValidator.normalize(event);
      } else {
        click.invalidReason = reason;
      }
    } catch (RuntimeException e) {
      click.invalidReason = e.getMessage() == null ? e.toString() : e.getMessage();
    }
    click.topic = record.topic();
    click.partition = record.partition();
    click.offset = record.offset();
    click.recordTimestamp = record.timestamp();
    click.key = record.key();
    click.value = record.value();
    Header[] headers = record.headers().toArray();
    if (headers.length > 0) {
      click.headerKeys = new String[headers.length];
      click.headerValues = new byte[headers.length][];
      for (int i = 0; i < headers.length; i++) {
        click.headerKeys[i] = headers[i].key();
        click.headerValues[i] = headers[i].value();
      }
    }
    return click;
  }

  @Override
  public TypeInformation<SourcedClick> getProducedType() {
    return TypeInformation.of(SourcedClick.class);
  }
}
