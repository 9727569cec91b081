package io.cartpulse.local.source;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Decides when each click may be produced: as fast as possible, at a fixed rate (the synthetic
 * shop), or at a multiple of the recorded pace (a replay: an event t ms after the first one goes
 * out t / speed ms after the replay started).
 */
public abstract class Pacer {
  private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** No waiting at all. */
  public static Pacer unlimited() {
    return new Pacer() {
      @Override
      long dueNanos(long index, long eventTimeMillis) {
        return Long.MIN_VALUE;
      }

      @Override
      public String describe() {
        return "as fast as possible";
      }
    };
  }

  /** {@code perSecond} clicks per wall-clock second. */
  public static Pacer rate(double perSecond) {
    if (!(perSecond > 0)) {
      throw new IllegalArgumentException("rate must be > 0, got " + perSecond);
    }
    double nanosPerClick = TimeUnit.SECONDS.toNanos(1) / perSecond;
    return new Pacer() {
      @Override
      long dueNanos(long index, long eventTimeMillis) {
        return start + (long) (index * nanosPerClick);
      }

      @Override
      public String describe() {
        return String.format("%.0f events/s", perSecond);
      }
    };
  }

  /** Event time replayed {@code speed} times faster than it was recorded. */
  public static Pacer eventTime(double speed) {
    if (!(speed > 0)) {
      throw new IllegalArgumentException("speed must be > 0, got " + speed);
    }
    return new Pacer() {
      private long firstEventTime = Long.MIN_VALUE;
      private long lastDue = Long.MIN_VALUE;

      @Override
      long dueNanos(long index, long eventTimeMillis) {
        if (eventTimeMillis < 0) {
          // A row without a time (invalid) goes out right after its predecessor.
          return lastDue;
        }
        if (firstEventTime == Long.MIN_VALUE) {
          firstEventTime = eventTimeMillis;
        }
        double offsetNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, eventTimeMillis - firstEventTime)) / speed;
        lastDue = Math.max(lastDue, start + (long) Math.min(offsetNanos, Long.MAX_VALUE / 4.0));
        return lastDue;
      }

      @Override
      public String describe() {
        return String.format("%sx recorded speed", speed == Math.rint(speed) ? String.valueOf((long) speed)
            : String.valueOf(speed));
      }
    };
  }

  long start = Long.MIN_VALUE;
  private long index;

  /** When the click number {@code index} (0-based) with this event time is due, in System.nanoTime terms. */
  abstract long dueNanos(long index, long eventTimeMillis);

  public abstract String describe();

  /**
   * Waits until the next click is due; returns false without waiting further when {@code stop}
   * becomes true.
   */
  public boolean awaitNext(long eventTimeMillis, BooleanSupplier stop) {
    if (start == Long.MIN_VALUE) {
      start = System.nanoTime();
    }
    long due = dueNanos(index++, eventTimeMillis);
    if (due == Long.MIN_VALUE) {
      return !stop.getAsBoolean();
    }
    while (true) {
      if (stop.getAsBoolean()) {
        return false;
      }
      long wait = due - System.nanoTime();
      if (wait <= 0) {
        return true;
      }
      LockSupport.parkNanos(Math.min(wait, MAX_PARK_NANOS));
    }
  }
}
