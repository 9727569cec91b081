package io.cartpulse.streams.products;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.click.EventType;
import io.cartpulse.click.Money;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One user's sessions for related products (ALERTS.md section 7: a session is a (userId,
 * userSession) with a non-missing session), and the step that turns a valid click into the
 * {@link ProductUpdate}s it causes: the click itself for its product, and each formation of a pair
 * for both of its products. The live app keeps one of these per user in a store; the backtest one
 * per user in memory.
 */
public final class UserSessions {
  private final Map<String, SessionMemory> sessions;

  public UserSessions() {
    this(new LinkedHashMap<>());
  }

  private UserSessions(Map<String, SessionMemory> sessions) {
    this.sessions = sessions;
  }

  /** Restores sessions from their memories (the store's form). */
  public static UserSessions of(Map<String, SessionMemory> sessions) {
    return new UserSessions(new LinkedHashMap<>(sessions));
  }

  /**
   * The updates of one valid, normalized click of this user, in order: the click for its product q with
   * the partners a it formed pairs with (q's formations), then per partner the formation for a. The
   * session memory changes as the contract says.
   */
  public List<ProductUpdate> updates(ClickEvent click, RelatedSettings settings) {
    String product = click.getProductId();
    long time = click.getEventTime().toEpochMilli();
    String session = click.getUserSession();
    List<String> partners = session == null || session.isEmpty() ? List.of()
        : sessions.computeIfAbsent(session, s -> new SessionMemory()).observe(product, time, settings);
    List<ProductUpdate> updates = new ArrayList<>(1 + partners.size());
    updates.add(new ProductUpdate.Click(product, EventType.fromWireName(click.getEventType()), time,
        Money.toCents(click.getPrice()), click.getUserId(), partners));
    for (String partner : partners) {
      updates.add(new ProductUpdate.Formation(partner, product, time));
    }
    return updates;
  }

  /**
   * Forgets the sessions whose newest entry is at least {@code horizon} older than {@code clock}: an
   * event at or after the clock would forget all their entries first. (Only an event more than the
   * horizon out of time order could still have paired with them.) Returns whether any was dropped.
   */
  public boolean forgetIdle(long clock, RelatedSettings settings) {
    boolean dropped = false;
    for (Iterator<SessionMemory> it = sessions.values().iterator(); it.hasNext(); ) {
      SessionMemory memory = it.next();
      if (memory.size() == 0 || clock - memory.newestFirstSeen() >= settings.sessionHorizonMs()) {
        it.remove();
        dropped = true;
      }
    }
    return dropped;
  }

  /** The latest time at which a session still holds something an in-order event could pair with. */
  public long idleAt(RelatedSettings settings) {
    long at = Long.MIN_VALUE;
    for (SessionMemory memory : sessions.values()) {
      at = Math.max(at, memory.newestFirstSeen() + settings.sessionHorizonMs());
    }
    return at;
  }

  public Map<String, SessionMemory> sessions() {
    return java.util.Collections.unmodifiableMap(sessions);
  }

  public boolean isEmpty() {
    return sessions.isEmpty();
  }
}
