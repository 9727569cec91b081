package io.cartpulse.dashboard.view;

import io.cartpulse.avro.PvUvPoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The PV/UV curves of the latest days seen on {@code pvuv}, per dimension ({@code all}, each
 * top-level category, {@code none}): one cumulative point per minute step (ALERTS.md section 4). A
 * point seen again replaces the earlier one. "Today" is the latest day on the topic - the
 * pipeline's event-time day, which a replay or the synthetic shop's fast clock sets, not the wall
 * clock's. Thread-safe.
 */
public final class PvUvCurves {
  /** The dimension every view counts in. */
  public static final String ALL = "all";
  /** Days kept: today and the one before (points of a closing day can arrive after the next day's first). */
  static final int DAYS_KEPT = 2;

  /** One curve: parallel arrays of step ends (epoch ms), PV and UV; {@code version} changes whenever it does. */
  public record Curve(String day, String dimension, long version, long[] windowEnds, long[] pv, long[] uv) {
    public int size() {
      return windowEnds.length;
    }
  }

  private final TreeMap<String, Map<String, TreeMap<Long, long[]>>> days = new TreeMap<>();
  private final Map<String, Long> versions = new HashMap<>();
  private long changes;

  /** Adds or replaces a point; points of days older than the kept ones are dropped. */
  public synchronized void add(PvUvPoint point) {
    String day = point.getDay();
    if (days.size() >= DAYS_KEPT && !days.containsKey(day) && day.compareTo(days.firstKey()) < 0) {
      return;
    }
    days.computeIfAbsent(day, d -> new HashMap<>())
        .computeIfAbsent(point.getDimension(), d -> new TreeMap<>())
        .put(point.getWindowEnd().toEpochMilli(), new long[] {point.getPv(), point.getUv()});
    versions.put(day + '\n' + point.getDimension(), ++changes);
    while (days.size() > DAYS_KEPT) {
      String dropped = days.pollFirstEntry().getKey();
      versions.keySet().removeIf(key -> key.startsWith(dropped + '\n'));
    }
  }

  /** The latest day seen (yyyy-MM-dd), or null before the first point. */
  public synchronized String latestDay() {
    return days.isEmpty() ? null : days.lastKey();
  }

  /** The curve of {@code dimension} on {@code day}; empty (version 0) when there is none. */
  public synchronized Curve curve(String day, String dimension) {
    TreeMap<Long, long[]> points = day == null ? null : days.getOrDefault(day, Map.of()).get(dimension);
    if (points == null) {
      return new Curve(day, dimension, 0, new long[0], new long[0], new long[0]);
    }
    long[] ends = new long[points.size()];
    long[] pv = new long[points.size()];
    long[] uv = new long[points.size()];
    int i = 0;
    for (Map.Entry<Long, long[]> entry : points.entrySet()) {
      ends[i] = entry.getKey();
      pv[i] = entry.getValue()[0];
      uv[i] = entry.getValue()[1];
      i++;
    }
    return new Curve(day, dimension, versions.getOrDefault(day + '\n' + dimension, 0L), ends, pv, uv);
  }

  /** Version of one curve (0 when there is none): cheap, to tell whether a client needs it again. */
  public synchronized long version(String day, String dimension) {
    return day == null ? 0 : versions.getOrDefault(day + '\n' + dimension, 0L);
  }

  /** The dimensions of {@code day} other than {@code all}, the busiest (largest latest PV) first, then by name. */
  public synchronized List<String> categories(String day) {
    Map<String, TreeMap<Long, long[]>> byDimension = day == null ? null : days.get(day);
    if (byDimension == null) {
      return List.of();
    }
    List<String> names = new ArrayList<>(byDimension.keySet());
    names.remove(ALL);
    names.sort(Comparator.comparingLong((String name) -> -latestPv(byDimension.get(name)))
        .thenComparing(Comparator.naturalOrder()));
    return names;
  }

  private static long latestPv(TreeMap<Long, long[]> points) {
    return points.isEmpty() ? 0 : points.lastEntry().getValue()[0];
  }

  /** The largest step end seen, or -1: part of the pipeline's event-time clock. */
  public synchronized long latestWindowEnd() {
    long latest = -1;
    for (Map<String, TreeMap<Long, long[]>> byDimension : days.values()) {
      TreeMap<Long, long[]> all = byDimension.get(ALL);
      if (all != null && !all.isEmpty()) {
        latest = Math.max(latest, all.lastKey());
      }
    }
    return latest;
  }
}
