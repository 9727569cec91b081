package io.cartpulse.local.kafka;

import java.util.List;

/** The topics of the CartPulse pipeline, with the partition counts the local stack creates. */
public final class Topics {
  public static final String CLICKSTREAM = "clickstream";
  public static final String ALERTS = "alerts";
  public static final String PVUV = "pvuv";
  public static final String DLQ = "clickstream-dlq";
  public static final String LATE = "clickstream-late";

  /** clickstream is keyed by userId and spread over 4 partitions so both engines run in parallel. */
  public static final int CLICKSTREAM_PARTITIONS = 4;

  public static final List<String> ALL = List.of(CLICKSTREAM, ALERTS, PVUV, DLQ, LATE);

  private Topics() {}

  /** Partitions the local stack gives {@code topic}. */
  public static int defaultPartitions(String topic) {
    return CLICKSTREAM.equals(topic) ? CLICKSTREAM_PARTITIONS : 1;
  }

  /** The Schema Registry subject of a topic's values (TopicNameStrategy). */
  public static String valueSubject(String topic) {
    return topic + "-value";
  }
}
