package io.cartpulse.bench.live;

import io.cartpulse.contract.Topics;
import io.cartpulse.local.kafka.LocalTopics;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
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
  private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

  /**
   * Lag of both engines at one moment, in records: behind their committed offsets ({@code streams},
   * {@code flink}: what exactly-once output has been committed for) and behind their consumers'
   * fetch positions ({@code streamsFetch}, {@code flinkFetch}, from the consumers' JMX
   * {@code records-lag}; -1 when not available): the latter has no checkpoint saw-tooth and shows a
   * trend at once, but runs ahead of processing by the consumers' buffers (bounded).
   */
  record Sample(long nanoTime, long endOffset, long streams, long flink, long streamsFetch, long flinkFetch) {}

  private final Admin admin;
  private final List<TopicPartition> partitions = new ArrayList<>();
  private final String streamsGroup;
  private final String flinkGroup;

  ConsumerLag(String bootstrapServers, String streamsGroup, String flinkGroup) {
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.CLIENT_ID_CONFIG, "bench-live-lag"));
    for (int p = 0; p < LocalTopics.CLICKSTREAM_PARTITIONS; p++) {
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
    long[] fetch = fetchLag();
    return new Sample(now, total, lag(streamsGroup, end), lag(flinkGroup, end), fetch[0], fetch[1]);
  }

  /**
   * {streams, flink} lag of the in-process consumers of clickstream behind the end, per their last
   * fetch: stream-thread consumers (client ids with "StreamThread") and the Flink source's.
   */
  static long[] fetchLag() {
    long[] lag = {-1, -1};
    try {
      Set<ObjectName> names = JMX.queryNames(new ObjectName(
          "kafka.consumer:type=consumer-fetch-manager-metrics,client-id=*,topic=" + Topics.CLICKSTREAM
              + ",partition=*"), null);
      for (ObjectName name : names) {
        Object value;
        try {
          value = JMX.getAttribute(name, "records-lag");
        } catch (javax.management.JMException | RuntimeException e) {
          continue;
        }
        if (!(value instanceof Number number) || Double.isNaN(number.doubleValue())) {
          continue;
        }
        int engine = name.getKeyProperty("client-id").contains("StreamThread") ? 0 : 1;
        lag[engine] = Math.max(0, lag[engine]) + (long) number.doubleValue();
      }
    } catch (javax.management.MalformedObjectNameException e) {
      throw new IllegalStateException(e);
    }
    return lag;
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
