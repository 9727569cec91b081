package io.cartpulse.dashboard.view;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The latest alerts of each type for the live feed, the offers that arrived for them, and the
 * alerts per type per minute of detection (wall clock: the rate the pipeline emits at, whatever
 * pace the event clock runs). Every alert gets a sequence number so a client can ask for what it
 * has not seen. Thread-safe.
 */
public final class AlertLog {
  /** Alerts kept per type for the feed. */
  public static final int KEPT_PER_TYPE = 100;
  /** Minutes of the per-minute counts kept. */
  public static final int MINUTES_KEPT = 30;
  /** Offers kept for alerts not seen (yet): an offer may be read before its alert. */
  static final int PENDING_OFFERS = 5_000;

  /** One alert in the feed; {@code offer} is null until an offer for it arrives. */
  public record Entry(long seq, Alert alert, List<OfferedProduct> offer, long offerSeq) {}

  private final Map<AlertType, Deque<Entry>> byType = new EnumMap<>(AlertType.class);
  private final Map<String, Entry> byId = new LinkedHashMap<>();
  private final Map<String, List<OfferedProduct>> pendingOffers = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, List<OfferedProduct>> eldest) {
      return size() > PENDING_OFFERS;
    }
  };
  private final TreeMap<Long, EnumMap<AlertType, Long>> perMinute = new TreeMap<>();
  private long seq;
  private long offerSeq;
  private long total;
  private long latestEventTime = -1;

  public synchronized void add(Alert alert) {
    List<OfferedProduct> offer = pendingOffers.remove(alert.getAlertId());
    Entry entry = new Entry(++seq, alert, offer, offer == null ? 0 : ++offerSeq);
    Deque<Entry> kept = byType.computeIfAbsent(alert.getType(), t -> new ArrayDeque<>());
    kept.addLast(entry);
    byId.put(alert.getAlertId(), entry);
    if (kept.size() > KEPT_PER_TYPE) {
      byId.remove(kept.removeFirst().alert().getAlertId());
    }
    total++;
    latestEventTime = Math.max(latestEventTime, alert.getEventTime().toEpochMilli());
    long minute = Math.floorDiv(alert.getDetectedAt().toEpochMilli(), 60_000L) * 60_000L;
    perMinute.computeIfAbsent(minute, m -> new EnumMap<>(AlertType.class)).merge(alert.getType(), 1L, Long::sum);
    while (perMinute.size() > MINUTES_KEPT * 2) {
      perMinute.pollFirstEntry();
    }
  }

  /** Attaches an offer to its alert (now, or when the alert arrives). */
  public synchronized void offer(String alertId, List<OfferedProduct> products) {
    Entry entry = byId.get(alertId);
    if (entry == null) {
      pendingOffers.put(alertId, List.copyOf(products));
      return;
    }
    Entry offered = new Entry(entry.seq(), entry.alert(), List.copyOf(products), ++offerSeq);
    byId.put(alertId, offered);
    Deque<Entry> kept = byType.get(entry.alert().getType());
    List<Entry> copy = new ArrayList<>(kept);
    copy.replaceAll(e -> e.seq() == entry.seq() ? offered : e);
    kept.clear();
    kept.addAll(copy);
  }

  /** The last sequence number given out (0 before the first alert). */
  public synchronized long lastSeq() {
    return seq;
  }

  public synchronized long lastOfferSeq() {
    return offerSeq;
  }

  public synchronized long total() {
    return total;
  }

  /** The largest alert event time seen, or -1: part of the pipeline's event-time clock. */
  public synchronized long latestEventTime() {
    return latestEventTime;
  }

  /**
   * Alerts after {@code afterSeq} of {@code type} (null: every type), oldest first, at most the
   * newest {@code max}.
   */
  public synchronized List<Entry> since(long afterSeq, AlertType type, int max) {
    List<Entry> found = new ArrayList<>();
    for (Map.Entry<AlertType, Deque<Entry>> kept : byType.entrySet()) {
      if (type != null && kept.getKey() != type) {
        continue;
      }
      for (Entry entry : kept.getValue()) {
        if (entry.seq() > afterSeq) {
          found.add(entry);
        }
      }
    }
    found.sort(Comparator.comparingLong(Entry::seq));
    return found.size() <= max ? found : List.copyOf(found.subList(found.size() - max, found.size()));
  }

  /** Alerts up to {@code upToSeq} of {@code type} (null: any type) whose offer came after {@code afterOfferSeq}. */
  public synchronized List<Entry> offeredSince(long afterOfferSeq, long upToSeq, AlertType type) {
    List<Entry> found = new ArrayList<>();
    for (Entry entry : byId.values()) {
      if (entry.offerSeq() > afterOfferSeq && entry.seq() <= upToSeq
          && (type == null || entry.alert().getType() == type)) {
        found.add(entry);
      }
    }
    return found;
  }

  /**
   * Alerts per type in each of the {@link #MINUTES_KEPT} minutes up to the one of {@code nowMillis}
   * (minute starts, oldest first; every type with at least one alert in the span).
   */
  public synchronized PerMinute perMinute(long nowMillis) {
    long last = Math.floorDiv(nowMillis, 60_000L) * 60_000L;
    long[] minutes = new long[MINUTES_KEPT];
    Map<AlertType, long[]> counts = new EnumMap<>(AlertType.class);
    for (int i = 0; i < MINUTES_KEPT; i++) {
      minutes[i] = last - (MINUTES_KEPT - 1 - i) * 60_000L;
      EnumMap<AlertType, Long> minute = perMinute.get(minutes[i]);
      if (minute != null) {
        int index = i;
        minute.forEach((type, n) -> counts.computeIfAbsent(type, t -> new long[MINUTES_KEPT])[index] = n);
      }
    }
    return new PerMinute(minutes, counts);
  }

  /** Per type per minute: {@code counts.get(type)[i]} alerts were detected in the minute from {@code minutes[i]}. */
  public record PerMinute(long[] minutes, Map<AlertType, long[]> counts) {}
}
