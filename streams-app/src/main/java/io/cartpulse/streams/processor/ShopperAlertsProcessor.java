package io.cartpulse.streams.processor;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.settings.SettingsInForce;
import io.cartpulse.settings.SettingsTimeline;
import io.cartpulse.settings.SettingsVersion;
import io.cartpulse.streams.config.StreamsAppConfig;
import io.cartpulse.streams.rules.Click;
import io.cartpulse.streams.rules.RuleContext;
import io.cartpulse.streams.rules.ShopperRule;
import io.cartpulse.streams.rules.ShopperRules;
import io.cartpulse.streams.rules.UserState;
import io.cartpulse.streams.state.DeadlineKeys;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the short-window rules of ALERTS.md section 3 ({@link ShopperRules}, in catalog order) for
 * the users of one task. Every rule is called through the same two entry points: each event of a
 * user, and each time the clock reaches a due time a rule asked for.
 *
 * <p><b>Clock</b> (section 2): the largest event time seen by this task, persisted so a restarted
 * task resumes from it. Before an event is evaluated, every result due at or before
 * {@code max(clock, t)} is emitted, so an event at or after a due time can never cancel it. A
 * stream-time punctuator repeats that and runs the state sweep; a wall-clock punctuator (when
 * enabled) advances the clock by the wall time elapsed since the last record, so a quiet
 * partition still emits its due results.
 *
 * <p><b>Settings</b> (section 8): each rule reads the run-time settings in force at the time its
 * check names, from the timeline {@code settings} supplies (the start-up configuration plus the
 * versions known so far; read once per record or punctuation).
 *
 * <p><b>State</b>: {@code user-rule-state} holds one value per user with one slice per rule (one
 * read, one write per event), pruned on every access; {@code abandonment-deadlines} indexes the
 * due times rules asked for; {@code shopper-clock} holds the clock; {@code user-expiry} indexes
 * users by the sweep bucket in which everything they hold has expired (rewritten only when that
 * bucket changes). A periodic sweep (and every roll-over a rule names, e.g. the coupon day) deletes
 * the users of the buckets the clock has passed, so every entry leaves once its windows have
 * passed, at a cost proportional to what expires. Store names are part of the upgrade contract
 * (they name the changelog topics).
 */
public final class ShopperAlertsProcessor<K> implements Processor<K, ClickEvent, String, Alert>, RuleContext {

  public static final String USER_STATE_STORE = "user-rule-state";
  public static final String DEADLINE_STORE = "abandonment-deadlines";
  public static final String CLOCK_STORE = "shopper-clock";
  public static final String EXPIRY_STORE = "user-expiry";
  /** Every store the processor needs, for topology wiring. */
  public static final String[] STORES = {USER_STATE_STORE, DEADLINE_STORE, CLOCK_STORE, EXPIRY_STORE};
  static final String CLOCK_KEY = "clock";

  private static final long NONE = Long.MIN_VALUE;
  private static final Logger LOG = LoggerFactory.getLogger(ShopperAlertsProcessor.class);

  private final StreamsAppConfig config;
  private final ShopperRules rules;
  private final List<ShopperRule<Object>> ruleList;
  private final Supplier<SettingsTimeline> settings;
  private final ClockListener clockListener;
  private final long sweepIntervalMs;

  private ProcessorContext<String, Alert> context;
  private KeyValueStore<String, byte[]> users;
  private KeyValueStore<Bytes, byte[]> deadlines;
  private KeyValueStore<String, Long> clockStore;
  private KeyValueStore<Bytes, byte[]> expiry;
  /** Expiry of the value the last {@link #load} read (Long.MAX_VALUE when there was none). */
  private long loadedExpiresAt;

  /** The task's event-time clock; NONE before the first event. */
  private long clock = NONE;
  /** The clock right after the last record, and the wall time that record arrived. */
  private long clockAtLastRecord = NONE;
  private long wallAtLastRecord;
  /** No item in the index is due before this (a lower bound: may be stale-low, never stale-high). */
  private long nextDue = Long.MAX_VALUE;
  private long nextSweepAt = NONE;

  /** The user being evaluated, the settings timeline and wall time of this step (the {@link RuleContext}). */
  private String currentUser;
  private SettingsTimeline timeline;
  private long now;

  /** With the start-up settings only (no settings versions). */
  public ShopperAlertsProcessor(StreamsAppConfig config) {
    this(config, constant(SettingsTimeline.of(config.settingsInForce())), ClockListener.NONE);
  }

  /**
   * {@code settings}: the run-time settings timeline, read once per record or punctuation;
   * {@code clockListener} hears every value of this task's clock (the clock-lag metric).
   */
  public ShopperAlertsProcessor(StreamsAppConfig config, Supplier<SettingsTimeline> settings,
      ClockListener clockListener) {
    this.config = config;
    this.rules = ShopperRules.fromCatalog(config);
    this.ruleList = rules.rules();
    this.settings = settings;
    this.clockListener = clockListener;
    this.sweepIntervalMs = config.state().sweepInterval().toMillis();
  }

  private static Supplier<SettingsTimeline> constant(SettingsTimeline timeline) {
    return () -> timeline;
  }

  @Override
  public void init(ProcessorContext<String, Alert> context) {
    this.context = context;
    this.users = context.getStateStore(USER_STATE_STORE);
    this.deadlines = context.getStateStore(DEADLINE_STORE);
    this.clockStore = context.getStateStore(CLOCK_STORE);
    this.expiry = context.getStateStore(EXPIRY_STORE);
    Long persisted = clockStore.get(CLOCK_KEY);
    clock = persisted == null ? NONE : persisted;
    if (clock != NONE) {
      clockListener.onClock(context.taskId(), clock);
    }
    clockAtLastRecord = clock;
    wallAtLastRecord = context.currentSystemTimeMs();
    timeline = settings.get();
    nextDue = firstDue();
    context.schedule(config.clock().streamTimeInterval(), PunctuationType.STREAM_TIME, ignored -> onClockTick());
    if (config.clock().wallClockAdvance()) {
      context.schedule(config.clock().wallClockInterval(), PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
    }
  }

  @Override
  public void process(Record<K, ClickEvent> record) {
    Click click = Click.of(record.value());
    beginStep();
    if (clock == NONE || click.time() > clock) {
      setClock(click.time());
    }
    clockAtLastRecord = clock;
    wallAtLastRecord = now;
    // Section 2: results due at or before max(clock, t) go out before the event is evaluated.
    emitDue();
    maybeSweep();
    evaluate(click);
    // A late event may ask for a time the clock has already reached: emit it now.
    emitDue();
  }

  /** Stream-time punctuation: due results, roll-overs and the periodic sweep. */
  void onClockTick() {
    beginStep();
    emitDue();
    maybeSweep();
  }

  /** Wall-clock punctuation: the clock moves on by the wall time elapsed since the last record. */
  void onWallClock(long wallNow) {
    if (clockAtLastRecord == NONE) {
      return;
    }
    beginStep();
    long effective = clockAtLastRecord + Math.max(0, wallNow - wallAtLastRecord);
    if (effective > clock) {
      setClock(effective);
    }
    emitDue();
    maybeSweep();
  }

  private void beginStep() {
    now = context.currentSystemTimeMs();
    SettingsTimeline next = settings.get();
    if (next != timeline) {
      reportLateVersions(timeline, next);
      timeline = next;
    }
  }

  /**
   * Section 8: a version that reaches the engine after this task's clock passed its effectiveFrom
   * applies from the next event on; what was emitted stays. Said once per task, so an operator can
   * see why results around that time followed the older settings.
   */
  private void reportLateVersions(SettingsTimeline before, SettingsTimeline after) {
    if (clock == NONE || before == null) {
      return;
    }
    for (SettingsVersion version : after.versions()) {
      if (version.effectiveFrom() <= clock
          && before.versions().stream().noneMatch(known -> known.version() == version.version())) {
        LOG.info("task {}: settings version {} (effectiveFrom {}) arrived after this task's clock passed it ({}): "
            + "it applies from the next event on; alerts already emitted stay", context.taskId(), version.version(),
            version.effectiveFrom(), clock);
      }
    }
  }

  private void setClock(long value) {
    clock = value;
    clockStore.put(CLOCK_KEY, value);
    clockListener.onClock(context.taskId(), value);
  }

  private void evaluate(Click click) {
    String userId = click.userId();
    UserState state = load(userId);
    long storedExpiresAt = loadedExpiresAt;
    boolean stored = state != null;
    if (!stored) {
      state = rules.newState();
    }
    currentUser = userId;
    prune(state, click.time());
    for (int i = 0; i < ruleList.size(); i++) {
      ruleList.get(i).onEvent(click, state.slice(i), this);
    }
    prune(state, click.time());
    store(userId, state, stored, storedExpiresAt);
  }

  private void prune(UserState state, long eventTime) {
    for (int i = 0; i < ruleList.size(); i++) {
      Object slice = state.peek(i);
      if (slice != null) {
        ruleList.get(i).prune(slice, eventTime, clock);
      }
    }
  }

  private UserState load(String userId) {
    byte[] bytes = users.get(userId);
    if (bytes == null) {
      loadedExpiresAt = Long.MAX_VALUE;
      return null;
    }
    loadedExpiresAt = ShopperRules.expiresAt(bytes);
    return rules.decode(bytes);
  }

  private void store(String userId, UserState state, boolean stored, long storedExpiresAt) {
    long expiresAt = Long.MAX_VALUE;
    if (!state.isEmpty()) {
      expiresAt = state.expiresAt();
      users.put(userId, rules.encode(state, expiresAt));
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
   * Hands every due time at or before the clock to its user's rules, each user once, in order of
   * their earliest due time. Only the slice {@code [nextDue, clock]} of the index is read;
   * afterwards nothing at or before the clock is left, so {@code clock + 1} is a valid lower bound
   * until an earlier time is asked for.
   */
  private void emitDue() {
    if (clock == NONE || nextDue > clock) {
      return;
    }
    List<Bytes> due = new ArrayList<>();
    Set<String> dueUsers = new LinkedHashSet<>();
    try (KeyValueIterator<Bytes, byte[]> it = deadlines.range(DeadlineKeys.lowerBound(nextDue),
        DeadlineKeys.lowerBound(clock + 1))) {
      while (it.hasNext()) {
        Bytes key = it.next().key;
        due.add(key);
        dueUsers.add(DeadlineKeys.userId(key));
      }
    }
    nextDue = clock + 1;
    due.forEach(deadlines::delete);
    for (String userId : dueUsers) {
      UserState state = load(userId);
      if (state == null) {
        continue;
      }
      long storedExpiresAt = loadedExpiresAt;
      currentUser = userId;
      for (int i = 0; i < ruleList.size(); i++) {
        Object slice = state.peek(i);
        if (slice != null) {
          ruleList.get(i).onDue(slice, this);
        }
      }
      prune(state, clock);
      store(userId, state, true, storedExpiresAt);
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

  /** The next sweep: one interval on, or the first roll-over a rule names, whichever is first. */
  private long nextSweepAfter(long at) {
    long next = at + sweepIntervalMs;
    for (ShopperRule<Object> rule : ruleList) {
      next = Math.min(next, rule.nextRollover(at));
    }
    return next;
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
      if (bytes != null && ShopperRules.expiresAt(bytes) <= clock) {
        users.delete(userId);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // RuleContext

  @Override
  public String userId() {
    return currentUser;
  }

  @Override
  public long clock() {
    return clock;
  }

  @Override
  public long detectedAt() {
    return now;
  }

  @Override
  public SettingsInForce settingsAt(long eventTime) {
    return timeline.at(eventTime);
  }

  @Override
  public void emit(Alert alert) {
    context.forward(new Record<>(alert.getUserId(), alert, alert.getEventTime().toEpochMilli()));
  }

  @Override
  public void wakeAt(long due, String item) {
    deadlines.put(DeadlineKeys.key(due, currentUser, item), new byte[0]);
    if (due < nextDue) {
      nextDue = due;
    }
  }

  @Override
  public void cancelWake(long due, String item) {
    deadlines.delete(DeadlineKeys.key(due, currentUser, item));
  }
}
