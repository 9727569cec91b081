package io.cartpulse.contract;

/**
 * The Kafka topic names of the pipeline (docs/ALERTS.md), defined once for every module. They are
 * the defaults: each engine lets its topics be renamed in its configuration.
 */
public final class Topics {
  /** Click events in (Avro {@code ClickEvent}, key {@code userId} when the producer knows it). */
  public static final String CLICKSTREAM = "clickstream";
  /** Both engines' alerts (Avro {@code Alert}). */
  public static final String ALERTS = "alerts";
  /** PV/UV curves (Avro {@code PvUvPoint}). */
  public static final String PVUV = "pvuv";
  /** Invalid click records: the original bytes with the {@link DeadLetterHeaders}. */
  public static final String CLICKSTREAM_DLQ = "clickstream-dlq";
  /** Click events the Flink job got behind its clock (not evaluated). */
  public static final String CLICKSTREAM_LATE = "clickstream-late";
  /** Inventory levels (ALERTS.md section 7; Avro {@code InventoryLevel}, key {@code productId}). */
  public static final String INVENTORY = "inventory";
  /** Invalid inventory records, like {@link #CLICKSTREAM_DLQ}. */
  public static final String INVENTORY_DLQ = "inventory-dlq";
  /** Per-product statistics and related products, compacted (ALERTS.md section 7). */
  public static final String PRODUCT_STATS = "product-stats";
  /**
   * The latest stock of every product, compacted (key productId; value 8-byte level time and 4-byte units,
   * big-endian): written by the streams-app's product side, read by every instance as a global store so a
   * related product's stock is known wherever its partner is answered.
   */
  public static final String PRODUCT_STOCK = "product-stock";
  /** Versions of the rule settings, compacted (ALERTS.md section 8). */
  public static final String RULE_SETTINGS = "rule-settings";
  /** Offers derived from the alerts. */
  public static final String OFFERS = "offers";

  private Topics() {}
}
