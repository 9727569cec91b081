package io.cartpulse.streams.upgrade;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.registry.RegistryConfig;
import io.cartpulse.streams.config.StreamsAppConfig;
import io.cartpulse.streams.processor.ShopperAlertsProcessor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The streams-app's stores as their changelogs hold them: one line per entry, {@code store TAB
 * key-hex TAB value-hex}, keys and values in the bytes the store serdes write (what a changelog
 * topic carries and a restore reads back), plus {@code alert TAB alertId} for every alert emitted
 * while the stores were written. The store names and serdes are part of the upgrade contract: a
 * renamed store starts empty on upgrade.
 */
final class StateFixture {
  static final Path DIRECTORY = Path.of("src/test/resources/state-fixtures");

  /** The stores of the shopper-alerts processor with the serdes the topology gives them. */
  static final Map<String, Serde<?>[]> STORES = new LinkedHashMap<>();

  static {
    STORES.put(ShopperAlertsProcessor.USER_STATE_STORE, new Serde<?>[] {Serdes.String(), Serdes.ByteArray()});
    STORES.put(ShopperAlertsProcessor.DEADLINE_STORE, new Serde<?>[] {Serdes.Bytes(), Serdes.ByteArray()});
    STORES.put(ShopperAlertsProcessor.CLOCK_STORE, new Serde<?>[] {Serdes.String(), Serdes.Long()});
    STORES.put(ShopperAlertsProcessor.EXPIRY_STORE, new Serde<?>[] {Serdes.Bytes(), Serdes.ByteArray()});
  }

  private StateFixture() {}

  /** The configuration both releases run the scenario with: defaults, no wall-clock advance. */
  static StreamsAppConfig config() {
    Properties props = new Properties();
    props.setProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "upgrade:9092");
    props.setProperty(RegistryConfig.SCHEMA_REGISTRY_URL, "mock://upgrade-test");
    props.setProperty(StreamsAppConfig.WALL_CLOCK_ADVANCE.key(), "false");
    return StreamsAppConfig.load(props, Map.of());
  }

  /** The processor over in-memory stores, driven record by record (no Kafka). */
  static final class Rig {
    final MockProcessorContext<String, Alert> context = new MockProcessorContext<>();
    final Map<String, KeyValueStore<Object, Object>> stores = new LinkedHashMap<>();
    private ShopperAlertsProcessor<String> processor;

    @SuppressWarnings("unchecked")
    Rig() {
      context.setCurrentSystemTimeMs(1_767_225_600_000L);
      STORES.forEach((name, serdes) -> {
        KeyValueStore<Object, Object> store = (KeyValueStore<Object, Object>) (KeyValueStore<?, ?>) Stores
            .keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), serdes[0], serdes[1])
            .withLoggingDisabled().withCachingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        stores.put(name, store);
      });
    }

    /** Starts the processor over whatever the stores hold now (as after a restore). */
    Rig start() {
      processor = new ShopperAlertsProcessor<>(config());
      processor.init(context);
      return this;
    }

    List<Alert> process(List<ClickEvent> events) {
      for (ClickEvent event : events) {
        processor.process(new Record<>(event.getUserId(), event, event.getEventTime().toEpochMilli()));
      }
      List<Alert> alerts = new ArrayList<>();
      context.forwarded().forEach(forward -> alerts.add(forward.record().value()));
      context.resetForwards();
      return alerts;
    }

    /** Writes every store entry and the given alert ids in the fixture format. */
    @SuppressWarnings("unchecked")
    void write(Path file, List<Alert> emitted) throws IOException {
      HexFormat hex = HexFormat.of();
      List<String> lines = new ArrayList<>();
      stores.forEach((name, store) -> {
        Serde<Object>[] serdes = (Serde<Object>[]) STORES.get(name);
        try (KeyValueIterator<Object, Object> it = store.all()) {
          it.forEachRemaining(entry -> lines.add(name + '\t'
              + hex.formatHex(serdes[0].serializer().serialize(name, entry.key)) + '\t'
              + hex.formatHex(serdes[1].serializer().serialize(name, entry.value))));
        }
      });
      emitted.forEach(alert -> lines.add("alert\t" + alert.getAlertId()));
      Files.createDirectories(file.getParent());
      Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** Puts the fixture's store entries into the (empty) stores; returns its alert ids. */
    @SuppressWarnings("unchecked")
    List<String> load(Path file) throws IOException {
      HexFormat hex = HexFormat.of();
      List<String> alertIds = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] parts = line.split("\t", -1);
        if (parts[0].equals("alert")) {
          alertIds.add(parts[1]);
          continue;
        }
        Serde<Object>[] serdes = (Serde<Object>[]) STORES.get(parts[0]);
        if (serdes == null) {
          throw new IllegalStateException(file + ": unknown store " + parts[0]);
        }
        stores.get(parts[0]).put(serdes[0].deserializer().deserialize(parts[0], hex.parseHex(parts[1])),
            serdes[1].deserializer().deserialize(parts[0], hex.parseHex(parts[2])));
      }
      return alertIds;
    }

    long entries(String store) {
      return stores.get(store).approximateNumEntries();
    }
  }
}
