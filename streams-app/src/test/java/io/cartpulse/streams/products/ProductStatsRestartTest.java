package io.cartpulse.streams.products;

import static io.cartpulse.streams.StreamsTestHarness.MINUTE;
import static io.cartpulse.streams.StreamsTestHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.click.EventType;
import io.cartpulse.streams.state.DeadlineKeys;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.state.KeyValueStore;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The product-stats task across a restart: a new processor over the stores the old one left (what a
 * restored changelog gives back). The processor keeps the keys of its schedule in memory (it finds what
 * is due there, not with a store iterator); after a restart they must come from the store, so what was
 * scheduled before still goes out when the clock reaches it, and the store keeps only what is not due.
 */
class ProductStatsRestartTest {
  private final List<StateStore> stores = new ArrayList<>();
  private MockProcessorContext<String, ProductStatsProcessor.Output> context;
  private ProductStatsProcessor processor;

  ProductStatsRestartTest() {
    MockProcessorContext<String, ProductStatsProcessor.Output> first = new MockProcessorContext<>();
    stores.add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ProductStatsProcessor.STATE_STORE),
        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build());
    stores.add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ProductStatsProcessor.SCHEDULE_STORE),
        Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled().build());
    stores.add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ProductStatsProcessor.CLOCK_STORE),
        Serdes.String(), Serdes.Long()).withLoggingDisabled().build());
    stores.add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ProductStatsProcessor.VIEWERS_STORE),
        Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled().build());
    stores.add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ProductStatsProcessor.STOCK_STORE),
        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build());
    stores.forEach(store -> store.init(first.getStateStoreContext(), store));
    start(first);
  }

  private void start(MockProcessorContext<String, ProductStatsProcessor.Output> ctx) {
    stores.forEach(ctx::addStateStore);
    context = ctx;
    processor = new ProductStatsProcessor(RelatedSettings.DEFAULTS, java.time.Duration.ofSeconds(1));
    processor.init(ctx);
  }

  private void restart() {
    processor.close();
    start(new MockProcessorContext<>());
  }

  private void view(String product, long time) {
    view(product, time, "u-" + product);
  }

  private void view(String product, long time, String user) {
    ProductUpdate update = new ProductUpdate.Click(product, EventType.VIEW, time, 1_000, user);
    processor.process(new Record<>(product, ProductCodec.update(update), time));
  }

  @SuppressWarnings("unchecked")
  private <K, V> KeyValueStore<K, V> store(String name) {
    return (KeyValueStore<K, V>) stores.stream().filter(store -> store.name().equals(name)).findFirst().orElseThrow();
  }

  /** A product state as the release before wrote it (format version 1): one day with its viewers. */
  private static byte[] stateWithViewers(long day, long views, String... viewers) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeBoolean(false);
      out.writeInt(1);
      out.writeLong(day);
      out.writeLong(views);
      out.writeLong(0);
      out.writeLong(0);
      out.writeLong(0);
      out.writeInt(viewers.length);
      for (String viewer : viewers) {
        byte[] utf8 = viewer.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
      }
      out.writeInt(0);
      out.writeInt(0);
    }
    return bytes.toByteArray();
  }

  @Test
  void aTaskRevivedWithItsStoresRolledBackSchedulesItsProductsAgain() {
    view("p1", T0 + 10_000);
    // An aborted transaction: Kafka Streams restores the stores to the last commit (here: before the view)
    // and initializes the same processor again.
    KeyValueStore<Object, Object> schedule = store(ProductStatsProcessor.SCHEDULE_STORE);
    List<Object> written = new ArrayList<>();
    try (var all = schedule.all()) {
      all.forEachRemaining(entry -> written.add(entry.key));
    }
    written.forEach(schedule::delete);
    store(ProductStatsProcessor.STATE_STORE).delete("p1");
    processor.init(context);

    view("p1", T0 + 20_000);
    view("p2", T0 + MINUTE + 5_000);

    assertThat(republished()).containsExactly("p1");
  }

  @Test
  void aStateWrittenWithItsViewersCountsThemOnceAfterTheUpgrade() throws IOException {
    long day = ProductTime.day(T0);
    store(ProductStatsProcessor.STATE_STORE).put("p1", stateWithViewers(day, 3, "u1", "u2"));

    view("p1", T0 + 10_000, "u1");
    view("p1", T0 + 20_000, "u3");
    view("p1", T0 + 30_000, "u3");

    ProductState state = ProductCodec.state((byte[]) store(ProductStatsProcessor.STATE_STORE).get("p1"));
    ProductView today = state.view("p1", T0 + 30_000, RelatedSettings.DEFAULTS, id -> null);
    assertThat(today.today().views()).isEqualTo(6);
    assertThat(today.todayViewers()).as("u1, u2 from the old state, u3 new").isEqualTo(3);
    assertThat(count(ProductStatsProcessor.VIEWERS_STORE)).isEqualTo(3);

    view("p9", T0 + ProductTime.DAY_MS + 1);
    assertThat(count(ProductStatsProcessor.VIEWERS_STORE)).as("p1's day ended: its viewers are forgotten, p9 has one")
        .isEqualTo(1);
  }

  private int count(String name) {
    KeyValueStore<Object, Object> store = store(name);
    int n = 0;
    try (var all = store.all()) {
      while (all.hasNext()) {
        all.next();
        n++;
      }
    }
    return n;
  }

  /** The products republished (stats records) since the last call. */
  private List<String> republished() {
    List<String> products = context.forwarded().stream().filter(f -> f.record().value().stats() != null)
        .map(f -> (String) f.record().key()).toList();
    context.resetForwards();
    return products;
  }

  @Test
  void whatWasScheduledBeforeARestartIsReleasedWhenTheClockReachesIt() {
    view("p1", T0 + 10_000);
    view("p2", T0 + 20_000);
    assertThat(republished()).as("not before the minute ends").isEmpty();

    restart();
    view("p3", T0 + MINUTE + 5_000);

    assertThat(republished()).containsExactly("p1", "p2");
  }

  @Test
  void theScheduleStoreKeepsExactlyTheEntriesNotYetDue() {
    view("p1", T0 + 10_000);
    restart();
    view("p2", T0 + MINUTE + 5_000);
    assertThat(republished()).containsExactly("p1");

    long clock = T0 + MINUTE + 5_000;
    List<Long> dueTimes = new ArrayList<>();
    try (var all = store(ProductStatsProcessor.SCHEDULE_STORE).all()) {
      all.forEachRemaining(entry -> dueTimes.add(DeadlineKeys.due((Bytes) entry.key)));
    }
    assertThat(dueTimes).as("what fell due left the store; the rest of p1's and p2's entries stay").isNotEmpty()
        .allSatisfy(due -> assertThat(due).isGreaterThan(clock));

    restart();
    view("p3", T0 + ProductTime.DAY_MS + ProductTime.SCORE_DAYS * ProductTime.DAY_MS);
    assertThat(count(ProductStatsProcessor.SCHEDULE_STORE)).as("every entry of p1 and p2 released; p3's wait")
        .isEqualTo(entriesOf("p3"));
  }

  private long entriesOf(String product) {
    long n = 0;
    try (var all = store(ProductStatsProcessor.SCHEDULE_STORE).all()) {
      while (all.hasNext()) {
        if (DeadlineKeys.expiryUserId((Bytes) all.next().key).equals(product)) {
          n++;
        }
      }
    }
    return n;
  }

  @Test
  void theProductsChangedInAMinuteAreReleasedAtItsEndMinuteAfterMinute() {
    view("p1", T0 + 10_000);
    view("p2", T0 + MINUTE + 1_000);
    assertThat(republished()).containsExactly("p1");

    view("p3", T0 + MINUTE + 2_000);
    assertThat(republished()).isEmpty();
    view("p4", T0 + 2 * MINUTE);
    assertThat(republished()).containsExactlyInAnyOrder("p2", "p3");
    view("p5", T0 + 3 * MINUTE);
    assertThat(republished()).containsExactly("p4");
  }
}
