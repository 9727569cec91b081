package io.cartpulse.streams.processor;

import static io.cartpulse.streams.StreamsTestHarness.MINUTE;
import static io.cartpulse.streams.StreamsTestHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.registry.RegistryConfig;
import io.cartpulse.streams.StreamsTestHarness;
import io.cartpulse.streams.config.StreamsAppConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * A task restart: a new processor instance over the stores the old one left (what a restored
 * changelog gives back), then the records since the last commit delivered again. The restarted
 * processor must resume the persisted clock and the open items, and emit no alert twice.
 */
class ProcessorRestartTest {
  private static final long DUE = T0 + 10 * MINUTE;

  private final StreamsAppConfig config;
  private final List<StateStore> stores = new ArrayList<>();
  private MockProcessorContext<String, Alert> context;
  private ShopperAlertsProcessor<String> processor;

  ProcessorRestartTest() {
    Properties props = new Properties();
    props.setProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "test:9092");
    props.setProperty(RegistryConfig.SCHEMA_REGISTRY_URL, "mock://restart-test");
    props.setProperty(StreamsAppConfig.WALL_CLOCK_ADVANCE.key(), "false");
    config = StreamsAppConfig.load(props, Map.of());
    MockProcessorContext<String, Alert> first = new MockProcessorContext<>();
    stores.add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ShopperAlertsProcessor.USER_STATE_STORE),
        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build());
    stores.add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ShopperAlertsProcessor.DEADLINE_STORE),
        Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled().build());
    stores.add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ShopperAlertsProcessor.CLOCK_STORE),
        Serdes.String(), Serdes.Long()).withLoggingDisabled().build());
    stores.add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ShopperAlertsProcessor.EXPIRY_STORE),
        Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled().build());
    stores.forEach(store -> store.init(first.getStateStoreContext(), store));
    start(first);
  }

  /** A (new) processor instance on {@code ctx} over the shared stores. */
  private void start(MockProcessorContext<String, Alert> ctx) {
    ctx.setCurrentSystemTimeMs(1_767_225_600_000L);
    stores.forEach(ctx::addStateStore);
    context = ctx;
    processor = new ShopperAlertsProcessor<>(config);
    processor.init(ctx);
  }

  private void restart() {
    processor.close();
    start(new MockProcessorContext<>());
  }

  private void send(ClickEvent... events) {
    for (ClickEvent event : events) {
      processor.process(new Record<>(event.getUserId(), event, event.getEventTime().toEpochMilli()));
    }
  }

  private List<Alert> alerts() {
    List<Alert> alerts = context.forwarded().stream().map(f -> (Alert) f.record().value()).toList();
    context.resetForwards();
    return alerts;
  }

  private static ClickEvent cart(String user, String product, long time) {
    return StreamsTestHarness.event("cart", user, product, time, "250.00", null, "s-" + user);
  }

  private static ClickEvent tick(long time) {
    return StreamsTestHarness.event("view", "clock-mover", "none", time, "1.00", null, null);
  }

  @Test
  void aRestartResumesTheClockAndOpenItemsAndReDeliveredRecordsRepeatNoAlert() {
    ClickEvent[] sinceLastCommit = {cart("u1", "p1", T0), cart("u2", "p2", T0 + 5 * MINUTE), tick(DUE)};
    send(sinceLastCommit);
    assertThat(alerts()).extracting(Alert::getUserId).containsExactly("u1");

    restart();
    send(sinceLastCommit);
    assertThat(alerts()).as("re-delivered records").isEmpty();

    // The clock survived the restart: a late cart whose due time it has reached goes out at once.
    send(cart("u3", "p3", T0));
    assertThat(alerts()).extracting(Alert::getUserId, a -> a.getEventTime().toEpochMilli())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("u3", DUE));

    send(tick(T0 + 15 * MINUTE), tick(T0 + 30 * MINUTE));
    assertThat(alerts()).extracting(Alert::getType, Alert::getUserId, a -> a.getEventTime().toEpochMilli())
        .containsExactly(org.assertj.core.groups.Tuple.tuple(AlertType.CART_ABANDONMENT, "u2", T0 + 15 * MINUTE));
  }

  @Test
  void anItemDueBeforeTheFirstRecordAfterARestartIsEmittedByThatRecord() {
    send(cart("u1", "p1", T0));
    restart();

    send(tick(DUE + MINUTE));

    assertThat(alerts()).singleElement()
        .satisfies(a -> assertThat(a.getEventTime().toEpochMilli()).isEqualTo(DUE));
  }

  @Test
  void theFirstRecordAfterARestartSeesThePersistedClock() {
    send(tick(T0 + 20 * MINUTE));
    restart();

    send(cart("u1", "p1", T0 + 5 * MINUTE)); // late: due at T0 + 15 min, which the clock has passed

    assertThat(alerts()).singleElement()
        .satisfies(a -> assertThat(a.getEventTime().toEpochMilli()).isEqualTo(T0 + 15 * MINUTE));
  }
}
