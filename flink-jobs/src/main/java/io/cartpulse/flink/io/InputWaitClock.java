package io.cartpulse.flink.io;

import java.io.Serializable;

/**
 * How long a source subtask has waited for input: the wall time during which its reader had no
 * record to hand out and was waiting for the broker. Time spent emitting records, blocked by
 * backpressure or restoring does not count, so a partition whose records are still queued (not
 * yet fetched, or fetched but not yet emitted) never looks quiet just because the subtask is busy.
 *
 * <p>Why not Flink's own input activity clock ({@code WatermarkGeneratorSupplier.Context
 * #getInputActivityClock}): in Flink 2.2 it pauses only for watermark alignment, so it runs on
 * while the task is busy or backpressured - exactly when a backlog is waiting.
 *
 * <p>One instance is shared, within a subtask, by the reader ({@link InputWaitTrackingSource})
 * and the watermark generators of its splits ({@link ClickWatermarks}): the job holds both in one
 * source operator, which Flink serializes as one object graph and deserializes once per subtask,
 * so each subtask gets its own instance, shared by its reader and generators. The state is
 * transient: a restored job starts counting afresh.
 */
public final class InputWaitClock implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ClickWatermarks.WallClock wallClock;
  private final boolean alwaysWaiting;
  private transient long waitedBefore;
  private transient boolean waiting;
  private transient long waitingSince;
  private transient volatile boolean waitingFlag;
  private transient volatile boolean hadRecords;
  private transient long largestEventTime = Long.MIN_VALUE;

  private InputWaitClock(ClickWatermarks.WallClock wallClock, boolean alwaysWaiting) {
    this.wallClock = wallClock;
    this.alwaysWaiting = alwaysWaiting;
  }

  /** A clock driven by {@link InputWaitTrackingSource}. */
  public static InputWaitClock tracked() {
    return tracked(System::currentTimeMillis);
  }

  /** A clock driven by {@link InputWaitTrackingSource}, on the given wall clock (tests). */
  public static InputWaitClock tracked(ClickWatermarks.WallClock wallClock) {
    return new InputWaitClock(wallClock, false);
  }

  /**
   * For an input whose reader is not tracked (e.g. watermarks assigned after a file source): all
   * wall time counts as waiting, as if the input were always caught up.
   */
  public static InputWaitClock untracked(ClickWatermarks.WallClock wallClock) {
    return new InputWaitClock(wallClock, true);
  }

  /** The reader has nothing to hand out: waiting starts now (unless it already has). */
  public synchronized void startWaiting() {
    if (!waiting) {
      waiting = true;
      waitingFlag = true;
      waitingSince = wallClock.now();
    }
  }

  /** The reader has records again (or the task is about to poll it): waiting stops. */
  public void stopWaiting() {
    // A volatile read per record on the hot path; the lock only on the transition.
    if (waitingFlag) {
      synchronized (this) {
        if (waiting) {
          waitedBefore += Math.max(0, wallClock.now() - waitingSince);
          waiting = false;
          waitingFlag = false;
        }
      }
    }
  }

  /** The reader handed out a record (any split, valid or not). */
  public void recordSeen() {
    if (!hadRecords) {
      hadRecords = true;
    }
  }

  /** A valid event of any split of this subtask carried {@code eventTime} (generators call it). */
  public void eventTime(long eventTime) {
    if (eventTime > largestEventTime) {
      largestEventTime = eventTime;
    }
  }

  /** The largest event time any split of this subtask has seen; Long.MIN_VALUE before the first. */
  public long largestEventTime() {
    return largestEventTime;
  }

  /** Whether the reader has handed out any record since this subtask started. */
  public boolean hadRecords() {
    return alwaysWaiting || hadRecords;
  }

  /** Total wall time spent waiting for input so far, in milliseconds (only ever grows). */
  public synchronized long waitedMillis() {
    if (alwaysWaiting) {
      return wallClock.now();
    }
    return waitedBefore + (waiting ? Math.max(0, wallClock.now() - waitingSince) : 0);
  }
}
