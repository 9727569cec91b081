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

  public ChurnSignal() {}

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
    return (purchase ? "purchase" : "view#" + views) + "@" + time + "(user=" + userId + ", w0=" + windowStart + ")";
  }
}
