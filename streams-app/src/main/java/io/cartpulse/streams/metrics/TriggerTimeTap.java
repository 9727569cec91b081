package io.cartpulse.streams.metrics;

import io.cartpulse.streams.ingest.ClickDecodeProcessor;
import java.nio.ByteBuffer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Passes every click to the rules unchanged, holding the time its input record was produced
 * (header {@link ClickDecodeProcessor#HEADER_PRODUCED_AT}) in the task's {@link TriggerTimes} slot
 * while the rules process it.
 */
public final class TriggerTimeTap<K, V> implements FixedKeyProcessor<K, V, V> {
  private final TriggerTimes times;
  private FixedKeyProcessorContext<K, V> context;
  private TriggerTimes.Slot slot;

  public TriggerTimeTap(TriggerTimes times) {
    this.times = times;
  }

  @Override
  public void init(FixedKeyProcessorContext<K, V> context) {
    this.context = context;
    this.slot = times.slot(context.taskId());
  }

  @Override
  public void process(FixedKeyRecord<K, V> record) {
    slot.triggeredAt = producedAt(record.headers().lastHeader(ClickDecodeProcessor.HEADER_PRODUCED_AT));
    try {
      context.forward(record);
    } finally {
      slot.triggeredAt = TriggerTimes.NONE;
    }
  }

  private static long producedAt(Header header) {
    return header == null || header.value() == null || header.value().length != Long.BYTES
        ? TriggerTimes.NONE : ByteBuffer.wrap(header.value()).getLong();
  }
}
