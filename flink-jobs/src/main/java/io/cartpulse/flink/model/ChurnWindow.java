package io.cartpulse.flink.model;

/**
 * One user's CHURN_RISK state, the whole of it in one value: the open window (if any) and the
 * user's clock. The state of {@code rules.churn.ChurnWindowMachine}, kept by both implementations
 * (Flink keyed state "churn-window").
 *
 * <p>Flink serializes it as a POJO and savepoints name this class: fields may be added or removed
 * (Flink's POJO schema evolution), the class must not be renamed or moved.
 */
public class ChurnWindow {
  public static final long NONE = Long.MIN_VALUE;

  /** w0 of the open window, or {@link #NONE}. */
  public long start = NONE;
  /** Views counted in the open window. */
  public int views;
  /** Largest event time of this user's views and purchases seen so far (arrival order). */
  public long clock = Long.MIN_VALUE;

  public ChurnWindow() {}

  public boolean isOpen() {
    return start != NONE;
  }

  public void close() {
    start = NONE;
    views = 0;
  }

  @Override
  public String toString() {
    return "ChurnWindow{start=" + (isOpen() ? start : "none") + ", views=" + views + ", clock=" + clock + "}";
  }
}
