package io.cartpulse.streams.metrics;

import io.cartpulse.avro.Alert;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Counts the alerts on their way to the sink, by type, and times those triggered by an input
 * record (see {@link TriggerTimes}); passes them on unchanged. It sits behind the rule processor so
 * the rules know nothing about metrics.
 */
public final class EmittedAlertsMeter<K> implements FixedKeyProcessor<K, Alert, Alert> {
  private final StreamsAppMetrics metrics;
  private final TriggerTimes times;
  private FixedKeyProcessorContext<K, Alert> context;
  private TriggerTimes.Slot slot;

  public EmittedAlertsMeter(StreamsAppMetrics metrics, TriggerTimes times) {
    this.metrics = metrics;
    this.times = times;
  }

  @Override
  public void init(FixedKeyProcessorContext<K, Alert> context) {
    this.context = context;
    this.slot = times.slot(context.taskId());
  }

  @Override
  public void process(FixedKeyRecord<K, Alert> record) {
    Alert alert = record.value();
    metrics.alertEmitted(alert.getType(), alert.getDetectedAt().toEpochMilli(), slot.triggeredAt);
    context.forward(record);
  }
}
