package io.cartpulse.flink.serde;

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
 * dead-letter topic. For the dead-letter topic it adds the same headers as the streams-app:
 * {@code cartpulse.dlq.reason}, {@code cartpulse.dlq.source.topic},
 * {@code cartpulse.dlq.source.partition}, {@code cartpulse.dlq.source.offset} (UTF-8 text).
 */
public class SourceRecordSerializer implements KafkaRecordSerializationSchema<SourcedClick> {
  private static final long serialVersionUID = 1L;

  public static final String REASON = "cartpulse.dlq.reason";
  public static final String SOURCE_TOPIC = "cartpulse.dlq.source.topic";
  public static final String SOURCE_PARTITION = "cartpulse.dlq.source.partition";
  public static final String SOURCE_OFFSET = "cartpulse.dlq.source.offset";

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
      headers.add(header(REASON, click.invalidReason));
      headers.add(header(SOURCE_TOPIC, click.topic));
      headers.add(header(SOURCE_PARTITION, Integer.toString(click.partition)));
      headers.add(header(SOURCE_OFFSET, Long.toString(click.offset)));
    }
    Long recordTimestamp = click.recordTimestamp >= 0 ? click.recordTimestamp : null;
    return new ProducerRecord<>(topic, null, recordTimestamp, click.key, click.value, headers);
  }

  private static Header header(String key, String value) {
    return new RecordHeader(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }
}
