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

  /** Topics that keep the latest record per key for ever ({@code cleanup.policy=compact}). */
  public static final java.util.Set<String> COMPACTED = java.util.Set.of(Topics.RULE_SETTINGS);

  private LocalTopics() {}

  /** Partitions the local stack gives {@code topic}. */
  public static int defaultPartitions(String topic) {
    return Topics.CLICKSTREAM.equals(topic) ? CLICKSTREAM_PARTITIONS : 1;
  }
}
