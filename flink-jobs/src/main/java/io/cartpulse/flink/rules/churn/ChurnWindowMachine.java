package io.cartpulse.flink.rules.churn;

import io.cartpulse.click.EventType;
import io.cartpulse.flink.model.ChurnWindow;
import java.io.Serializable;

/**
 * CHURN_RISK's window bookkeeping for one user (ALERTS.md section 4), the one state machine both
 * implementations run ({@link ChurnWindowAssigner} in front of the CEP operator, and
 * {@link ChurnRiskProcessFunction}). Pure Java: the state is the {@link ChurnWindow} value the
 * caller keeps per user (Flink keyed state), and the caller is told when to come back
 * ({@link Step#wakeUp()}, a Flink event-time timer).
 *
 * <ul>
 *   <li>A {@code view} while no window is open opens one at {@code w0 = t}, covering
 *       {@code [w0, w0 + window)}; each view in it counts.
 *   <li>A {@code purchase} in the window discards it; a purchase with no open window changes
 *       nothing but the user's clock.
 *   <li>When the clock reaches {@code w0 + window} (an event at {@code t >= w0 + window}, before
 *       that event is evaluated, or {@link #onClock}) the window closes with its views, not
 *       discarded: a {@link ClosedWindow}. Whether it alerts is not decided here
 *       ({@link ChurnAlertDecision}).
 *   <li>Other event types are not for this machine ({@link #reads}).
 * </ul>
 *
 * <p>Each user's events are taken in arrival order at {@code max(t, the user's largest event
 * time so far)} (the user's clock, kept in the state), so a late-arriving earlier event never
 * reopens the past (CONTRACT-TESTS.md "Deliberate limits").
 */
public final class ChurnWindowMachine implements Serializable {
  private static final long serialVersionUID = 1L;

  /** No time: nothing to cancel, nothing to wake up for. */
  public static final long NONE = Long.MIN_VALUE;

  private final long windowMs;

  public ChurnWindowMachine(long windowMs) {
    if (windowMs <= 0) {
      throw new IllegalArgumentException("churn window must be positive, was " + windowMs + " ms");
    }
    this.windowMs = windowMs;
  }

  public long windowMs() {
    return windowMs;
  }

  /** Only views and purchases change a churn window; carts and removals are not read at all. */
  public static boolean reads(EventType type) {
    return type == EventType.VIEW || type == EventType.PURCHASE;
  }

  /** What a view or purchase did to the window. */
  public enum Change {
    /** The view opened a window ({@link Step#windowStart()} = its time, 1 view). */
    OPENED,
    /** The view counted in the open window ({@link Step#views()} so far). */
    COUNTED,
    /** The purchase discarded the open window (its start and views in the step). */
    DISCARDED,
    /** A purchase with no open window. */
    NONE
  }

  /** A window that reached its end: {@code [start, end)} closed with {@code views} views, not discarded. */
  public record ClosedWindow(long start, long end, int views) {}

  /**
   * The outcome of one view or purchase.
   *
   * @param closed the window that had ended before this event ({@code t >= w0 + window}), closed
   *     first; null if none
   * @param change what the event itself did
   * @param time the user's clock at this event (its event time, or later for an event that
   *     arrived after a later one)
   * @param windowStart start of the window the event opened, counted in or discarded; {@link #NONE}
   * @param views views of that window after the event (opened: 1; discarded: those it had)
   * @param cancelledWakeUp a wake-up time given earlier that is void now (the end of the window
   *     that closed or was discarded); {@link #NONE}
   * @param wakeUp when to call {@link #onClock} next: the end of a window just opened, or (no window
   *     open) the clock, after which the state can go ({@link #canForget}); {@link #NONE}
   */
  public record Step(ClosedWindow closed, Change change, long time, long windowStart, int views,
      long cancelledWakeUp, long wakeUp) {}

  /**
   * A view ({@code purchase == false}) or purchase of the user at {@code eventTime}, in arrival
   * order. Updates {@code window} in place.
   */
  public Step onEvent(ChurnWindow window, boolean purchase, long eventTime) {
    long time = Math.max(eventTime, window.clock);
    window.clock = time;
    ClosedWindow closed = onClock(window, time);
    long cancelled = closed == null ? NONE : closed.end();
    if (!purchase) {
      if (!window.isOpen()) {
        window.start = time;
        window.views = 1;
        return new Step(closed, Change.OPENED, time, time, 1, cancelled, end(window));
      }
      window.views++;
      return new Step(closed, Change.COUNTED, time, window.start, window.views, cancelled, NONE);
    }
    if (window.isOpen()) {
      long start = window.start;
      int views = window.views;
      long end = end(window);
      window.close();
      return new Step(closed, Change.DISCARDED, time, start, views, end, time);
    }
    return new Step(closed, Change.NONE, time, NONE, 0, cancelled, time);
  }

  /**
   * The clock has reached {@code now}: closes the open window if it ends at or before
   * {@code now} and returns it; otherwise null. Updates {@code window} in place.
   */
  public ClosedWindow onClock(ChurnWindow window, long now) {
    if (!window.isOpen() || now < end(window)) {
      return null;
    }
    ClosedWindow closed = new ClosedWindow(window.start, end(window), window.views);
    window.close();
    return closed;
  }

  /**
   * Whether the state can be dropped once the clock (the watermark) is at {@code now}: no window
   * is open and no event still to come can be earlier than the user's clock.
   */
  public boolean canForget(ChurnWindow window, long now) {
    return !window.isOpen() && window.clock <= now;
  }

  /** End of the open window, {@code w0 + window}. */
  public long end(ChurnWindow window) {
    return window.start + windowMs;
  }
}
