package io.cartpulse.backtest.streams;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * An in-memory key-value store on a hash map, for the backtest's stores read only by key and by full
 * scans ({@code user-rule-state}, {@code shopper-clock}): O(1) get and put where Kafka's in-memory
 * store pays a tree lookup with byte-array comparisons. Full scans iterate a snapshot in no
 * particular order; range scans are sorted.
 */
public final class HashKeyValueStore extends InMemoryBytesStore {

  private final Map<Bytes, byte[]> map = new HashMap<>();

  public HashKeyValueStore(String name) {
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
        return new HashKeyValueStore(name);
      }

      @Override
      public String metricsScope() {
        return "in-memory-hash";
      }
    };
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
      if (inRange(k, from, to)) {
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
    return new SnapshotIterator(entries);
  }

  @Override
  public long approximateNumEntries() {
    return map.size();
  }

  @Override
  protected void clear() {
    map.clear();
  }
}
