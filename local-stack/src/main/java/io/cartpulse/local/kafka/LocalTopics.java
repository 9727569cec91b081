package io.cartpulse.local.kafka;

import io.cartpulse.contract.Topics;
import java.util.List;

/** The topics the local stack and the operator tools create, with their partition counts. */
public final class LocalTopics {
  /** clickstream is keyed by userId and spread over 4 partitions so both engines run in parallel. */
  public static final int CLICKSTREAM_PARTITIONS = 4;

  /** Every topic the running pipeline reads or writes. */
  public static final List<String> PIPELINE = List.of(Topics.CLICKSTREAM, Topics.ALERTS, Topics.PVUV,
      Topics.CLICKSTREAM_DLQ, Topics.CLICKSTREAM_LATE, Topics.RULE_SETTINGS);

  /** The product side's topics (ALERTS.md section 7): the streams-app reads inventory and product-stock. */
  public static final List<String> PRODUCTS = List.of(Topics.INVENTORY, Topics.INVENTORY_DLQ, Topics.PRODUCT_STATS,
      Topics.PRODUCT_STOCK, Topics.OFFERS);

  /** Every topic the local stack and create-topics create. */
  public static final List<String> ALL = java.util.stream.Stream.concat(PIPELINE.stream(), PRODUCTS.stream()).toList();

  /** Topics that keep the latest record per key for ever ({@code cleanup.policy=compact}). */
  public static final java.util.Set<String> COMPACTED = java.util.Set.of(Topics.RULE_SETTINGS, Topics.PRODUCT_STATS,
      Topics.PRODUCT_STOCK);

  private LocalTopics() {}

  /** Partitions the local stack gives {@code topic}. */
  public static int defaultPartitions(String topic) {
    return Topics.CLICKSTREAM.equals(topic) || Topics.INVENTORY.equals(topic) ? CLICKSTREAM_PARTITIONS : 1;
  }
}
