package io.cartpulse.streams.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
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
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * An in-memory key-value store on a hash map, for stores read only by key and by full scans
 * ({@code user-rule-state}, {@code shopper-clock}): O(1) get and put where Kafka's in-memory store
 * pays a tree lookup with byte-array comparisons. Scans iterate a snapshot; it is sorted when
 * {@code sortedScans} (required under the record cache, which merges sorted iterators), otherwise
 * in no particular order. Restores from its changelog like any store.
 */
public final class HashKeyValueStore implements KeyValueStore<Bytes, byte[]> {

  private final String name;
  private final boolean sortedScans;
  private final Map<Bytes, byte[]> map = new HashMap<>();
  private volatile boolean open;

  public HashKeyValueStore(String name, boolean sortedScans) {
    this.name = name;
    this.sortedScans = sortedScans;
  }

  public static KeyValueBytesStoreSupplier supplier(String name, boolean sortedScans) {
    return new KeyValueBytesStoreSupplier() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public KeyValueStore<Bytes, byte[]> get() {
        return new HashKeyValueStore(name, sortedScans);
      }

      @Override
      public String metricsScope() {
        return "in-memory-hash";
      }
    };
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    if (root != null) {
      context.register(root, (key, value) -> {
        if (value == null) {
          map.remove(Bytes.wrap(key));
        } else {
          map.put(Bytes.wrap(key), value);
        }
      });
    }
    open = true;
  }

  @Override
  public void put(Bytes key, byte[] value) {
    if (value == null) {
      map.remove(key);
    } else {
      map.put(key, value);
    }
  }

  @Override
  public byte[] putIfAbsent(Bytes key, byte[] value) {
    byte[] existing = map.get(key);
    if (existing == null) {
      put(key, value);
    }
    return existing;
  }

  @Override
  public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
    entries.forEach(kv -> put(kv.key, kv.value));
  }

  @Override
  public byte[] delete(Bytes key) {
    return map.remove(key);
  }

  @Override
  public byte[] get(Bytes key) {
    return map.get(key);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
    List<KeyValue<Bytes, byte[]>> entries = new ArrayList<>();
    map.forEach((k, v) -> {
      if ((from == null || k.compareTo(from) >= 0) && (to == null || k.compareTo(to) <= 0)) {
        entries.add(KeyValue.pair(k, v));
      }
    });
    entries.sort((a, b) -> a.key.compareTo(b.key));
    return new SnapshotIterator(entries);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> all() {
    List<KeyValue<Bytes, byte[]>> entries = new ArrayList<>(map.size());
    map.forEach((k, v) -> entries.add(KeyValue.pair(k, v)));
    if (sortedScans) {
      entries.sort((a, b) -> a.key.compareTo(b.key));
    }
    return new SnapshotIterator(entries);
  }

  @Override
  public long approximateNumEntries() {
    return map.size();
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    map.clear();
    open = false;
  }

  @Override
  public boolean persistent() {
    return false;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
    return QueryResult.forUnknownQueryType(query, this);
  }

  @Override
  public Position getPosition() {
    return Position.emptyPosition();
  }

  private static final class SnapshotIterator implements KeyValueIterator<Bytes, byte[]> {
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
        if (!it.hasNext()) {
          throw new NoSuchElementException();
        }
        peeked = it.next();
      }
      return peeked.key;
    }

    @Override
    public void close() {}
  }
}
