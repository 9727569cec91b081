package io.cartpulse.streams.products;

import io.cartpulse.contract.CodePointOrder;
import io.cartpulse.click.EventType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Everything ALERTS.md section 7 needs of one product, in buckets bounded by their windows: its
 * counts per UTC day (with the day's viewers) and per minute, its pair formations per UTC day (by
 * partner), and its latest inventory level.
 *
 * <p>{@link #view} answers as of any C not below the clock (the largest event time this product's
 * owner has seen): a bucket that {@link #prune} dropped for that clock is outside every such C's
 * window - today is day(C), lastHour ends before C's minute and starts at most 60 minutes before it,
 * scores reach back 6 days before day(C). So pruning bounds the state and never changes an answer.
 */
public final class ProductState {
  /** Views, carts, purchases, revenue of one bucket, and for a day its distinct viewers. */
  static final class Bucket {
    long views;
    long carts;
    long purchases;
    long revenueCents;
    /** Distinct userIds with a view; only counted in day buckets. */
    long viewers;

    ProductView.Counts counts() {
      return new ProductView.Counts(views, carts, purchases, revenueCents);
    }

    boolean add(EventType type, long priceCents) {
      switch (type) {
        case VIEW -> views++;
        case CART -> carts++;
        case PURCHASE -> {
          purchases++;
          revenueCents += priceCents;
        }
        default -> {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * Who viewed this product on which day: a day's distinct viewers count needs to know whether a view is
   * the user's first of that day. The backtest keeps the sets in memory; the live app keeps them in a
   * store of their own, so that an update does not read and write every viewer of the day.
   */
  public interface ViewerIndex {
    /** Notes a view of {@code userId} on {@code day}; returns whether it is the user's first that day. */
    boolean firstView(long day, String userId);

    /** Forgets the viewers of {@code day}. */
    void forget(long day);
  }

  /** The viewers in memory, per day. */
  static final class ViewerSets implements ViewerIndex {
    final TreeMap<Long, Set<String>> byDay = new TreeMap<>();

    @Override
    public boolean firstView(long day, String userId) {
      return byDay.computeIfAbsent(day, d -> new HashSet<>()).add(userId);
    }

    @Override
    public void forget(long day) {
      byDay.remove(day);
    }
  }

  /** Day (UTC, days since the epoch) to its counts and viewer count. */
  final TreeMap<Long, Bucket> days = new TreeMap<>();
  /** Who viewed on the days in {@link #days}. */
  private ViewerIndex viewerIndex = new ViewerSets();
  /** Minute (since the epoch) to its counts. */
  final TreeMap<Long, Bucket> minutes = new TreeMap<>();
  /** Day to the formations of this product's pairs on it, by partner. */
  final TreeMap<Long, Map<String, Long>> pairs = new TreeMap<>();
  /** The latest inventory level (equal times: the later arrival), or null. */
  Long levelTime;
  Integer available;

  /**
   * A valid click of this product ({@code remove_from_cart} counts nowhere, but it is a click).
   * Returns whether any bucket changed.
   */
  public boolean addClick(EventType type, long eventTime, long priceCents, String userId) {
    if (type == EventType.REMOVE_FROM_CART) {
      return false;
    }
    long day = ProductTime.day(eventTime);
    Bucket dayBucket = bucket(days, day);
    boolean changed = dayBucket.add(type, priceCents);
    if (changed) {
      bucket(minutes, ProductTime.minute(eventTime)).add(type, priceCents);
      if (type == EventType.VIEW && viewerIndex.firstView(day, userId)) {
        dayBucket.viewers++;
      }
    }
    return changed;
  }

  /**
   * Keeps the viewers in {@code index} from now on; the viewers this state holds in memory (a state read
   * from the format that stored them with it) are moved there first.
   */
  public void useViewerIndex(ViewerIndex index) {
    if (viewerIndex instanceof ViewerSets sets) {
      sets.byDay.forEach((day, users) -> users.forEach(user -> index.firstView(day, user)));
    }
    viewerIndex = index;
  }

  /** A viewer of a day read with the state (format version 1), held in memory. */
  void addViewerInMemory(long day, String userId) {
    ((ViewerSets) viewerIndex).firstView(day, userId);
  }

  /** One formation of the pair {this product, partner} at {@code time}. */
  public void addFormation(String partner, long time) {
    pairs.computeIfAbsent(ProductTime.day(time), d -> new HashMap<>()).merge(partner, 1L, Long::sum);
  }

  /** An inventory level; it replaces the latest unless that one is later (equal times: arrival order). */
  public boolean addLevel(long eventTime, int units) {
    if (levelTime != null && eventTime < levelTime) {
      return false;
    }
    boolean changed = levelTime == null || available != units;
    levelTime = eventTime;
    available = units;
    return changed;
  }

  /** The stock as of any C not below the clock: the latest level, or null when unknown. */
  public Integer available() {
    return available;
  }

  /** The time of the latest level, or null. */
  public Long levelTime() {
    return levelTime;
  }

  /** Drops the buckets no C >= {@code clock} can see. */
  public void prune(long clock) {
    Map<Long, Bucket> pastDays = days.headMap(ProductTime.day(clock));
    for (long day : pastDays.keySet()) {
      viewerIndex.forget(day);
    }
    pastDays.clear();
    minutes.headMap(ProductTime.minute(clock) - ProductTime.LAST_HOUR_MINUTES).clear();
    pairs.headMap(ProductTime.day(clock) - (ProductTime.SCORE_DAYS - 1)).clear();
  }

  /** No counts, no pairs, no level: nothing to keep. */
  public boolean isEmpty() {
    return days.isEmpty() && minutes.isEmpty() && pairs.isEmpty() && levelTime == null;
  }

  /**
   * The earliest clock at which {@link #prune} leaves nothing but the level: the end of the last
   * bucket's window. Long.MIN_VALUE when there are no buckets.
   */
  public long bucketsExpireAt() {
    long at = Long.MIN_VALUE;
    if (!days.isEmpty()) {
      at = Math.max(at, (days.lastKey() + 1) * ProductTime.DAY_MS);
    }
    if (!minutes.isEmpty()) {
      at = Math.max(at, (minutes.lastKey() + ProductTime.LAST_HOUR_MINUTES + 1) * ProductTime.MINUTE_MS);
    }
    if (!pairs.isEmpty()) {
      at = Math.max(at, (pairs.lastKey() + ProductTime.SCORE_DAYS) * ProductTime.DAY_MS);
    }
    return at;
  }

  /** score(this product, q) as of C for every partner q with a formation in the 7 days of C. */
  public Map<String, Long> scores(long asOf) {
    long day = ProductTime.day(asOf);
    Map<String, Long> scores = new HashMap<>();
    for (Map<String, Long> byPartner : pairs.subMap(day - (ProductTime.SCORE_DAYS - 1), true, day, true).values()) {
      byPartner.forEach((partner, count) -> scores.merge(partner, count, Long::sum));
    }
    return scores;
  }

  /**
   * The product's data as of {@code asOf} (not below the clock), its related products' stock from
   * {@code stock} (null: unknown).
   */
  public ProductView view(String productId, long asOf, RelatedSettings settings, Function<String, Integer> stock) {
    Bucket today = days.get(ProductTime.day(asOf));
    long end = ProductTime.minute(asOf);
    ProductView.Counts lastHour = ProductView.Counts.ZERO;
    for (Bucket minute : minutes.subMap(end - ProductTime.LAST_HOUR_MINUTES, true, end, false).values()) {
      lastHour = lastHour.plus(minute.counts());
    }
    return new ProductView(productId, asOf, today == null ? ProductView.Counts.ZERO : today.counts(),
        today == null ? 0 : today.viewers, lastHour, available,
        related(asOf, settings, stock));
  }

  /** Score descending, then productId in code point order. */
  public static final Comparator<ProductView.Related> RELATED_ORDER = Comparator
      .comparingLong(ProductView.Related::score).reversed()
      .thenComparing(ProductView.Related::productId, CodePointOrder.COMPARATOR);

  private List<ProductView.Related> related(long asOf, RelatedSettings settings, Function<String, Integer> stock) {
    List<ProductView.Related> candidates = new ArrayList<>();
    scores(asOf).forEach((partner, score) -> {
      if (score >= settings.minScore()) {
        Integer units = stock.apply(partner);
        if (units == null || units != 0) {
          candidates.add(new ProductView.Related(partner, score, units));
        }
      }
    });
    candidates.sort(RELATED_ORDER);
    return List.copyOf(candidates.subList(0, Math.min(settings.size(), candidates.size())));
  }

  private static Bucket bucket(TreeMap<Long, Bucket> buckets, long key) {
    return buckets.computeIfAbsent(key, k -> new Bucket());
  }
}
