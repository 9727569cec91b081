package io.cartpulse.streams.products;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.streams.state.DeadlineKeys;
import java.time.Duration;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The user-keyed half of the product side (ALERTS.md section 7): each valid click, in arrival order,
 * goes through its user's {@link UserSessions}; the {@link ProductUpdate}s that causes (the click for
 * its product, each pair formation for both products) leave keyed by product, for the repartition
 * topic that brings them to the product's task.
 *
 * <p>Bounded: {@code product-sessions} holds a user while one of their sessions remembers a product an
 * in-order event could still pair with; {@code product-session-expiry} indexes users by that time, and
 * the clock (the largest event time of the task) sweeps them out.
 */
public final class ProductSessionsProcessor implements Processor<String, ClickEvent, String, byte[]> {
  public static final String SESSIONS_STORE = "product-sessions";
  public static final String EXPIRY_STORE = "product-session-expiry";
  public static final String[] STORES = {SESSIONS_STORE, EXPIRY_STORE};

  private final RelatedSettings settings;
  private final Duration sweepInterval;
  private ProcessorContext<String, byte[]> context;
  private KeyValueStore<String, byte[]> sessions;
  private KeyValueStore<Bytes, byte[]> expiry;
  private long clock = Long.MIN_VALUE;
  private long nextSweep = Long.MIN_VALUE;
  /**
   * No entry of {@code product-session-expiry} is due before this (Long.MAX_VALUE: none): a sweep reads the
   * index only once the clock reaches it, and only from there. Without it every stream-time punctuation
   * opened a store iterator at the start of the index, over the entries earlier sweeps deleted. After a
   * sweep it is the clock + 1 (lowered by an entry saved since), a bound rather than the first entry: finding
   * that entry took an iterator open to the end of the index, and an iterator over the record cache copies
   * every cached key of its range (5% of the stream thread in a profile); the next sweep reads only the
   * range between the two clocks.
   */
  private long nextExpiry = Long.MAX_VALUE;

  public ProductSessionsProcessor(RelatedSettings settings, Duration sweepInterval) {
    this.settings = settings;
    this.sweepInterval = sweepInterval;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    this.sessions = context.getStateStore(SESSIONS_STORE);
    this.expiry = context.getStateStore(EXPIRY_STORE);
    // The punctuation only paces the sweep; its time is not an event time (a source record's timestamp
    // is its produce time when the input is read without a repartition), so the clock stays ours.
    context.schedule(sweepInterval, PunctuationType.STREAM_TIME, ignored -> sweep());
    nextExpiry = firstExpiry();
  }

  @Override
  public void process(Record<String, ClickEvent> record) {
    ClickEvent click = record.value();
    String user = click.getUserId();
    long time = click.getEventTime().toEpochMilli();
    clock = Math.max(clock, time);
    byte[] stored = sessions.get(user);
    UserSessions userSessions = stored == null ? new UserSessions() : ProductCodec.sessions(stored);
    Long indexedAt = stored == null ? null : userSessions.idleAt(settings);
    userSessions.forgetIdle(clock, settings);
    for (ProductUpdate update : userSessions.updates(click, settings)) {
      context.forward(new Record<>(update.productId(), ProductCodec.update(update), time, record.headers()));
    }
    save(user, userSessions, stored, indexedAt);
    // Sweep as the event clock moves on, not only when Kafka punctuates (its stream time is no event time).
    if (clock >= nextSweep) {
      nextSweep = clock + sweepInterval.toMillis();
      sweep();
    }
  }

  /**
   * Stores a user's sessions. {@code stored} and {@code indexedAt} are what the store and the index hold for
   * the user (null: nothing): unchanged bytes are not written again (a view of a product the session
   * remembers changes nothing), nor is an index entry the user already has - every stored user has the entry
   * of its idle time (a sweep deletes an entry only once the user's sessions are all idle or it has a later one).
   */
  private void save(String user, UserSessions userSessions, byte[] stored, Long indexedAt) {
    if (userSessions.isEmpty()) {
      if (stored != null) {
        sessions.delete(user);
      }
      return;
    }
    byte[] bytes = ProductCodec.sessions(userSessions);
    if (!java.util.Arrays.equals(bytes, stored)) {
      sessions.put(user, bytes);
    }
    long idleAt = userSessions.idleAt(settings);
    if (indexedAt == null || indexedAt != idleAt) {
      expiry.put(DeadlineKeys.expiryKey(idleAt, user), new byte[0]);
      nextExpiry = Math.min(nextExpiry, idleAt);
    }
  }

  /** The time of the first index entry, or Long.MAX_VALUE. */
  private long firstExpiry() {
    try (KeyValueIterator<Bytes, byte[]> it = expiry.all()) {
      return it.hasNext() ? DeadlineKeys.due(it.next().key) : Long.MAX_VALUE;
    }
  }

  /** Drops the users whose sessions the clock (the largest event time seen) has made idle. */
  void sweep() {
    if (clock < nextExpiry) {
      return;
    }
    Bytes notYetDue = DeadlineKeys.lowerBound(clock + 1);
    try (KeyValueIterator<Bytes, byte[]> due = expiry.range(DeadlineKeys.lowerBound(nextExpiry), notYetDue)) {
      java.util.List<Bytes> done = new java.util.ArrayList<>();
      while (due.hasNext()) {
        KeyValue<Bytes, byte[]> entry = due.next();
        done.add(entry.key);
        String user = DeadlineKeys.expiryUserId(entry.key);
        byte[] stored = sessions.get(user);
        if (stored != null) {
          UserSessions userSessions = ProductCodec.sessions(stored);
          if (userSessions.forgetIdle(clock, settings)) {
            // The entry just deleted may have been the user's own: index the rest again.
            save(user, userSessions, stored, null);
          }
        }
      }
      done.forEach(expiry::delete);
    }
    // Everything before notYetDue is deleted; what the loop saved again is due after the clock.
    nextExpiry = clock + 1;
  }
}
