package io.cartpulse.streams.products;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.avro.InventoryLevel;
import io.cartpulse.avro.Offer;
import io.cartpulse.avro.ProductStats;
import io.cartpulse.registry.SpecificAvroSerde;
import io.cartpulse.streams.CartPulseStreamsApp;
import io.cartpulse.settings.ProductSettings;
import io.cartpulse.streams.config.StreamsAppConfig;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The product side of the streams-app topology (ALERTS.md section 7):
 * <pre>
 *   valid clicks by user -> product-sessions (session memory) --+
 *   inventory -> decode --(invalid)--> inventory-dlq             +--> repartition "product-updates" (key productId)
 *             \--(valid) levels --------------------------------+        -> product-state -> product-stats
 *                                                                                          \-> product-stock -> global store
 * </pre>
 * Clicks, pair formations and levels of a product meet in one task through the one repartition
 * topic (so inventory is co-partitioned with the product's statistics whatever the inventory topic's
 * partition count).
 */
public final class ProductTopology {
  public static final String REPARTITION_NAME = "product-updates";
  /** The alerts an offer is made for. */
  public static final java.util.Set<AlertType> OFFER_TYPES = java.util.EnumSet.of(AlertType.CROSS_SELL,
      AlertType.CART_ABANDONMENT);

  private ProductTopology() {}

  /** Adds the product side to {@code builder}, fed by {@code byUser} (valid, normalized clicks keyed by user). */
  public static void add(StreamsBuilder builder, StreamsAppConfig config, KStream<String, ClickEvent> byUser,
      KStream<String, Alert> alerts) {
    Map<String, Object> registry = config.registryConfigs();
    RelatedSettings settings = RelatedSettings.of(config);
    StreamsAppConfig.StateSettings state = config.state();
    String inventoryTopic = config.get(ProductSettings.TOPIC_INVENTORY);

    builder.addStateStore(store(state, ProductSessionsProcessor.SESSIONS_STORE, Serdes.String(), Serdes.ByteArray()));
    builder.addStateStore(store(state, ProductSessionsProcessor.EXPIRY_STORE, Serdes.Bytes(), Serdes.ByteArray()));
    builder.addStateStore(store(state, ProductStatsProcessor.STATE_STORE, Serdes.String(), Serdes.ByteArray()));
    builder.addStateStore(store(state, ProductStatsProcessor.SCHEDULE_STORE, Serdes.Bytes(), Serdes.ByteArray()));
    builder.addStateStore(store(state, ProductStatsProcessor.CLOCK_STORE, Serdes.String(), Serdes.Long()));
    builder.addStateStore(store(state, ProductStatsProcessor.VIEWERS_STORE, Serdes.Bytes(), Serdes.ByteArray()));
    String stockTopic = config.get(ProductSettings.TOPIC_PRODUCT_STOCK);
    builder.addGlobalStore(
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ProductStatsProcessor.STOCK_STORE), Serdes.String(),
            Serdes.ByteArray()).withLoggingDisabled(),
        stockTopic, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("product-stock-source"),
        StockUpdater::new);

    KStream<String, byte[]> fromClicks = byUser.process(
        () -> new ProductSessionsProcessor(settings, state.sweepInterval()), Named.as("product-sessions"),
        ProductSessionsProcessor.STORES);

    SpecificAvroSerde<InventoryLevel> levelSerde = new SpecificAvroSerde<>(InventoryLevel.class);
    levelSerde.configure(registry, false);
    Map<String, KStream<byte[], InventoryDecodeProcessor.Decoded>> levels = builder
        .stream(inventoryTopic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("inventory-source"))
        .process(() -> new InventoryDecodeProcessor(levelSerde, inventoryTopic), Named.as("inventory-decode"))
        .split(Named.as("inventory-"))
        .branch((key, decoded) -> !decoded.isValid(), Branched.as("invalid"))
        .defaultBranch(Branched.as("valid"));
    levels.get("inventory-invalid")
        .mapValues(InventoryDecodeProcessor.Decoded::originalValue, Named.as("inventory-dlq-original-value"))
        .to(config.get(ProductSettings.TOPIC_INVENTORY_DLQ),
            Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("inventory-dlq-sink"));
    KStream<String, byte[]> fromInventory = levels.get("inventory-valid").map((key, decoded) -> {
      InventoryLevel level = decoded.level();
      ProductUpdate update = new ProductUpdate.Level(level.getProductId(), level.getEventTime().toEpochMilli(),
          Math.toIntExact(level.getAvailable()));
      return KeyValue.pair(level.getProductId(), ProductCodec.update(update));
    }, Named.as("inventory-level-update"));

    // Offers (issue 13): each CROSS_SELL and CART_ABANDONMENT alert goes to its product's task with the updates.
    KStream<String, byte[]> offerRequests = alerts
        .filter((user, alert) -> OFFER_TYPES.contains(alert.getType()) && alert.getProductId() != null,
            Named.as("offer-alerts"))
        .map((user, alert) -> KeyValue.pair(alert.getProductId(), ProductCodec.offerRequest(alert)),
            Named.as("offer-request"));

    SpecificAvroSerde<ProductStats> statsSerde = new SpecificAvroSerde<>(ProductStats.class);
    statsSerde.configure(registry, false);
    Map<String, KStream<String, ProductStatsProcessor.Output>> outputs = fromClicks
        .merge(fromInventory, Named.as("product-updates-merge"))
        .merge(offerRequests, Named.as("offer-requests-merge"))
        .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName(REPARTITION_NAME))
        .process(() -> new ProductStatsProcessor(settings, config.clock().streamTimeInterval()),
            Named.as("product-stats"), ProductStatsProcessor.STORES)
        .split(Named.as("product-output-"))
        .branch((key, out) -> out.stock() != null, Branched.as("stock"))
        .branch((key, out) -> out.offer() != null, Branched.as("offer"))
        .defaultBranch(Branched.as("stats"));
    SpecificAvroSerde<Offer> offerSerde = new SpecificAvroSerde<>(Offer.class);
    offerSerde.configure(registry, false);
    outputs.get("product-output-offer")
        .mapValues(ProductStatsProcessor.Output::offer, Named.as("offer-value"))
        .to(config.get(ProductSettings.TOPIC_OFFERS), Produced.with(Serdes.String(), CartPulseStreamsApp.waitingForTheRegistry(offerSerde)).withName("offers-sink"));
    outputs.get("product-output-stock")
        .mapValues(ProductStatsProcessor.Output::stock, Named.as("product-stock-value"))
        .to(stockTopic, Produced.with(Serdes.String(), Serdes.ByteArray()).withName("product-stock-sink"));
    outputs.get("product-output-stats")
        .mapValues(ProductStatsProcessor.Output::stats, Named.as("product-stats-value"))
        .to(config.get(ProductSettings.TOPIC_PRODUCT_STATS),
            Produced.with(Serdes.String(), CartPulseStreamsApp.waitingForTheRegistry(statsSerde)).withName("product-stats-sink"));
  }

  /** Keeps each product's latest stock record in the global store. */
  static final class StockUpdater implements Processor<String, byte[], Void, Void> {
    private KeyValueStore<String, byte[]> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      store = context.getStateStore(ProductStatsProcessor.STOCK_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
      if (record.key() == null) {
        return;
      }
      if (record.value() == null || record.value().length != 12) {
        store.delete(record.key());
        return;
      }
      store.put(record.key(), record.value());
    }
  }

  private static <K, V> StoreBuilder<KeyValueStore<K, V>> store(StreamsAppConfig.StateSettings settings, String name,
      Serde<K> keySerde, Serde<V> valueSerde) {
    KeyValueBytesStoreSupplier supplier = settings.storeType() == StreamsAppConfig.StoreType.ROCKSDB
        ? Stores.persistentKeyValueStore(name)
        : Stores.inMemoryKeyValueStore(name);
    StoreBuilder<KeyValueStore<K, V>> builder = Stores.keyValueStoreBuilder(supplier, keySerde, valueSerde);
    builder = settings.cachingEnabled() ? builder.withCachingEnabled() : builder.withCachingDisabled();
    return settings.loggingEnabled() ? builder.withLoggingEnabled(Map.of()) : builder.withLoggingDisabled();
  }
}
