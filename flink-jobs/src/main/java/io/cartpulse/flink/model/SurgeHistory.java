package io.cartpulse.flink.model;

/**
 * TRAFFIC_SURGE's memory of the stream, one value for the whole job: the first view's time, the
 * last minute that surged, and the view counts of the last {@code baselineMinutes} finished
 * minutes in a ring indexed by minute number (minutes without views are simply absent).
 */
public class SurgeHistory {
  public long firstView = Long.MAX_VALUE;
  public long lastSurgeMinute = Long.MIN_VALUE;
  public long[] ringMinutes;
  public long[] ringCounts;

  public SurgeHistory() {}

  public SurgeHistory(int baselineMinutes) {
    ringMinutes = new long[baselineMinutes];
    ringCounts = new long[baselineMinutes];
    java.util.Arrays.fill(ringMinutes, Long.MIN_VALUE);
  }

  /** Sum of the counts of finished minutes in [from, to). */
  public long sum(long from, long to) {
    long sum = 0;
    for (int i = 0; i < ringMinutes.length; i++) {
      if (ringMinutes[i] >= from && ringMinutes[i] < to) {
        sum += ringCounts[i];
      }
    }
    return sum;
  }

  public void record(long minuteStart, long count) {
    int slot = (int) Math.floorMod(Math.floorDiv(minuteStart, 60_000L), (long) ringMinutes.length);
    ringMinutes[slot] = minuteStart;
    ringCounts[slot] = count;
  }
}
