package io.cartpulse.streams.processor;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.streams.config.StreamsAppConfig;
import io.cartpulse.streams.rules.CartAbandonmentRule;
import io.cartpulse.streams.rules.Click;
import io.cartpulse.streams.rules.CouponIssuedRule;
import io.cartpulse.streams.rules.CrossSellRule;
import io.cartpulse.streams.rules.DeadlineIndex;
import io.cartpulse.streams.rules.PriceSensitivityRule;
import io.cartpulse.streams.rules.PurchaseIntentRule;
import io.cartpulse.streams.state.DeadlineKeys;
import io.cartpulse.streams.state.ProductState;
import io.cartpulse.streams.state.StateRetention;
import io.cartpulse.streams.state.UserRuleState;
import io.cartpulse.streams.state.UserRuleStateSerde;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs the five short-window rules of ALERTS.md section 3 for the users of one task.
 *
 * <p><b>Clock</b> (section 2): the largest event time seen by this task, persisted so a restarted
 * task resumes from it. Before an event is evaluated, every CART_ABANDONMENT item due at or before
 * {@code max(clock, t)} is emitted, so an event at or after a due time can never cancel it. A
 * stream-time punctuator repeats that and runs the state sweep; a wall-clock punctuator (when
 * enabled) advances the clock by the wall time elapsed since the last record, so a quiet
 * partition still emits its due results.
 *
 * <p><b>State</b>: {@code user-rule-state} holds one compact value per user (one read, one write
 * per event), pruned on every access; {@code abandonment-deadlines} indexes open items by due
 * time; {@code shopper-clock} holds the clock; {@code user-expiry} indexes users by the sweep
 * bucket in which everything they hold has expired (rewritten only when that bucket changes). A
 * periodic sweep (and every day roll-over) deletes the users of the buckets the clock has passed,
 * so every entry leaves once its windows have passed, at a cost proportional to what expires.
 */
public final class ShopperAlertsProcessor<K> implements Processor<K, ClickEvent, String, Alert> {

  public static final String USER_STATE_STORE = "user-rule-state";
  public static final String DEADLINE_STORE = "abandonment-deadlines";
  public static final String CLOCK_STORE = "shopper-clock";
  public static final String EXPIRY_STORE = "user-expiry";
  static final String CLOCK_KEY = "clock";

  private static final long NONE = UserRuleState.NONE;

  private final StreamsAppConfig config;
  private final ClockListener clockListener;
  private final CrossSellRule crossSell;
  private final CartAbandonmentRule cartAbandonment;
  private final PurchaseIntentRule purchaseIntent;
  private final PriceSensitivityRule priceSensitivity;
  private final CouponIssuedRule coupon;
  private final StateRetention retention;
  private final long sweepIntervalMs;
  private final List<Alert> couponAlerts = new ArrayList<>(4);

  private ProcessorContext<String, Alert> context;
  private KeyValueStore<String, byte[]> users;
  private final UserRuleStateSerde serde = new UserRuleStateSerde();
  private KeyValueStore<Bytes, byte[]> deadlines;
  private KeyValueStore<String, Long> clockStore;
  private KeyValueStore<Bytes, byte[]> expiry;
  /** Expiry of the value the last {@link #load} read (Long.MAX_VALUE when there was none). */
  private long loadedExpiresAt;
  private DeadlineIndex index;

  /** The task's event-time clock; NONE before the first event. */
  private long clock = NONE;
  /** The clock right after the last record, and the wall time that record arrived. */
  private long clockAtLastRecord = NONE;
  private long wallAtLastRecord;
  /** No item in the index is due before this (a lower bound: may be stale-low, never stale-high). */
  private long nextDue = Long.MAX_VALUE;
  private long nextSweepAt = NONE;

  public ShopperAlertsProcessor(StreamsAppConfig config) {
    this(config, ClockListener.NONE);
  }

  /** {@code clockListener} hears every value of this task's clock (the clock-lag metric). */
  public ShopperAlertsProcessor(StreamsAppConfig config, ClockListener clockListener) {
    this.config = config;
    this.clockListener = clockListener;
    StreamsAppConfig.RuleSettings rules = config.rules();
    this.crossSell = new CrossSellRule(rules.crossSell());
    this.cartAbandonment = new CartAbandonmentRule(rules.cartAbandonment());
    this.purchaseIntent = new PurchaseIntentRule(rules.purchaseIntent());
    this.priceSensitivity = new PriceSensitivityRule(rules.priceSensitivity());
    this.coupon = new CouponIssuedRule(rules.coupon());
    this.retention = StateRetention.from(rules);
    this.sweepIntervalMs = config.state().sweepInterval().toMillis();
  }

  @Override
  public void init(ProcessorContext<String, Alert> context) {
    this.context = context;
    this.users = context.getStateStore(USER_STATE_STORE);
    this.deadlines = context.getStateStore(DEADLINE_STORE);
    this.clockStore = context.getStateStore(CLOCK_STORE);
    this.expiry = context.getStateStore(EXPIRY_STORE);
    this.index = new DeadlineIndex() {
      @Override
      public void add(long due, String userId, String productId) {
        deadlines.put(DeadlineKeys.key(due, userId, productId), new byte[0]);
        if (due < nextDue) {
          nextDue = due;
        }
      }

      @Override
      public void remove(long due, String userId, String productId) {
        deadlines.delete(DeadlineKeys.key(due, userId, productId));
      }
    };
    Long persisted = clockStore.get(CLOCK_KEY);
    clock = persisted == null ? NONE : persisted;
    if (clock != NONE) {
      clockListener.onClock(context.taskId(), clock);
    }
    clockAtLastRecord = clock;
    wallAtLastRecord = context.currentSystemTimeMs();
    nextDue = firstDue();
    context.schedule(config.clock().streamTimeInterval(), PunctuationType.STREAM_TIME, ignored -> onClockTick());
    if (config.clock().wallClockAdvance()) {
      context.schedule(config.clock().wallClockInterval(), PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
    }
  }

  @Override
  public void process(Record<K, ClickEvent> record) {
    Click click = Click.of(record.value());
    long now = context.currentSystemTimeMs();
    if (clock == NONE || click.time() > clock) {
      setClock(click.time());
    }
    clockAtLastRecord = clock;
    wallAtLastRecord = now;
    // Section 2: results due at or before max(clock, t) go out before the event is evaluated.
    emitDue(now);
    maybeSweep();
    evaluate(click, now);
    // A late cart may open an item that is already due: the clock has reached it, so emit now.
    emitDue(now);
  }

  /** Stream-time punctuation: due results, the day roll-over and the periodic sweep. */
  void onClockTick() {
    long now = context.currentSystemTimeMs();
    emitDue(now);
    maybeSweep();
  }

  /** Wall-clock punctuation: the clock moves on by the wall time elapsed since the last record. */
  void onWallClock(long wallNow) {
    if (clockAtLastRecord == NONE) {
      return;
    }
    long effective = clockAtLastRecord + Math.max(0, wallNow - wallAtLastRecord);
    if (effective > clock) {
      setClock(effective);
    }
    emitDue(context.currentSystemTimeMs());
    maybeSweep();
  }

  private void setClock(long value) {
    clock = value;
    clockStore.put(CLOCK_KEY, value);
    clockListener.onClock(context.taskId(), value);
  }

  private void evaluate(Click click, long now) {
    String userId = click.userId();
    UserRuleState state = load(userId);
    long storedExpiresAt = loadedExpiresAt;
    boolean stored = state != null;
    if (!stored) {
      state = new UserRuleState();
    }
    long clockDay = coupon.dayOf(clock);
    state.prune(click.time(), clockDay, retention);
    switch (click.type()) {
      case VIEW -> {
        forward(crossSell.onView(click, state, now));
        ProductState product = state.product(click.productId());
        product.addView(click.time(), click.priceCents());
        forward(purchaseIntent.onView(click, product, now));
      }
      case CART -> {
        forward(priceSensitivity.onCart(click, state, now));
        cartAbandonment.onCart(click, state, index);
      }
      case REMOVE_FROM_CART -> cartAbandonment.onClose(click, state, index);
      case PURCHASE -> {
        cartAbandonment.onClose(click, state, index);
        state.product(click.productId()).recordPurchase(click.time());
        couponAlerts.clear();
        coupon.onPurchase(click, state, clockDay, now, couponAlerts);
        couponAlerts.forEach(this::forward);
      }
      default -> throw new IllegalStateException("unexpected event type " + click.type());
    }
    state.setPrevious(click.type(), click.time(), click.session(), click.categoryCode());
    state.prune(click.time(), clockDay, retention);
    store(userId, state, stored, storedExpiresAt);
  }

  private UserRuleState load(String userId) {
    byte[] bytes = users.get(userId);
    if (bytes == null) {
      loadedExpiresAt = Long.MAX_VALUE;
      return null;
    }
    loadedExpiresAt = UserRuleStateSerde.expiresAt(bytes);
    return serde.deserialize(USER_STATE_STORE, bytes);
  }

  private void store(String userId, UserRuleState state, boolean stored, long storedExpiresAt) {
    long expiresAt = Long.MAX_VALUE;
    if (!state.isEmpty()) {
      long couponDayEnd = state.couponDay() == NONE ? Long.MIN_VALUE : coupon.startOfDay(state.couponDay() + 1);
      expiresAt = state.expiresAt(retention, couponDayEnd);
      users.put(userId, serde.serialize(state, expiresAt));
    } else if (stored) {
      users.delete(userId);
    }
    long before = expiryBucket(storedExpiresAt);
    long after = expiryBucket(expiresAt);
    if (before != after) {
      if (before != NONE) {
        expiry.delete(DeadlineKeys.expiryKey(before, userId));
      }
      if (after != NONE) {
        expiry.put(DeadlineKeys.expiryKey(after, userId), new byte[0]);
      }
    }
  }

  /** The end of the sweep bucket holding {@code expiresAt} (rounded up), or NONE for "never". */
  private long expiryBucket(long expiresAt) {
    if (expiresAt == Long.MAX_VALUE) {
      return NONE;
    }
    return Math.floorDiv(expiresAt, sweepIntervalMs) * sweepIntervalMs
        + (Math.floorMod(expiresAt, sweepIntervalMs) == 0 ? 0 : sweepIntervalMs);
  }

  /**
   * Emits every open abandonment item due at or before the clock. Only the slice
   * {@code [nextDue, clock]} of the index is read; afterwards nothing at or before the clock is
   * left, so {@code clock + 1} is a valid lower bound until an earlier item is added.
   */
  private void emitDue(long now) {
    if (clock == NONE || nextDue > clock) {
      return;
    }
    List<Bytes> due = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it = deadlines.range(DeadlineKeys.lowerBound(nextDue),
        DeadlineKeys.lowerBound(clock + 1))) {
      while (it.hasNext()) {
        Bytes key = it.next().key;
        if (DeadlineKeys.due(key) <= clock) {
          due.add(key);
        }
      }
    }
    nextDue = clock + 1;
    long clockDay = coupon.dayOf(clock);
    for (Bytes key : due) {
      deadlines.delete(key);
      String userId = DeadlineKeys.userId(key);
      UserRuleState state = load(userId);
      if (state == null) {
        continue;
      }
      long storedExpiresAt = loadedExpiresAt;
      Alert alert = cartAbandonment.emit(userId, DeadlineKeys.productId(key), DeadlineKeys.due(key), state, now);
      if (alert != null) {
        forward(alert);
        state.prune(clock, clockDay, retention);
        store(userId, state, true, storedExpiresAt);
      }
    }
  }

  private long firstDue() {
    try (KeyValueIterator<Bytes, byte[]> it = deadlines.all()) {
      return it.hasNext() ? DeadlineKeys.due(it.next().key) : Long.MAX_VALUE;
    }
  }

  private void maybeSweep() {
    if (clock == NONE) {
      return;
    }
    if (nextSweepAt == NONE) {
      nextSweepAt = nextSweepAfter(clock);
      return;
    }
    if (clock >= nextSweepAt) {
      sweep();
      nextSweepAt = nextSweepAfter(clock);
    }
  }

  /** The next sweep: one interval on, or the start of the next day (coupon roll-over), whichever is first. */
  private long nextSweepAfter(long at) {
    return Math.min(at + sweepIntervalMs, coupon.startOfDay(coupon.dayOf(at) + 1));
  }

  /**
   * Deletes every user whose facts have all expired by the clock: the users of every expiry bucket
   * the clock has reached. Users still active are pruned on their next access instead.
   */
  void sweep() {
    List<Bytes> due = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it = expiry.range(DeadlineKeys.lowerBound(Long.MIN_VALUE),
        DeadlineKeys.lowerBound(clock + 1))) {
      it.forEachRemaining(entry -> due.add(entry.key));
    }
    for (Bytes key : due) {
      expiry.delete(key);
      String userId = DeadlineKeys.expiryUserId(key);
      byte[] bytes = users.get(userId);
      // The bucket reached the clock, so the value it indexes has expired; anything newer has its own entry.
      if (bytes != null && UserRuleStateSerde.expiresAt(bytes) <= clock) {
        users.delete(userId);
      }
    }
  }

  private void forward(Alert alert) {
    if (alert != null) {
      context.forward(new Record<>(alert.getUserId(), alert, alert.getEventTime().toEpochMilli()));
    }
  }

  /** The clock (tests). */
  long clock() {
    return clock;
  }
}
