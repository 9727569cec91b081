package io.cartpulse.bench.live;

import io.cartpulse.local.kafka.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far each engine's committed offsets on clickstream are behind its end, with one Admin client
 * kept open for the whole run (LocalStack.clickstreamLag opens one per call: too costly to sample
 * twice a second on two cores). The streams-app commits every commit.interval.ms (in its
 * transaction), the Flink source on each completed checkpoint.
 */
final class ConsumerLag implements AutoCloseable {
  /** Lag of both engines at one moment, in records. */
  record Sample(long nanoTime, long endOffset, long streams, long flink) {}

  private final Admin admin;
  private final List<TopicPartition> partitions = new ArrayList<>();
  private final String streamsGroup;
  private final String flinkGroup;

  ConsumerLag(String bootstrapServers, String streamsGroup, String flinkGroup) {
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.CLIENT_ID_CONFIG, "bench-live-lag"));
    for (int p = 0; p < Topics.CLICKSTREAM_PARTITIONS; p++) {
      partitions.add(new TopicPartition(Topics.CLICKSTREAM, p));
    }
    this.streamsGroup = streamsGroup;
    this.flinkGroup = flinkGroup;
  }

  Sample sample() throws InterruptedException, ExecutionException, TimeoutException {
    long now = System.nanoTime();
    Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
    partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end =
        admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
    long total = 0;
    for (TopicPartition tp : partitions) {
      total += end.get(tp).offset();
    }
    return new Sample(now, total, lag(streamsGroup, end), lag(flinkGroup, end));
  }

  private long lag(String group, Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
    long lag = 0;
    for (TopicPartition tp : partitions) {
      OffsetAndMetadata offset = committed.get(tp);
      lag += Math.max(0, end.get(tp).offset() - (offset == null ? 0 : offset.offset()));
    }
    return lag;
  }

  @Override
  public void close() {
    admin.close();
  }
}
