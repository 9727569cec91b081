package io.cartpulse.flink.serde;

import io.cartpulse.contract.DeadLetterHeaders;
import io.cartpulse.flink.model.SourcedClick;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Writes an input record back out unchanged (key, value, headers, timestamp) to the late or the
 * dead-letter topic. For the dead-letter topic it adds the {@link DeadLetterHeaders}, as the
 * streams-app does.
 */
public class SourceRecordSerializer implements KafkaRecordSerializationSchema<SourcedClick> {
  private static final long serialVersionUID = 1L;

  private final String topic;
  private final boolean deadLetter;

  private SourceRecordSerializer(String topic, boolean deadLetter) {
    this.topic = topic;
    this.deadLetter = deadLetter;
  }

  public static SourceRecordSerializer deadLetter(String topic) {
    return new SourceRecordSerializer(topic, true);
  }

  public static SourceRecordSerializer late(String topic) {
    return new SourceRecordSerializer(topic, false);
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(SourcedClick click, KafkaSinkContext context, Long timestamp) {
    List<Header> headers = new ArrayList<>();
    if (click.headerKeys != null) {
      for (int i = 0; i < click.headerKeys.length; i++) {
        headers.add(new RecordHeader(click.headerKeys[i], click.headerValues[i]));
      }
    }
    if (deadLetter) {
      headers.add(header(DeadLetterHeaders.REASON, click.invalidReason));
      headers.add(header(DeadLetterHeaders.SOURCE_TOPIC, click.topic));
      headers.add(header(DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(click.partition)));
      headers.add(header(DeadLetterHeaders.SOURCE_OFFSET, Long.toString(click.offset)));
    }
    Long recordTimestamp = click.recordTimestamp >= 0 ? click.recordTimestamp : null;
    return new ProducerRecord<>(topic, null, recordTimestamp, click.key, click.value, headers);
  }

  private static Header header(String key, String value) {
    return new RecordHeader(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }
}
