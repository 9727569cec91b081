package io.cartpulse.streams.products;

import io.cartpulse.avro.InventoryLevel;
import io.cartpulse.contract.DeadLetterHeaders;
import io.cartpulse.inventory.InventoryValidator;
import io.cartpulse.inventory.InventoryValidator.Defect;
import io.cartpulse.registry.RegistryOutage;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Turns raw {@code inventory} records into valid {@link InventoryLevel}s (ALERTS.md section 7, with
 * section 1's rules): one that cannot be decoded or is invalid leaves as a dead letter, the original
 * bytes and headers plus the {@link DeadLetterHeaders}, exactly like an invalid click. Valid levels
 * are re-stamped with their event time.
 */
public final class InventoryDecodeProcessor implements Processor<byte[], byte[], byte[], InventoryDecodeProcessor.Decoded> {
  /** A decoded record: the level when valid, else null; the original value either way. */
  public record Decoded(InventoryLevel level, byte[] originalValue) {
    public boolean isValid() {
      return level != null;
    }
  }

  private final Deserializer<InventoryLevel> deserializer;
  private final String defaultTopic;
  private ProcessorContext<byte[], Decoded> context;

  public InventoryDecodeProcessor(Deserializer<InventoryLevel> deserializer, String inventoryTopic) {
    this.deserializer = deserializer;
    this.defaultTopic = inventoryTopic;
  }

  @Override
  public void init(ProcessorContext<byte[], Decoded> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    Optional<RecordMetadata> metadata = context.recordMetadata();
    String topic = metadata.map(RecordMetadata::topic).orElse(defaultTopic);
    InventoryLevel level;
    InventoryValidator.Invalid invalid;
    try {
      // A registry outage says nothing about the record: wait it out rather than dead-letter valid input.
      level = RegistryOutage.retry(() -> deserializer.deserialize(topic, record.value()),
          "decoding a record of " + topic);
      invalid = level == null ? new InventoryValidator.Invalid(Defect.EMPTY, "empty record (null value)")
          : InventoryValidator.check(level);
    } catch (SerializationException e) {
      level = null;
      invalid = new InventoryValidator.Invalid(Defect.UNDECODABLE, "undecodable: " + e.getMessage());
    }
    if (invalid == null) {
      context.forward(record.withValue(new Decoded(level, record.value()))
          .withTimestamp(level.getEventTime().toEpochMilli()));
      return;
    }
    Headers headers = new RecordHeaders(record.headers().toArray());
    headers.add(DeadLetterHeaders.REASON, utf8(invalid.reason()));
    headers.add(DeadLetterHeaders.SOURCE_TOPIC, utf8(topic));
    headers.add(DeadLetterHeaders.SOURCE_PARTITION,
        utf8(metadata.map(m -> String.valueOf(m.partition())).orElse("-1")));
    headers.add(DeadLetterHeaders.SOURCE_OFFSET, utf8(metadata.map(m -> String.valueOf(m.offset())).orElse("-1")));
    context.forward(record.withValue(new Decoded(null, record.value())).withHeaders(headers));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
