package io.cartpulse.settings;

import io.cartpulse.contract.Topics;
import io.cartpulse.settings.Setting.Engine;
import java.time.Duration;
import java.util.List;

/**
 * The start-up settings of the product data (ALERTS.md section 7: related products). Start-up only,
 * never run-time: they shape the state (the session memory, the pair scores) for its whole life.
 */
public final class ProductSettings {
  private ProductSettings() {}

  public static final Setting<Long> MIN_SCORE = Setting.startup("related.min-score",
      SettingKind.wholeNumber(1, Integer.MAX_VALUE), "2", Engine.STREAMS,
      "a related product needs at least this many pair formations over the 7 days");
  public static final Setting<Long> SIZE = Setting.startup("related.size",
      SettingKind.wholeNumber(1, 1000), "5", Engine.STREAMS, "related products listed per product");
  public static final Setting<Long> SESSION_ENTRIES = Setting.startup("related.session-entries",
      SettingKind.wholeNumber(1, 1000), "20", Engine.STREAMS,
      "products a session remembers (the oldest first-seen is forgotten beyond)");
  public static final Setting<Duration> SESSION_HORIZON = Setting.startup("related.session-horizon",
      SettingKind.duration(Duration.ofMillis(1)), "PT24H", Engine.STREAMS,
      "a session forgets a product this long after its first-seen time");

  public static final Setting<String> TOPIC_INVENTORY = topic(Topics.INVENTORY,
      "Inventory levels in (Avro InventoryLevel, key productId).");
  public static final Setting<String> TOPIC_INVENTORY_DLQ = topic(Topics.INVENTORY_DLQ,
      "Invalid inventory records, original bytes and the reason in headers.");
  public static final Setting<String> TOPIC_PRODUCT_STATS = topic(Topics.PRODUCT_STATS,
      "Product data out (Avro ProductStats, key productId, compacted).");
  public static final Setting<String> TOPIC_PRODUCT_STOCK = topic(Topics.PRODUCT_STOCK,
      "Every product's latest stock (compacted; written and read by the streams-app).");
  public static final Setting<String> TOPIC_OFFERS = topic(Topics.OFFERS,
      "Offers out (Avro Offer: a CROSS_SELL or CART_ABANDONMENT alert with its related in-stock products).");

  /** In documentation order. */
  public static final List<Setting<?>> ALL = List.of(MIN_SCORE, SIZE, SESSION_ENTRIES, SESSION_HORIZON, TOPIC_INVENTORY,
      TOPIC_INVENTORY_DLQ, TOPIC_PRODUCT_STATS, TOPIC_PRODUCT_STOCK, TOPIC_OFFERS);

  private static Setting<String> topic(String name, String doc) {
    return Setting.startup("topics." + name, SettingKind.TEXT, name, Engine.STREAMS, doc);
  }
}
