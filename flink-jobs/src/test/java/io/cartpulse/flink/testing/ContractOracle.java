package io.cartpulse.flink.testing;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.click.ClickValidator;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * ALERTS.md section 4 written as plainly as possible, single-threaded over a time-sorted list of
 * valid events, with the backtest's stop at T_end: the reference the Flink job is compared with.
 * Results are plain strings so a mismatch shows readably.
 */
public final class ContractOracle {
  static final long MINUTE = 60_000L;
  static final long DAY = 86_400_000L;

  private ContractOracle() {}

  /** "CHURN_RISK|user|eventTime|views|windowStart" lines. */
  public static List<String> churn(List<ClickEvent> events, long windowMs, int minViews) {
    long tEnd = tEnd(events);
    Map<String, long[]> open = new HashMap<>(); // user -> {w0, views}
    List<String> out = new ArrayList<>();
    for (ClickEvent e : events) {
      String type = e.getEventType();
      long t = e.getEventTime().toEpochMilli();
      String user = e.getUserId();
      long[] w = open.get(user);
      if (w != null && t >= w[0] + windowMs) {
        if (w[1] >= minViews) {
          out.add(churnLine(user, w[0] + windowMs, w[1], w[0]));
        }
        open.remove(user);
        w = null;
      }
      if (type.equals("view")) {
        if (w == null) {
          open.put(user, new long[] {t, 1});
        } else {
          w[1]++;
        }
      } else if (type.equals("purchase") && w != null) {
        open.remove(user);
      }
    }
    open.forEach((user, w) -> {
      if (w[0] + windowMs <= tEnd && w[1] >= minViews) {
        out.add(churnLine(user, w[0] + windowMs, w[1], w[0]));
      }
    });
    out.sort(null);
    return out;
  }

  public static String churnLine(String user, long eventTime, long views, long windowStart) {
    return "CHURN_RISK|" + user + "|" + eventTime + "|" + views + "|" + windowStart;
  }

  /** "TRAFFIC_SURGE|eventTime|views|baseline" lines (default thresholds unless given). */
  public static List<String> surges(List<ClickEvent> events, int minViews, BigDecimal factor, int historyMinutes,
      int baselineMinutes) {
    long tEnd = tEnd(events);
    TreeMap<Long, Long> counts = new TreeMap<>();
    long firstView = Long.MAX_VALUE;
    for (ClickEvent e : events) {
      if (e.getEventType().equals("view")) {
        long t = e.getEventTime().toEpochMilli();
        firstView = Math.min(firstView, t);
        counts.merge(Math.floorDiv(t, MINUTE) * MINUTE, 1L, Long::sum);
      }
    }
    List<String> out = new ArrayList<>();
    if (counts.isEmpty()) {
      return out;
    }
    boolean previousSurged = false;
    for (long m = counts.firstKey(); m + MINUTE <= tEnd; m += MINUTE) {
      long c = counts.getOrDefault(m, 0L);
      long sum = 0;
      for (long b = m - baselineMinutes * MINUTE; b < m; b += MINUTE) {
        sum += counts.getOrDefault(b, 0L);
      }
      boolean surges = c > 0 && firstView <= m - historyMinutes * MINUTE && c >= minViews
          && BigDecimal.valueOf(c * baselineMinutes).compareTo(factor.multiply(BigDecimal.valueOf(sum))) >= 0;
      if (surges && !previousSurged) {
        out.add("TRAFFIC_SURGE|" + (m + MINUTE) + "|" + c + "|"
            + BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(baselineMinutes), 2, RoundingMode.HALF_UP)
                .toPlainString());
      }
      previousSurged = surges;
    }
    return out;
  }

  /** "day|windowEnd|dimension|pv|uv" lines, sorted. */
  public static List<String> pvuv(List<ClickEvent> events) {
    long tEnd = tEnd(events);
    // (day, dimension) -> minute index -> views / first-seen users
    Map<String, TreeMap<Integer, List<String>>> viewsByCurve = new HashMap<>();
    for (ClickEvent e : events) {
      if (!e.getEventType().equals("view")) {
        continue;
      }
      long t = e.getEventTime().toEpochMilli();
      long day = Math.floorDiv(t, DAY) * DAY;
      int minute = (int) ((t - day) / MINUTE);
      for (String dim : List.of("all", ClickValidator.topLevelCategory(e.getCategoryCode()))) {
        viewsByCurve.computeIfAbsent(day + "|" + dim, k -> new TreeMap<>())
            .computeIfAbsent(minute, k -> new ArrayList<>()).add(e.getUserId());
      }
    }
    List<String> out = new ArrayList<>();
    viewsByCurve.forEach((key, minutes) -> {
      long day = Long.parseLong(key.substring(0, key.indexOf('|')));
      String dim = key.substring(key.indexOf('|') + 1);
      long pv = 0;
      Set<String> users = new HashSet<>();
      for (int k = 1; k <= 1440; k++) {
        List<String> added = minutes.get(k - 1);
        if (added != null) {
          pv += added.size();
          users.addAll(added);
        }
        long m = day + k * MINUTE;
        if (pv > 0 && m <= tEnd) {
          out.add(LocalDate.ofEpochDay(day / DAY) + "|" + m + "|" + dim + "|" + pv + "|" + users.size());
        }
      }
    });
    out.sort(null);
    return out;
  }

  public static long tEnd(List<ClickEvent> events) {
    long max = Long.MIN_VALUE;
    for (ClickEvent e : events) {
      max = Math.max(max, e.getEventTime().toEpochMilli());
    }
    return max;
  }
}
