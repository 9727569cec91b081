package io.cartpulse.local.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads whole topics back the way a downstream consumer sees them: {@code read_committed}, so
 * only records of committed transactions (exactly-once output) count, and without a consumer
 * group, so reading never disturbs anyone's offsets.
 */
public final class TopicReader {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TopicReader.class);
  private TopicReader() {}

  /** Consumer settings for a read_committed, group-less byte consumer. */
  public static Map<String, Object> consumerConfig(String bootstrapServers, String clientId) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    return config;
  }

  /** Every partition of {@code topic}; fails with the topic's name when it does not exist. */
  public static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic, Duration timeout) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException("topic '" + topic + "' does not exist");
    }
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo info : infos) {
      partitions.add(new TopicPartition(topic, info.partition()));
    }
    return partitions;
  }

  /**
   * Every committed record of {@code topic} from the beginning up to its last stable offset at
   * the time of the call.
   */
  public static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrapServers, String topic, Duration timeout)
      throws TimeoutException {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(consumerConfig(bootstrapServers, "cartpulse-readback-" + topic))) {
      long deadline = System.nanoTime() + timeout.toNanos();
      List<TopicPartition> partitions = partitions(consumer, topic, timeout);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // With read_committed these are last stable offsets: an open transaction cannot make us wait.
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      LOG.info("Reading {} back up to its last stable offsets {}", topic, end);
      List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
      while (!reached(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new TimeoutException("reading topic '" + topic + "' back did not reach its end offsets " + end
              + " within " + timeout.toSeconds() + " s");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }

  static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> entry : end.entrySet()) {
      if (consumer.position(entry.getKey()) < entry.getValue()) {
        return false;
      }
    }
    return true;
  }
}
