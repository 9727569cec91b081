package io.cartpulse.backtest.streams;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * An in-memory store for the backtest's time-ordered indexes ({@code abandonment-deadlines},
 * {@code user-expiry}), whose keys start with an 8-byte time
 * ({@link io.cartpulse.streams.state.DeadlineKeys}): entries are grouped by that time in a tree of hash maps, so a put or delete costs one small tree step and a
 * hash lookup instead of a descent comparing long shared key prefixes. Range scans return keys in
 * time order, and the keys of one time in no particular order (no record cache merges them).
 * Keys shorter than 8 bytes are rejected.
 */
public final class TimeBucketedStore extends InMemoryBytesStore {

  private final TreeMap<Long, Map<Bytes, byte[]>> buckets = new TreeMap<>();
  private long size;

  public TimeBucketedStore(String name) {
    super(name);
  }

  public static KeyValueBytesStoreSupplier supplier(String name) {
    return new KeyValueBytesStoreSupplier() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public KeyValueStore<Bytes, byte[]> get() {
        return new TimeBucketedStore(name);
      }

      @Override
      public String metricsScope() {
        return "in-memory-time-bucketed";
      }
    };
  }

  /** The time a key starts with, in an order equal to the unsigned byte order of the prefix. */
  static long timeOf(Bytes key) {
    byte[] bytes = key.get();
    if (bytes.length < 8) {
      throw new IllegalArgumentException("keys must start with an 8-byte time, got " + bytes.length + " bytes");
    }
    return ByteBuffer.wrap(bytes).getLong(0) ^ Long.MIN_VALUE;
  }

  @Override
  public void put(Bytes key, byte[] value) {
    if (value == null) {
      delete(key);
      return;
    }
    if (buckets.computeIfAbsent(timeOf(key), t -> new HashMap<>(4)).put(key, value) == null) {
      size++;
    }
  }

  @Override
  public byte[] delete(Bytes key) {
    long time = timeOf(key);
    Map<Bytes, byte[]> bucket = buckets.get(time);
    if (bucket == null) {
      return null;
    }
    byte[] old = bucket.remove(key);
    if (old != null) {
      size--;
      if (bucket.isEmpty()) {
        buckets.remove(time);
      }
    }
    return old;
  }

  @Override
  public byte[] get(Bytes key) {
    Map<Bytes, byte[]> bucket = buckets.get(timeOf(key));
    return bucket == null ? null : bucket.get(key);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
    if (from != null && to != null && from.compareTo(to) > 0) {
      return new SnapshotIterator(List.of());
    }
    NavigableMap<Long, Map<Bytes, byte[]>> slice = buckets;
    if (from != null && to != null) {
      slice = buckets.subMap(timeOf(from), true, timeOf(to), true);
    } else if (from != null) {
      slice = buckets.tailMap(timeOf(from), true);
    } else if (to != null) {
      slice = buckets.headMap(timeOf(to), true);
    }
    List<KeyValue<Bytes, byte[]>> entries = new ArrayList<>();
    for (Map<Bytes, byte[]> bucket : slice.values()) {
      bucket.forEach((k, v) -> {
        if (inRange(k, from, to)) {
          entries.add(KeyValue.pair(k, v));
        }
      });
    }
    return new SnapshotIterator(entries);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> all() {
    return range(null, null);
  }

  @Override
  public long approximateNumEntries() {
    return size;
  }

  @Override
  protected void clear() {
    buckets.clear();
    size = 0;
  }
}
