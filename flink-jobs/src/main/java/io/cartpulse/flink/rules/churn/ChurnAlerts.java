package io.cartpulse.flink.rules.churn;

import io.cartpulse.alert.Alerts;
import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** The CHURN_RISK alert record (ALERTS.md sections 4 and 5), the same for both implementations. */
public final class ChurnAlerts {
  public static final String VIEWS = "views";
  public static final String WINDOW_START = "windowStart";

  private ChurnAlerts() {}

  public static Alert create(String userId, long windowStart, int views, long windowMs, long detectedAt) {
    long end = windowStart + windowMs;
    String message = "User " + userId + " viewed products " + views + " times in the " + describe(windowMs)
        + " from " + Instant.ofEpochMilli(windowStart) + " without buying anything.";
    return Alerts.create(AlertType.CHURN_RISK, userId, null, null, end, detectedAt, Alerts.SOURCE_FLINK, message,
        Map.of(VIEWS, Integer.toString(views), WINDOW_START, Long.toString(windowStart)), null);
  }

  static String describe(long millis) {
    Duration duration = Duration.ofMillis(millis);
    if (duration.toMillis() % Duration.ofDays(1).toMillis() == 0) {
      long days = duration.toDays();
      return days == 1 ? "day" : days + " days";
    }
    return duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
  }
}
