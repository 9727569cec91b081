package io.cartpulse.backtest.streams;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What the backtest's in-memory byte stores share: the store life cycle, restore through {@link #put},
 * no interactive queries, and scans over a snapshot list (so a scan may run while the caller deletes
 * what it reads, as the sweeps do). Subclasses keep the entries. The backtest runs without the record
 * cache, so scans need no particular order.
 */
abstract class InMemoryBytesStore implements KeyValueStore<Bytes, byte[]> {

  private final String name;
  private volatile boolean open;

  InMemoryBytesStore(String name) {
    this.name = name;
  }

  /** Drops every entry (on close). */
  protected abstract void clear();

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final void init(StateStoreContext context, StateStore root) {
    if (root != null) {
      context.register(root, (key, value) -> put(Bytes.wrap(key), value));
    }
    open = true;
  }

  @Override
  public final byte[] putIfAbsent(Bytes key, byte[] value) {
    byte[] existing = get(key);
    if (existing == null) {
      put(key, value);
    }
    return existing;
  }

  @Override
  public final void putAll(List<KeyValue<Bytes, byte[]>> entries) {
    entries.forEach(kv -> put(kv.key, kv.value));
  }

  @Override
  public final void flush() {}

  @Override
  public final void close() {
    clear();
    open = false;
  }

  @Override
  public final boolean persistent() {
    return false;
  }

  @Override
  public final boolean isOpen() {
    return open;
  }

  @Override
  public final <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
    return QueryResult.forUnknownQueryType(query, this);
  }

  @Override
  public final Position getPosition() {
    return Position.emptyPosition();
  }

  static boolean inRange(Bytes key, Bytes from, Bytes to) {
    return (from == null || key.compareTo(from) >= 0) && (to == null || key.compareTo(to) <= 0);
  }

  /** Iterates a list taken when the scan began. */
  static final class SnapshotIterator implements KeyValueIterator<Bytes, byte[]> {
    private final Iterator<KeyValue<Bytes, byte[]>> it;
    private KeyValue<Bytes, byte[]> peeked;

    SnapshotIterator(List<KeyValue<Bytes, byte[]>> entries) {
      this.it = entries.iterator();
    }

    @Override
    public boolean hasNext() {
      return peeked != null || it.hasNext();
    }

    @Override
    public KeyValue<Bytes, byte[]> next() {
      if (peeked != null) {
        KeyValue<Bytes, byte[]> next = peeked;
        peeked = null;
        return next;
      }
      if (!it.hasNext()) {
        throw new NoSuchElementException();
      }
      return it.next();
    }

    @Override
    public Bytes peekNextKey() {
      if (peeked == null) {
        peeked = next();
      }
      return peeked.key;
    }

    @Override
    public void close() {}
  }
}
