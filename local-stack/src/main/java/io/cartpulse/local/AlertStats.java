package io.cartpulse.local;

import io.cartpulse.alert.Alerts;
import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/** Alert counts by type and by source, as the backtest and run-local summaries print them. */
public final class AlertStats {
  private final Map<AlertType, Long> byType = new EnumMap<>(AlertType.class);
  private final Map<String, Long> bySource = new TreeMap<>();
  private long total;

  public static AlertStats of(Iterable<Alert> alerts) {
    AlertStats stats = new AlertStats();
    alerts.forEach(stats::add);
    return stats;
  }

  public synchronized void add(Alert alert) {
    byType.merge(alert.getType(), 1L, Long::sum);
    bySource.merge(alert.getSource() == null ? "?" : alert.getSource(), 1L, Long::sum);
    total++;
  }

  public synchronized long total() {
    return total;
  }

  public synchronized long count(AlertType type) {
    return byType.getOrDefault(type, 0L);
  }

  public synchronized long count(String source) {
    return bySource.getOrDefault(source, 0L);
  }

  /** {@code CROSS_SELL=3 COUPON_ISSUED=2}: only the types that occurred, in enum order. */
  public synchronized String typesInline() {
    if (byType.isEmpty()) {
      return "none";
    }
    StringBuilder line = new StringBuilder();
    byType.forEach((type, count) -> line.append(line.length() == 0 ? "" : " ").append(type).append('=').append(count));
    return line.toString();
  }

  /** {@code streams-app=5 flink-jobs=1}: both engines always listed, then any other source. */
  public synchronized String sourcesInline() {
    Map<String, Long> sources = new TreeMap<>(bySource);
    StringBuilder line = new StringBuilder();
    line.append(Alerts.SOURCE_STREAMS).append('=').append(sources.getOrDefault(Alerts.SOURCE_STREAMS, 0L));
    line.append(' ').append(Alerts.SOURCE_FLINK).append('=').append(sources.getOrDefault(Alerts.SOURCE_FLINK, 0L));
    sources.remove(Alerts.SOURCE_STREAMS);
    sources.remove(Alerts.SOURCE_FLINK);
    sources.forEach((source, count) -> line.append(' ').append(source).append('=').append(count));
    return line.toString();
  }

  /** A small table: one line per alert type (every type, zeros included), then per source. */
  public synchronized String table(String indent) {
    StringBuilder out = new StringBuilder();
    out.append(indent).append(String.format("alerts: %d%n", total));
    for (AlertType type : AlertType.values()) {
      if (type == AlertType.UNKNOWN && !byType.containsKey(type)) {
        continue;
      }
      out.append(indent).append(String.format("  %-18s %8d%n", type.name(), byType.getOrDefault(type, 0L)));
    }
    out.append(indent).append("  by source: ").append(sourcesInline()).append(System.lineSeparator());
    return out.toString();
  }
}
