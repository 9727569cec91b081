package io.cartpulse.streams.metrics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.kafka.streams.processor.TaskId;

/**
 * Per task, the timestamp of the input record the rule processor is working on, shared by
 * {@link TriggerTimeTap} (in front of the rules) and {@link EmittedAlertsMeter} (behind them).
 * Kafka Streams processes a record depth-first on the task's thread, so an alert that reaches the
 * meter while the tap holds a time was triggered by that record; outside a record (punctuations)
 * the slot holds {@link #NONE}.
 */
public final class TriggerTimes {
  public static final long NONE = Long.MIN_VALUE;

  private final ConcurrentMap<TaskId, Slot> slots = new ConcurrentHashMap<>();

  Slot slot(TaskId task) {
    return slots.computeIfAbsent(task, t -> new Slot());
  }

  static final class Slot {
    /** Volatile: a task may move to another stream thread of this instance after a rebalance. */
    volatile long triggeredAt = NONE;
  }
}
