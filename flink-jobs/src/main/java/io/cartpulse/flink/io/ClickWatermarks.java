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
 * <p>A quiet input must not stall the clock: once a source partition has seen no event for
 * {@code idleMs} of wall time, its clock runs on with wall time since its last event. A partition
 * that has never had an event marks itself idle after {@code idleMs} so it does not hold the
 * others back. {@code idleMs = 0} disables both (backtests: the input is finite and complete).
 * Invalid records never move the clock.
 */
public final class ClickWatermarks {
  private ClickWatermarks() {}

  /** Wall-clock time source (a test can drive it). */
  @FunctionalInterface
  public interface WallClock extends Serializable {
    long now();
  }

  public static WatermarkStrategy<SourcedClick> strategy(long delayMs, long idleMs) {
    return strategy(delayMs, idleMs, System::currentTimeMillis);
  }

  public static WatermarkStrategy<SourcedClick> strategy(long delayMs, long idleMs, WallClock wallClock) {
    return WatermarkStrategy.<SourcedClick>forGenerator(context -> new Generator(delayMs, idleMs, wallClock))
        .withTimestampAssigner((click, recordTimestamp) -> click.isValid() ? click.eventTime() : Long.MIN_VALUE);
  }

  /** Per-partition generator; see the class comment. */
  public static final class Generator implements WatermarkGenerator<SourcedClick> {
    private final long delayMs;
    private final long idleMs;
    private final WallClock wallClock;
    private long maxTimestamp = Long.MIN_VALUE;
    private long lastEventWallTime;
    private final long createdWallTime;

    public Generator(long delayMs, long idleMs, WallClock wallClock) {
      this.delayMs = delayMs;
      this.idleMs = idleMs;
      this.wallClock = wallClock;
      this.createdWallTime = wallClock.now();
    }

    @Override
    public void onEvent(SourcedClick click, long eventTimestamp, WatermarkOutput output) {
      if (!click.isValid()) {
        return;
      }
      if (eventTimestamp > maxTimestamp) {
        maxTimestamp = eventTimestamp;
      }
      if (idleMs > 0) {
        lastEventWallTime = wallClock.now();
      }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      if (maxTimestamp == Long.MIN_VALUE) {
        if (idleMs > 0 && wallClock.now() - createdWallTime >= idleMs) {
          output.markIdle();
        }
        return;
      }
      long progress = 0;
      if (idleMs > 0) {
        long quiet = wallClock.now() - lastEventWallTime;
        if (quiet >= idleMs) {
          progress = quiet;
        }
      }
      output.emitWatermark(new Watermark(maxTimestamp - delayMs - 1 + progress));
    }
  }
}
