package io.cartpulse.backtest.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartpulse.streams.state.DeadlineKeys;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** The backtest's in-memory stores behave as the rule processor needs a key-value store to. */
class InMemoryStoresTest {

  private static List<String> scan(KeyValueIterator<Bytes, byte[]> it) {
    List<String> keys = new ArrayList<>();
    try (it) {
      it.forEachRemaining(kv -> keys.add(DeadlineKeys.due(kv.key) + ":" + DeadlineKeys.userId(kv.key) + "/"
          + DeadlineKeys.productId(kv.key)));
    }
    return keys;
  }

  @Test
  void timeBucketedStoreScansInTimeOrderAndHonoursBounds() {
    KeyValueStore<Bytes, byte[]> store = new TimeBucketedStore("t");
    for (String user : List.of("b", "a", "c")) {
      store.put(DeadlineKeys.key(20, user, "p"), new byte[0]);
    }
    store.put(DeadlineKeys.key(-5, "z", "p"), new byte[0]);
    store.put(DeadlineKeys.key(10, "y", "p"), new byte[0]);
    store.put(DeadlineKeys.key(30, "x", "p"), new byte[0]);

    List<String> all = scan(store.all());
    assertThat(all).hasSize(6).startsWith("-5:z/p", "10:y/p").endsWith("30:x/p");
    assertThat(all.subList(2, 5)).containsExactlyInAnyOrder("20:a/p", "20:b/p", "20:c/p");
    assertThat(scan(store.range(DeadlineKeys.lowerBound(10), DeadlineKeys.lowerBound(21))))
        .hasSize(4).startsWith("10:y/p").containsOnlyOnce("20:a/p", "20:b/p", "20:c/p");
    assertThat(scan(store.range(DeadlineKeys.lowerBound(Long.MIN_VALUE), DeadlineKeys.lowerBound(20))))
        .containsExactly("-5:z/p", "10:y/p");
    assertThat(store.approximateNumEntries()).isEqualTo(6);

    assertThat(store.delete(DeadlineKeys.key(20, "b", "p"))).isNotNull();
    assertThat(store.delete(DeadlineKeys.key(20, "b", "p"))).isNull();
    store.put(DeadlineKeys.key(30, "x", "p"), null);
    assertThat(scan(store.all())).containsExactlyInAnyOrder("-5:z/p", "10:y/p", "20:a/p", "20:c/p");
    assertThat(store.get(DeadlineKeys.key(20, "a", "p"))).isNotNull();
    assertThat(store.approximateNumEntries()).isEqualTo(4);
    assertThatThrownBy(() -> store.put(Bytes.wrap(new byte[] {1, 2}), new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aScanMayRunWhileItsCallerDeletesWhatItReads() {
    KeyValueStore<Bytes, byte[]> store = new TimeBucketedStore("t");
    for (int due = 0; due < 10; due++) {
      store.put(DeadlineKeys.key(due, "u" + due, "p"), new byte[0]);
    }

    List<String> seen = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it = store.range(DeadlineKeys.lowerBound(0), DeadlineKeys.lowerBound(5))) {
      it.forEachRemaining(kv -> {
        seen.add(DeadlineKeys.userId(kv.key));
        store.delete(kv.key);
      });
    }

    assertThat(seen).containsExactly("u0", "u1", "u2", "u3", "u4");
    assertThat(store.approximateNumEntries()).isEqualTo(5);
  }

  @Test
  void hashStoreGetsPutsDeletesAndSortsRangeScans() {
    KeyValueStore<Bytes, byte[]> store = new HashKeyValueStore("h");
    for (int i = 50; i > 0; i--) {
      store.put(Bytes.wrap(new byte[] {(byte) i}), new byte[] {(byte) i});
    }
    List<Integer> order = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it = store.range(Bytes.wrap(new byte[] {10}), Bytes.wrap(new byte[] {20}))) {
      it.forEachRemaining(kv -> order.add((int) kv.key.get()[0]));
    }
    assertThat(order).isSorted().hasSize(11);

    store.delete(Bytes.wrap(new byte[] {7}));
    assertThat(store.get(Bytes.wrap(new byte[] {7}))).isNull();
    assertThat(store.putIfAbsent(Bytes.wrap(new byte[] {8}), new byte[] {0})).containsExactly(8);
    assertThat(store.approximateNumEntries()).isEqualTo(49);
    List<Integer> all = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
      it.forEachRemaining(kv -> all.add((int) kv.key.get()[0]));
    }
    assertThat(all).hasSize(49).doesNotContain(7);
  }
}
