package io.cartpulse.streams.products;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.Offer;
import io.cartpulse.avro.ProductStats;
import io.cartpulse.avro.RelatedProduct;
import io.cartpulse.streams.state.DeadlineKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * The product-keyed half of the product side (ALERTS.md section 7): applies each
 * {@link ProductUpdate} (clicks and formations from the repartition topic, inventory levels) to its
 * product's {@link ProductState} in {@code product-state}, and republishes a product's data on
 * {@code product-stats} when the clock reaches the next minute after it changed - by an update, or
 * by time: a minute entering or leaving lastHour, a day ending, a score's day leaving the 7 days.
 * A product whose stock changes also goes to {@code product-stock}, which every instance reads as a
 * global store (a related product's stock, wherever its partner is answered).
 *
 * <p>Bounded: {@code product-schedule} holds (due time, product) entries; at each, the product is
 * pruned to what the clock can still see, and deleted (with a tombstone on product-stats) once
 * nothing is left. The clock (the largest event time of the task) lives in {@code product-clock}; a
 * day's viewers in {@code product-viewers}, deleted with the day.
 */
public final class ProductStatsProcessor implements Processor<String, byte[], String, ProductStatsProcessor.Output> {
  public static final String STATE_STORE = "product-state";
  public static final String SCHEDULE_STORE = "product-schedule";
  public static final String CLOCK_STORE = "product-clock";
  /** Who viewed which product on which day: (product, day, userId) keys without values. */
  public static final String VIEWERS_STORE = "product-viewers";
  /** The global store of every product's stock (from the product-stock topic). */
  public static final String STOCK_STORE = "product-stock-global";
  public static final String[] STORES = {STATE_STORE, SCHEDULE_STORE, CLOCK_STORE, VIEWERS_STORE};
  public static final String CLOCK_KEY = "clock";

  /** What leaves: a product's data (null with {@code removed}: a tombstone), its new stock, or an offer. */
  public record Output(ProductStats stats, boolean removed, byte[] stock, Offer offer) {
    Output(ProductStats stats, boolean removed, byte[] stock) {
      this(stats, removed, stock, null);
    }
  }

  private final RelatedSettings settings;
  private final Duration punctuateInterval;
  private ProcessorContext<String, Output> context;
  private KeyValueStore<String, byte[]> states;
  private KeyValueStore<Bytes, byte[]> schedule;
  private KeyValueStore<String, Long> clockStore;
  private KeyValueStore<Bytes, byte[]> viewers;
  private StockLookup stock;
  private long clock = Long.MIN_VALUE;
  /**
   * The keys of {@code product-schedule}, in its order (due time, then product): read from the store once
   * when the task is initialized, then kept in step with every put and delete. {@link #release} finds what
   * is due here, not with a store iterator: the clock moves with almost every update, and an iterator over
   * the record cache copies the cached keys of its range each time it is opened (a fifth of the stream
   * thread's CPU in a profile of a fast-forwarded replay, where something falls due on almost every update).
   * An update also asks for the same (due time, product) entries again and again within a minute; only
   * a key not here is written. The store stays the durable copy (restored from its changelog); this
   * index holds exactly its keys, so it is bounded as the store is.
   */
  private final NavigableSet<Bytes> scheduled = new TreeSet<>();

  public ProductStatsProcessor(RelatedSettings settings, Duration punctuateInterval) {
    this.settings = settings;
    this.punctuateInterval = punctuateInterval;
  }

  @Override
  public void init(ProcessorContext<String, Output> context) {
    this.context = context;
    states = context.getStateStore(STATE_STORE);
    schedule = context.getStateStore(SCHEDULE_STORE);
    clockStore = context.getStateStore(CLOCK_STORE);
    viewers = context.getStateStore(VIEWERS_STORE);
    stock = StockLookup.of(context.getStateStore(STOCK_STORE));
    Long persisted = clockStore.get(CLOCK_KEY);
    clock = persisted == null ? Long.MIN_VALUE : persisted;
    // A task revived after an aborted transaction initializes the same processor again, its stores rolled
    // back to the last commit: the index is read again from what the store holds.
    scheduled.clear();
    try (KeyValueIterator<Bytes, byte[]> all = schedule.all()) {
      all.forEachRemaining(entry -> scheduled.add(entry.key));
    }
    // The punctuation only paces the release; the clock is the largest event time of the updates.
    context.schedule(punctuateInterval, PunctuationType.STREAM_TIME, timestamp -> release(timestamp));
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (ProductCodec.isOfferRequest(record.value())) {
      offer(record);
      return;
    }
    ProductUpdate update = ProductCodec.update(record.value());
    String product = update.productId();
    advanceClock(update.time());
    ProductState state = load(product, states.get(product));
    Integer stockBefore = state.available();
    boolean changed = update.applyTo(state);
    state.prune(clock);
    states.put(product, ProductCodec.state(state));
    if (!java.util.Objects.equals(stockBefore, state.available()) || update instanceof ProductUpdate.Level) {
      context.forward(new Record<>(product, new Output(null, false,
          ProductCodec.stock(state.levelTime(), state.available())), record.timestamp()));
    }
    long next = nextMinute(clock);
    if (changed) {
      at(next, product);
    }
    long t = update.time();
    if (update instanceof ProductUpdate.Click) {
      at(Math.max(next, (ProductTime.minute(t) + 1) * ProductTime.MINUTE_MS), product);
      at(Math.max(next, (ProductTime.minute(t) + ProductTime.LAST_HOUR_MINUTES + 1) * ProductTime.MINUTE_MS), product);
      at(Math.max(next, (ProductTime.day(t) + 1) * ProductTime.DAY_MS), product);
    }
    if (update instanceof ProductUpdate.Formation
        || update instanceof ProductUpdate.Click click && !click.partners().isEmpty()) {
      at(Math.max(next, (ProductTime.day(t) + ProductTime.SCORE_DAYS) * ProductTime.DAY_MS), product);
    }
    release(record.timestamp());
  }

  /**
   * A CROSS_SELL or CART_ABANDONMENT alert of this task's product: it leaves as an {@link Offer} with
   * the product's related in-stock products as of the clock (none when the product has no data).
   */
  private void offer(Record<String, byte[]> record) {
    Alert alert = ProductCodec.offerRequest(record.value());
    String product = alert.getProductId();
    byte[] stored = states.get(product);
    long asOf = Math.max(clock, alert.getEventTime().toEpochMilli());
    List<RelatedProduct> related = stored == null ? List.of()
        : ProductStatsRecords.related(ProductCodec.state(stored).view(product, asOf, settings, stock));
    Offer offer = Offer.newBuilder().setAlert(alert).setRelated(related).setAsOf(java.time.Instant.ofEpochMilli(asOf))
        .build();
    context.forward(new Record<>(product, new Output(null, false, null, offer), record.timestamp()));
  }

  /** A product's state (null: none yet) with its viewers in {@code product-viewers}. */
  private ProductState load(String product, byte[] stored) {
    ProductState state = stored == null ? new ProductState() : ProductCodec.state(stored);
    state.useViewerIndex(new StoredViewers(product));
    return state;
  }

  /** One product's viewers in {@code product-viewers}. */
  private final class StoredViewers implements ProductState.ViewerIndex {
    private final String product;

    StoredViewers(String product) {
      this.product = product;
    }

    @Override
    public boolean firstView(long day, String userId) {
      Bytes key = ViewerKeys.key(product, day, userId);
      if (viewers.get(key) != null) {
        return false;
      }
      viewers.put(key, new byte[0]);
      return true;
    }

    @Override
    public void forget(long day) {
      List<Bytes> keys = new ArrayList<>();
      try (KeyValueIterator<Bytes, byte[]> it = viewers.range(ViewerKeys.dayStart(product, day),
          ViewerKeys.dayStart(product, day + 1))) {
        it.forEachRemaining(entry -> keys.add(entry.key));
      }
      keys.forEach(viewers::delete);
    }
  }

  private static long nextMinute(long time) {
    return (ProductTime.minute(time) + 1) * ProductTime.MINUTE_MS;
  }

  private void at(long due, String product) {
    Bytes key = DeadlineKeys.expiryKey(due, product);
    if (scheduled.add(key)) {
      schedule.put(key, new byte[0]);
    }
  }

  private void advanceClock(long time) {
    if (time > clock) {
      clock = time;
      clockStore.put(CLOCK_KEY, clock);
    }
  }

  /** Republishes (or removes) every product due at or before the clock, as of the clock. */
  private void release(long timestamp) {
    if (scheduled.isEmpty() || DeadlineKeys.due(scheduled.first()) > clock) {
      return;
    }
    SortedSet<Bytes> due = scheduled.headSet(DeadlineKeys.lowerBound(clock + 1));
    Set<String> products = new LinkedHashSet<>();
    for (Bytes key : due) {
      schedule.delete(key);
      products.add(DeadlineKeys.expiryUserId(key));
    }
    due.clear();
    for (String product : products) {
      byte[] stored = states.get(product);
      if (stored == null) {
        continue;
      }
      ProductState state = load(product, stored);
      state.prune(clock);
      if (state.isEmpty()) {
        states.delete(product);
        context.forward(new Record<>(product, new Output(null, true, null), timestamp));
        continue;
      }
      states.put(product, ProductCodec.state(state));
      ProductView view = state.view(product, clock, settings, stock);
      context.forward(new Record<>(product, new Output(ProductStatsRecords.toAvro(view), false, null), timestamp));
    }
  }

  /** The stock of any product from the global store (null: unknown). */
  interface StockLookup extends java.util.function.Function<String, Integer> {
    @SuppressWarnings("unchecked")
    static StockLookup of(Object store) {
      if (store instanceof org.apache.kafka.streams.state.TimestampedKeyValueStore<?, ?> timestamped) {
        KeyValueStore<String, ValueAndTimestamp<byte[]>> typed =
            (KeyValueStore<String, ValueAndTimestamp<byte[]>>) timestamped;
        return id -> {
          ValueAndTimestamp<byte[]> value = typed.get(id);
          return value == null || value.value() == null ? null : ProductCodec.stockUnits(value.value());
        };
      }
      KeyValueStore<String, byte[]> plain = (KeyValueStore<String, byte[]>) store;
      return id -> {
        byte[] value = plain.get(id);
        return value == null ? null : ProductCodec.stockUnits(value);
      };
    }
  }
}
