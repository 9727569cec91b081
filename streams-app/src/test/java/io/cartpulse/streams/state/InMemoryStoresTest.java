package io.cartpulse.streams.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** The in-memory stores behind {@code store.type=in-memory}. */
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
  void timeBucketedStoreScansInByteOrderAndHonoursBounds() {
    KeyValueStore<Bytes, byte[]> store = new TimeBucketedStore("t", true);
    for (String user : List.of("b", "a", "c")) {
      store.put(DeadlineKeys.key(20, user, "p"), new byte[0]);
    }
    store.put(DeadlineKeys.key(-5, "z", "p"), new byte[0]);
    store.put(DeadlineKeys.key(10, "y", "p"), new byte[0]);
    store.put(DeadlineKeys.key(30, "x", "p"), new byte[0]);

    assertThat(scan(store.all())).containsExactly("-5:z/p", "10:y/p", "20:a/p", "20:b/p", "20:c/p", "30:x/p");
    assertThat(scan(store.range(DeadlineKeys.lowerBound(10), DeadlineKeys.lowerBound(21))))
        .containsExactly("10:y/p", "20:a/p", "20:b/p", "20:c/p");
    assertThat(scan(store.range(DeadlineKeys.lowerBound(Long.MIN_VALUE), DeadlineKeys.lowerBound(20))))
        .containsExactly("-5:z/p", "10:y/p");
    assertThat(store.approximateNumEntries()).isEqualTo(6);

    assertThat(store.delete(DeadlineKeys.key(20, "b", "p"))).isNotNull();
    assertThat(store.delete(DeadlineKeys.key(20, "b", "p"))).isNull();
    store.put(DeadlineKeys.key(30, "x", "p"), null);
    assertThat(scan(store.all())).containsExactly("-5:z/p", "10:y/p", "20:a/p", "20:c/p");
    assertThat(store.get(DeadlineKeys.key(20, "a", "p"))).isNotNull();
    assertThat(store.approximateNumEntries()).isEqualTo(4);
    assertThatThrownBy(() -> store.put(Bytes.wrap(new byte[] {1, 2}), new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hashStoreSortsScansOnlyWhenAsked() {
    KeyValueStore<Bytes, byte[]> sorted = new HashKeyValueStore("h", true);
    for (int i = 50; i > 0; i--) {
      sorted.put(Bytes.wrap(new byte[] {(byte) i}), new byte[] {(byte) i});
    }
    List<Integer> order = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it = sorted.all()) {
      it.forEachRemaining(kv -> order.add((int) kv.key.get()[0]));
    }
    assertThat(order).isSorted().hasSize(50);

    sorted.delete(Bytes.wrap(new byte[] {7}));
    assertThat(sorted.get(Bytes.wrap(new byte[] {7}))).isNull();
    assertThat(sorted.putIfAbsent(Bytes.wrap(new byte[] {8}), new byte[] {0})).containsExactly(8);
    assertThat(sorted.approximateNumEntries()).isEqualTo(49);
  }
}
