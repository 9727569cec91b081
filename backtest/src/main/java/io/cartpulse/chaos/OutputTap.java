package io.cartpulse.chaos;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.PvUvPoint;
import io.cartpulse.local.kafka.PipelineOutput;
import io.cartpulse.local.kafka.TopicReader;
import io.cartpulse.contract.DeadLetterHeaders;
import io.cartpulse.contract.Topics;
import io.cartpulse.registry.SpecificAvroSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * Everything the pipeline commits to its output topics, read as a downstream consumer reads it
 * ({@code read_committed}, decoded through the registry), from the first record on and for as long
 * as the scenario runs: alerts, PV/UV points, dead letters (reason and source coordinates) and the
 * number of late events. Not thread-safe: one thread polls.
 */
final class OutputTap implements AutoCloseable {
  /** A dead letter: the reason header and where the original record was read. */
  record DeadLetter(String reason, int sourcePartition, long sourceOffset) {}

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final SpecificAvroSerde<Alert> alertSerde;
  private final SpecificAvroSerde<PvUvPoint> pvuvSerde;
  private final List<Alert> alerts = new ArrayList<>();
  private final List<PvUvPoint> pvuv = new ArrayList<>();
  private final List<DeadLetter> deadLetters = new ArrayList<>();
  private long late;
  private long undecodable;

  OutputTap(String bootstrapServers, String registryUrl) {
    Map<String, Object> config = TopicReader.consumerConfig(bootstrapServers, "chaos-output-tap");
    config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 8 * 1024 * 1024);
    this.consumer = new KafkaConsumer<>(config);
    this.alertSerde = PipelineOutput.valueSerde(Alert.class, registryUrl);
    this.pvuvSerde = PipelineOutput.valueSerde(PvUvPoint.class, registryUrl);
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(Topics.ALERTS, Topics.PVUV, Topics.CLICKSTREAM_DLQ, Topics.CLICKSTREAM_LATE)) {
      partitions.addAll(TopicReader.partitions(consumer, topic, Duration.ofSeconds(60)));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** One poll (waits at most {@code wait}). */
  void poll(Duration wait) {
    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(wait)) {
      switch (record.topic()) {
        case Topics.ALERTS -> {
          if (!PipelineOutput.decodeInto(alertSerde, record, alerts)) {
            undecodable++;
          }
        }
        case Topics.PVUV -> {
          if (!PipelineOutput.decodeInto(pvuvSerde, record, pvuv)) {
            undecodable++;
          }
        }
        case Topics.CLICKSTREAM_DLQ -> deadLetters.add(new DeadLetter(header(record, DeadLetterHeaders.REASON),
            parseInt(header(record, DeadLetterHeaders.SOURCE_PARTITION)),
            parseLong(header(record, DeadLetterHeaders.SOURCE_OFFSET))));
        case Topics.CLICKSTREAM_LATE -> late++;
        default -> { }
      }
    }
  }

  /** Polls until {@code done} holds or {@code timeout} passes; returns whether it holds. */
  boolean pollUntil(Predicate<OutputTap> done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.test(this)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      poll(Duration.ofMillis(250));
    }
    return true;
  }

  /** Reads on up to the output topics' current last stable offsets. */
  void catchUp(Duration timeout) {
    Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(60));
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      boolean reached = true;
      for (Map.Entry<TopicPartition, Long> entry : end.entrySet()) {
        if (consumer.position(entry.getKey()) < entry.getValue()) {
          reached = false;
          break;
        }
      }
      if (reached) {
        return;
      }
      poll(Duration.ofMillis(250));
    }
  }

  List<Alert> alerts() {
    return alerts;
  }

  List<PvUvPoint> pvuv() {
    return pvuv;
  }

  List<DeadLetter> deadLetters() {
    return deadLetters;
  }

  long late() {
    return late;
  }

  long undecodable() {
    return undecodable;
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }

  /**
   * Records of aborted transactions in {@code topic}: what a read_uncommitted consumer sees below
   * the last stable offset that a read_committed one does not (records above it are undecided).
   */
  static long abortedRecords(String bootstrapServers, String topic) {
    Map<String, Object> committedConfig = TopicReader.consumerConfig(bootstrapServers, "chaos-aborted-committed");
    Map<String, Object> uncommittedConfig = new HashMap<>(
        TopicReader.consumerConfig(bootstrapServers, "chaos-aborted-uncommitted"));
    uncommittedConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    try (KafkaConsumer<byte[], byte[]> committed = new KafkaConsumer<>(committedConfig);
        KafkaConsumer<byte[], byte[]> uncommitted = new KafkaConsumer<>(uncommittedConfig)) {
      List<TopicPartition> partitions = TopicReader.partitions(committed, topic, Duration.ofSeconds(60));
      // The read_committed end offsets are the last stable offsets: everything below is decided.
      Map<TopicPartition, Long> stable = committed.endOffsets(partitions, Duration.ofSeconds(60));
      return count(uncommitted, stable) - count(committed, stable);
    }
  }

  private static long count(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    consumer.assign(end.keySet());
    consumer.seekToBeginning(end.keySet());
    long count = 0;
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      boolean reached = true;
      for (Map.Entry<TopicPartition, Long> entry : end.entrySet()) {
        if (consumer.position(entry.getKey()) < entry.getValue()) {
          reached = false;
        }
      }
      if (reached) {
        return count;
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(250))) {
        if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
          count++;
        }
      }
    }
    throw new IllegalStateException("could not read " + end.keySet() + " to " + end + " within 5 minutes");
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static int parseInt(String text) {
    try {
      return text == null ? -1 : Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static long parseLong(String text) {
    try {
      return text == null ? -1 : Long.parseLong(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
