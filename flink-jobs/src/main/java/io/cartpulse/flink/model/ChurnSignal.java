package io.cartpulse.flink.model;

/**
 * What the churn window assigner tells the CEP operator about one of a user's events: a view
 * with the start of the window it counts in and its running count, or a purchase that discards
 * the open window. {@link #time} is the user's monotonic clock at that event (the event time,
 * or later if the user's events arrived out of order), used as the record timestamp so the CEP
 * operator sees a user's signals in arrival order, as ALERTS.md section 2 asks.
 *
 * <p>The CEP operator buffers signals in its state (Flink POJO serializer, savepoints name this
 * class): fields may be added or removed, the class must not be renamed or moved.
 */
public class ChurnSignal {
  public String userId;
  public long time;
  public boolean purchase;
  public long windowStart;
  public int views;
  /**
   * The window {@link #windowStart} is complete: no event before its end can still come, and
   * {@link #views} is final. Sent at {@code end - 1} (added after release 0.1.0: restored signals
   * read false, which is what they were).
   */
  public boolean end;

  public ChurnSignal() {}

  /** The window starting at {@code windowStart} is complete with {@code views} views; time = its end - 1. */
  public static ChurnSignal end(String userId, long windowStart, long windowMs, int views) {
    ChurnSignal signal = view(userId, windowStart + windowMs - 1, windowStart, views);
    signal.end = true;
    return signal;
  }

  public static ChurnSignal view(String userId, long time, long windowStart, int views) {
    ChurnSignal signal = new ChurnSignal();
    signal.userId = userId;
    signal.time = time;
    signal.windowStart = windowStart;
    signal.views = views;
    return signal;
  }

  public static ChurnSignal purchase(String userId, long time, long windowStart, int views) {
    ChurnSignal signal = view(userId, time, windowStart, views);
    signal.purchase = true;
    return signal;
  }

  @Override
  public String toString() {
    return (end ? "end#" + views : purchase ? "purchase" : "view#" + views) + "@" + time + "(user=" + userId + ", w0=" + windowStart + ")";
  }
}
