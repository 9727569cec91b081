package io.cartpulse.flink.io;

import io.cartpulse.flink.model.SourcedClick;
import java.io.Serializable;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * The clock of ALERTS.md section 2 as Flink watermarks: the largest event time seen, minus a
 * bounded out-of-orderness delay (Flink's watermark W means "nothing at or before W will come",
 * so W = max - delay - 1). Results due at E are released when W reaches E; the rules keep
 * events at or after E apart from the result due at E, so this one-millisecond lag changes
 * when a result is emitted, never what it says.
 *
 * <p>A quiet input must not stall the clock, and a busy one must not outrun it. Once the subtask
 * reading a source partition has <em>waited for input</em> ({@link InputWaitClock}) for
 * {@code idleMs} since the partition's last event, the partition is quiet: its clock joins the
 * largest event time the subtask has seen (ALERTS.md section 2: the clock is the largest event time
 * seen, not the partition's) and runs on with wall time since the partition's last event; a
 * partition that has never had an event marks itself idle (so it does not hold the others back)
 * once the subtask, after its first record, has waited {@code idleMs}. Waiting is what proves a
 * partition quiet: wall time alone also passes while the subtask is busy emitting another
 * partition's backlog, is backpressured, or has not fetched this partition yet - and a clock
 * moved on then would turn the partition's queued events into late events. {@code idleMs = 0}
 * disables both (backtests: the input is finite and complete). Invalid records never move the clock.
 */
public final class ClickWatermarks {
  private ClickWatermarks() {}

  /** Wall-clock time source (a test can drive it). */
  @FunctionalInterface
  public interface WallClock extends Serializable {
    long now();
  }

  /**
   * For an input whose reader is not wrapped in an {@link InputWaitTrackingSource}: every
   * wall-clock millisecond counts as waiting (use with {@code idleMs = 0}, or for inputs that are
   * always caught up).
   */
  public static WatermarkStrategy<SourcedClick> strategy(long delayMs, long idleMs) {
    return strategy(delayMs, idleMs, System::currentTimeMillis, InputWaitClock.untracked(System::currentTimeMillis));
  }

  /** For a source wrapped in an {@link InputWaitTrackingSource} that drives {@code input}. */
  public static WatermarkStrategy<SourcedClick> strategy(long delayMs, long idleMs, InputWaitClock input) {
    return strategy(delayMs, idleMs, System::currentTimeMillis, input);
  }

  public static WatermarkStrategy<SourcedClick> strategy(long delayMs, long idleMs, WallClock wallClock,
      InputWaitClock input) {
    return WatermarkStrategy.<SourcedClick>forGenerator(context -> new Generator(delayMs, idleMs, wallClock, input))
        .withTimestampAssigner((click, recordTimestamp) -> click.isValid() ? click.eventTime() : Long.MIN_VALUE);
  }

  /** Per-partition generator; see the class comment. */
  public static final class Generator implements WatermarkGenerator<SourcedClick> {
    private static final long UNSET = Long.MIN_VALUE;

    private final long delayMs;
    private final long idleMs;
    private final WallClock wallClock;
    private final InputWaitClock input;
    private long maxTimestamp = Long.MIN_VALUE;
    private long lastEventWallTime;
    private long waitedAtLastEvent;
    /** For a partition without events: the input's waited time when it was first seen to have records. */
    private long waitedWhenInputStarted = UNSET;

    public Generator(long delayMs, long idleMs, WallClock wallClock, InputWaitClock input) {
      this.delayMs = delayMs;
      this.idleMs = idleMs;
      this.wallClock = wallClock;
      this.input = input;
    }

    @Override
    public void onEvent(SourcedClick click, long eventTimestamp, WatermarkOutput output) {
      input.recordSeen();
      if (!click.isValid()) {
        return;
      }
      if (eventTimestamp > maxTimestamp) {
        maxTimestamp = eventTimestamp;
      }
      input.eventTime(eventTimestamp);
      if (idleMs > 0) {
        lastEventWallTime = wallClock.now();
        waitedAtLastEvent = input.waitedMillis();
      }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      if (maxTimestamp == Long.MIN_VALUE) {
        if (idleMs > 0 && input.hadRecords()) {
          long waited = input.waitedMillis();
          if (waitedWhenInputStarted == UNSET) {
            waitedWhenInputStarted = waited;
          }
          if (waited - waitedWhenInputStarted >= idleMs) {
            output.markIdle();
          }
        }
        return;
      }
      long clock = maxTimestamp;
      long progress = 0;
      if (idleMs > 0 && input.waitedMillis() - waitedAtLastEvent >= idleMs) {
        // Quiet: nothing of this partition is queued, so nothing before the subtask's clock can come from it.
        clock = Math.max(maxTimestamp, input.largestEventTime());
        progress = Math.max(0, wallClock.now() - lastEventWallTime);
      }
      output.emitWatermark(new Watermark(clock - delayMs - 1 + progress));
    }
  }
}
