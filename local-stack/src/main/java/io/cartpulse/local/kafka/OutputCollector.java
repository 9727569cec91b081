package io.cartpulse.local.kafka;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.PvUvPoint;
import io.cartpulse.contract.Topics;
import io.cartpulse.registry.SpecificAvroSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Collects what the pipeline writes to its output topics ({@code read_committed}, decoded through
 * the registry) until a condition holds or a deadline passes; the consumer's poll is the wait.
 */
public final class OutputCollector implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final SpecificAvroSerde<Alert> alertSerde;
  private final SpecificAvroSerde<PvUvPoint> pvuvSerde;
  private final List<Alert> alerts = new ArrayList<>();
  private final List<PvUvPoint> pvuv = new ArrayList<>();
  private long dlq;
  private long late;
  private long undecodable;

  public OutputCollector(String bootstrapServers, String registryUrl) {
    this.consumer = new KafkaConsumer<>(TopicReader.consumerConfig(bootstrapServers, "cartpulse-output-collector"));
    this.alertSerde = PipelineOutput.valueSerde(Alert.class, registryUrl);
    this.pvuvSerde = PipelineOutput.valueSerde(PvUvPoint.class, registryUrl);
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(Topics.ALERTS, Topics.PVUV, Topics.CLICKSTREAM_DLQ, Topics.CLICKSTREAM_LATE)) {
      partitions.addAll(TopicReader.partitions(consumer, topic, Duration.ofSeconds(30)));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /**
   * Polls until {@code done} holds for what was collected so far, or {@code timeout} passes.
   * Returns whether it holds.
   */
  public boolean pollUntil(Predicate<PipelineOutput> done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (done.test(snapshot())) {
        return true;
      }
      if (System.nanoTime() >= deadline) {
        return false;
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(250))) {
        add(record);
      }
    }
  }

  private void add(ConsumerRecord<byte[], byte[]> record) {
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
      case Topics.CLICKSTREAM_DLQ -> dlq++;
      case Topics.CLICKSTREAM_LATE -> late++;
      default -> { }
    }
  }

  /** What was collected so far. */
  public PipelineOutput snapshot() {
    return new PipelineOutput(List.copyOf(alerts), List.copyOf(pvuv), dlq, late, undecodable);
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
