package io.cartpulse.streams.products;

/** The time arithmetic of ALERTS.md section 7: UTC days and minutes of epoch milliseconds. */
public final class ProductTime {
  public static final long MINUTE_MS = 60_000L;
  public static final long DAY_MS = 86_400_000L;
  /** lastHour covers the 60 minutes before the minute of C. */
  public static final long LAST_HOUR_MINUTES = 60;
  /** A pair score covers the day of C and the 6 days before. */
  public static final long SCORE_DAYS = 7;

  private ProductTime() {}

  /** day(t): the UTC calendar day, as days since 1970-01-01. */
  public static long day(long epochMs) {
    return Math.floorDiv(epochMs, DAY_MS);
  }

  /** The minute of t, as minutes since the epoch (t floored to the minute). */
  public static long minute(long epochMs) {
    return Math.floorDiv(epochMs, MINUTE_MS);
  }
}
