package io.cartpulse.streams.processor;

import static io.cartpulse.streams.StreamsTestHarness.MINUTE;
import static io.cartpulse.streams.StreamsTestHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.AlertType;
import io.cartpulse.streams.StreamsTestHarness;
import io.cartpulse.streams.config.BoundedRocksDbConfigSetter;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** The production store type: RocksDB, bounded by the shared cache of the config setter. */
class RocksDbStoresTest {

  @Test
  void rulesRunOnRocksDbStoresWhoseMemoryIsBoundedByTheConfiguredBudget() {
    try (StreamsTestHarness h = new StreamsTestHarness(StreamsTestHarness.props(
        "store.type", "rocksdb", "store.rocksdb-memory-bytes", String.valueOf(32L << 20)))) {
      h.cart("u1", "p1", T0, "250.00", "s1");
      h.view("u2", "p2", T0 + 10 * MINUTE, "1.00");

      assertThat(h.readAlerts()).singleElement()
          .satisfies(a -> assertThat(a.getType()).isEqualTo(AlertType.CART_ABANDONMENT));
      assertThat(h.driver.getKeyValueStore(ShopperAlertsProcessor.USER_STATE_STORE).persistent()).isTrue();
      KeyValueStore<Object, Object> deadlines = h.store(ShopperAlertsProcessor.DEADLINE_STORE);
      try (KeyValueIterator<Object, Object> it = deadlines.all()) {
        assertThat(it.hasNext()).isFalse();
      }
      // process-wide: the first RocksDB store of the JVM sizes the shared cache
      assertThat(BoundedRocksDbConfigSetter.configuredBudgetBytes()).isPositive();
    }
  }
}
