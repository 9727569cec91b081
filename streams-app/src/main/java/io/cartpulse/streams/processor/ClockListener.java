package io.cartpulse.streams.processor;

import org.apache.kafka.streams.processor.TaskId;

/**
 * Told each value a task's event-time clock takes (ALERTS.md section 2): the one the task resumes
 * with and every advance. The clock-lag metric reads it; {@link #NONE} where nobody listens
 * (backtests, unit tests). Called on the stream thread, so it must be cheap and must not block.
 */
@FunctionalInterface
public interface ClockListener {
  ClockListener NONE = (task, clockMs) -> { };

  void onClock(TaskId task, long clockMs);
}
