package io.cartpulse.settings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The settings in force at any event time (ALERTS.md section 8): the start-up configuration with
 * every version whose {@code effectiveFrom <= t} applied on top, in order of {@code effectiveFrom},
 * then {@code version}. Immutable; an engine that learns a new version swaps in {@link #with}.
 * Resolved once per change point, so {@link #at} is a binary search over the change points (one
 * comparison when no version exists).
 */
public final class SettingsTimeline implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final transient SettingsInForce startup;
  private final List<SettingsVersion> versions;
  private final transient long[] changeTimes;
  private final transient SettingsInForce[] resolved;

  private SettingsTimeline(SettingsInForce startup, List<SettingsVersion> versions) {
    this.startup = startup;
    List<SettingsVersion> ordered = new ArrayList<>(versions);
    ordered.sort(Comparator.comparingLong(SettingsVersion::effectiveFrom).thenComparingLong(SettingsVersion::version));
    this.versions = List.copyOf(ordered);
    long[] times = new long[ordered.size()];
    SettingsInForce[] states = new SettingsInForce[ordered.size()];
    int points = 0;
    SettingsInForce current = startup;
    for (SettingsVersion version : ordered) {
      current = current.with(version.values());
      if (points > 0 && times[points - 1] == version.effectiveFrom()) {
        states[points - 1] = current;
      } else {
        times[points] = version.effectiveFrom();
        states[points] = current;
        points++;
      }
    }
    this.changeTimes = Arrays.copyOf(times, points);
    this.resolved = Arrays.copyOf(states, points);
  }

  /** No version: the start-up settings at every time. */
  public static SettingsTimeline of(SettingsInForce startup) {
    return new SettingsTimeline(startup, List.of());
  }

  public static SettingsTimeline of(SettingsInForce startup, List<SettingsVersion> versions) {
    return new SettingsTimeline(startup, versions);
  }

  /** S(t). */
  public SettingsInForce at(long eventTime) {
    int n = changeTimes.length;
    if (n == 0 || eventTime < changeTimes[0]) {
      return startup;
    }
    if (eventTime >= changeTimes[n - 1]) {
      return resolved[n - 1];
    }
    int index = Arrays.binarySearch(changeTimes, eventTime);
    return resolved[index >= 0 ? index : -index - 2];
  }

  /** This timeline with one more version (a version it already holds is ignored). */
  public SettingsTimeline with(SettingsVersion version) {
    for (SettingsVersion known : versions) {
      if (known.version() == version.version()) {
        return this;
      }
    }
    List<SettingsVersion> more = new ArrayList<>(versions);
    more.add(version);
    return new SettingsTimeline(startup, more);
  }

  public SettingsInForce startup() {
    return startup;
  }

  /** The versions, in the order they apply (effectiveFrom, then version). */
  public List<SettingsVersion> versions() {
    return versions;
  }

  /** The largest version known, or -1. */
  public long latestVersion() {
    return versions.stream().mapToLong(SettingsVersion::version).max().orElse(-1);
  }

  // Serialized (Flink ships it inside operators) as the start-up text and the versions, resolved again on read.
  private Object writeReplace() {
    return new Form(startup.asText(), versions.stream()
        .map(v -> new Object[] {v.version(), v.effectiveFrom(), new java.util.TreeMap<>(v.settings())}).toList());
  }

  private record Form(java.util.Map<String, String> startup, List<Object[]> versions) implements java.io.Serializable {
    @SuppressWarnings("unchecked")
    private Object readResolve() {
      List<SettingsVersion> list = new ArrayList<>();
      for (Object[] v : versions) {
        list.add(SettingsVersion.of((Long) v[0], (Long) v[1], (java.util.Map<String, String>) v[2]));
      }
      return new SettingsTimeline(SettingsInForce.fromStartup(startup), list);
    }
  }
}
