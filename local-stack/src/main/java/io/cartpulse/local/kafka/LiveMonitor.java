package io.cartpulse.local.kafka;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.PvUvPoint;
import io.cartpulse.contract.Topics;
import io.cartpulse.local.AlertStats;
import io.cartpulse.registry.SpecificAvroSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the output topics ({@code read_committed}, decoded through the registry) while the
 * pipeline runs, for the progress line and to tell when the pipeline has gone quiet.
 */
public final class LiveMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveMonitor.class);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final SpecificAvroSerde<Alert> alertSerde;
  private final SpecificAvroSerde<PvUvPoint> pvuvSerde;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  private final AlertStats alerts = new AlertStats();
  private long pvuvPoints;
  private PvUvPoint latestAll;
  private long dlq;
  private long late;
  private long undecodable;
  private long lastOutputNanos = System.nanoTime();
  private volatile RuntimeException failure;

  public LiveMonitor(String bootstrapServers, String registryUrl) {
    this.consumer = new KafkaConsumer<>(TopicReader.consumerConfig(bootstrapServers, "cartpulse-live-monitor"));
    this.alertSerde = PipelineOutput.valueSerde(Alert.class, registryUrl);
    this.pvuvSerde = PipelineOutput.valueSerde(PvUvPoint.class, registryUrl);
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(Topics.ALERTS, Topics.PVUV, Topics.CLICKSTREAM_DLQ, Topics.CLICKSTREAM_LATE)) {
      partitions.addAll(TopicReader.partitions(consumer, topic, Duration.ofSeconds(30)));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    this.thread = new Thread(this::loop, "cartpulse-live-monitor");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    try {
      while (running.get()) {
        var records = consumer.poll(Duration.ofMillis(250));
        if (records.isEmpty()) {
          continue;
        }
        synchronized (this) {
          for (ConsumerRecord<byte[], byte[]> record : records) {
            count(record);
          }
          lastOutputNanos = System.nanoTime();
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      if (running.get()) {
        LOG.error("The live monitor stopped reading the output topics", e);
        failure = e;
      }
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void count(ConsumerRecord<byte[], byte[]> record) {
    switch (record.topic()) {
      case Topics.ALERTS -> {
        Alert alert = PipelineOutput.decode(alertSerde, record);
        if (alert == null) {
          undecodable++;
        } else {
          alerts.add(alert);
        }
      }
      case Topics.PVUV -> {
        PvUvPoint point = PipelineOutput.decode(pvuvSerde, record);
        if (point == null) {
          undecodable++;
        } else {
          pvuvPoints++;
          if ("all".equals(point.getDimension())
              && (latestAll == null || !point.getWindowEnd().isBefore(latestAll.getWindowEnd()))) {
            latestAll = point;
          }
        }
      }
      case Topics.CLICKSTREAM_DLQ -> dlq++;
      case Topics.CLICKSTREAM_LATE -> late++;
      default -> { }
    }
  }

  /** What has been seen so far. */
  public synchronized Snapshot snapshot() {
    if (failure != null) {
      throw new IllegalStateException("reading the output topics failed: " + failure.getMessage(), failure);
    }
    return new Snapshot(alerts.total(), alerts.typesInline(), alerts.sourcesInline(), pvuvPoints, latestAll, dlq,
        late, undecodable, Duration.ofNanos(System.nanoTime() - lastOutputNanos));
  }

  @Override
  public void close() throws InterruptedException {
    if (running.compareAndSet(true, false)) {
      consumer.wakeup();
      thread.join(10_000);
    }
  }

  /** Counts so far; {@code quietFor} is the time since the last record on any output topic. */
  public record Snapshot(long alerts, String alertsByType, String alertsBySource, long pvuvPoints,
      PvUvPoint latestAll, long dlq, long late, long undecodable, Duration quietFor) {}
}
