package io.cartpulse.streams.ingest;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.click.ClickValidator;
import io.cartpulse.click.ClickValidator.Defect;
import io.cartpulse.contract.DeadLetterHeaders;
import io.cartpulse.registry.RegistryOutage;
import io.cartpulse.streams.metrics.StreamsAppMetrics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Turns raw input bytes into valid {@link ClickEvent}s (ALERTS.md section 1). A record that cannot
 * be decoded, or decodes to an invalid event, is forwarded as a dead-letter record: the original
 * key and value bytes, the original headers, plus the {@link DeadLetterHeaders} (the reason and the
 * source topic, partition and offset). Nothing is dropped and nothing stops the application. While the
 * Schema Registry cannot answer, decoding waits for it ({@link RegistryOutage}): an outage is not the
 * record's fault (under exactly-once a long wait aborts the open transaction and the records are
 * processed again, never twice).
 *
 * <p>Valid events are normalized (empty optional strings become null) and re-stamped with their
 * event time, so downstream stream time (and the repartition topic's timestamps) is event time.
 * Counts are exposed as the {@code dlq-records} sensor (rate and total, group
 * {@code stream-cartpulse-metrics}) plus {@code dlq-undecodable} and {@code dlq-invalid}, and by
 * reason ({@link Defect}) as {@link StreamsAppMetrics#DLQ_RECORDS}.
 *
 * <p>A valid event leaves with the header {@link #HEADER_PRODUCED_AT}: the input record's own
 * timestamp (its produce time), which the re-stamping replaces and the alert latency needs.
 */
public final class ClickDecodeProcessor implements Processor<byte[], byte[], byte[], DecodedClick> {
  /** On valid events: the input record's timestamp, 8 bytes big-endian (travels through the repartition topic). */
  public static final String HEADER_PRODUCED_AT = "cartpulse.produced-at";


  public static final String METRICS_SCOPE = "cartpulse";
  public static final String DLQ_SENSOR = "dlq-records";
  public static final String UNDECODABLE_SENSOR = "dlq-undecodable";
  public static final String INVALID_SENSOR = "dlq-invalid";

  private final Deserializer<ClickEvent> deserializer;
  private final String defaultTopic;
  private final StreamsAppMetrics metrics;
  private ProcessorContext<byte[], DecodedClick> context;
  private Sensor dlqSensor;
  private Sensor undecodableSensor;
  private Sensor invalidSensor;

  public ClickDecodeProcessor(Deserializer<ClickEvent> deserializer, String inputTopic) {
    this(deserializer, inputTopic, StreamsAppMetrics.disabled());
  }

  public ClickDecodeProcessor(Deserializer<ClickEvent> deserializer, String inputTopic, StreamsAppMetrics metrics) {
    this.deserializer = deserializer;
    this.defaultTopic = inputTopic;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<byte[], DecodedClick> context) {
    this.context = context;
    String entity = "click-decode-" + context.taskId();
    dlqSensor = context.metrics().addRateTotalSensor(METRICS_SCOPE, entity, DLQ_SENSOR, Sensor.RecordingLevel.INFO);
    undecodableSensor = context.metrics()
        .addRateTotalSensor(METRICS_SCOPE, entity, UNDECODABLE_SENSOR, Sensor.RecordingLevel.INFO);
    invalidSensor = context.metrics()
        .addRateTotalSensor(METRICS_SCOPE, entity, INVALID_SENSOR, Sensor.RecordingLevel.INFO);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    Optional<RecordMetadata> metadata = context.recordMetadata();
    String topic = metadata.map(RecordMetadata::topic).orElse(defaultTopic);
    ClickEvent event;
    ClickValidator.Invalid invalid;
    try {
      // A registry outage says nothing about the record: wait it out rather than dead-letter valid input.
      event = RegistryOutage.retry(() -> deserializer.deserialize(topic, record.value()),
          "decoding a record of " + topic);
      invalid = event == null ? new ClickValidator.Invalid(Defect.EMPTY, "empty record (null value)")
          : ClickValidator.check(event);
    } catch (SerializationException e) {
      event = null;
      invalid = new ClickValidator.Invalid(Defect.UNDECODABLE, "undecodable: " + e.getMessage());
    }
    if (invalid == null) {
      ClickValidator.normalize(event);
      Headers headers = new RecordHeaders(record.headers().toArray());
      headers.remove(HEADER_PRODUCED_AT);
      headers.add(HEADER_PRODUCED_AT, ByteBuffer.allocate(Long.BYTES).putLong(record.timestamp()).array());
      context.forward(record.withValue(new DecodedClick(event, record.value()))
          .withTimestamp(event.getEventTime().toEpochMilli()).withHeaders(headers));
      return;
    }
    String reason = invalid.reason();
    boolean undecodable = invalid.defect() == Defect.UNDECODABLE;
    Headers headers = new RecordHeaders(record.headers().toArray());
    headers.add(DeadLetterHeaders.REASON, utf8(reason));
    headers.add(DeadLetterHeaders.SOURCE_TOPIC, utf8(topic));
    headers.add(DeadLetterHeaders.SOURCE_PARTITION,
        utf8(metadata.map(m -> String.valueOf(m.partition())).orElse("-1")));
    headers.add(DeadLetterHeaders.SOURCE_OFFSET, utf8(metadata.map(m -> String.valueOf(m.offset())).orElse("-1")));
    long now = context.currentSystemTimeMs();
    dlqSensor.record(1, now);
    (undecodable ? undecodableSensor : invalidSensor).record(1, now);
    metrics.deadLettered(invalid.defect());
    context.forward(record.withValue(new DecodedClick(null, record.value())).withHeaders(headers));
  }

  @Override
  public void close() {
    if (context != null) {
      context.metrics().removeSensor(dlqSensor);
      context.metrics().removeSensor(undecodableSensor);
      context.metrics().removeSensor(invalidSensor);
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
