package io.cartpulse.contract;

/**
 * The clock of a backtest (docs/ALERTS.md section 2): over a finite input it is the largest event
 * time seen, and it stops at {@code T_end}, the largest event time of the whole input. A result due
 * at time {@code E} (an alert's {@code eventTime}, a PV/UV point's {@code windowEnd}) is emitted when
 * {@code E <= T_end}; one due later never is. An input without a valid event emits nothing.
 *
 * <p>Feed every valid event time to {@link #advance}; ask {@link #emits} once the input is read.
 */
public final class BacktestClock {
  private long tEnd = Long.MIN_VALUE;
  private boolean anyEvent;

  /** Moves the clock to {@code eventTime} if that is later (an earlier time never moves it back). */
  public void advance(long eventTime) {
    tEnd = anyEvent ? Math.max(tEnd, eventTime) : eventTime;
    anyEvent = true;
  }

  /** Whether the input had at least one valid event. */
  public boolean hasEvents() {
    return anyEvent;
  }

  /** {@code T_end} (epoch ms), or null for an input without a valid event. */
  public Long tEnd() {
    return anyEvent ? tEnd : null;
  }

  /** Whether a result due at {@code dueTime} is emitted: {@code dueTime <= T_end}. */
  public boolean emits(long dueTime) {
    return anyEvent && emits(dueTime, tEnd);
  }

  /** The cut-off itself: a result due at {@code dueTime} is emitted when the clock stops at {@code tEnd}. */
  public static boolean emits(long dueTime, long tEnd) {
    return dueTime <= tEnd;
  }
}
