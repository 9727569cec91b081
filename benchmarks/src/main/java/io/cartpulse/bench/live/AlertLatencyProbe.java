package io.cartpulse.bench.live;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.contract.Topics;
import io.cartpulse.local.kafka.PipelineOutput;
import io.cartpulse.local.kafka.TopicReader;
import io.cartpulse.registry.SpecificAvroSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Measures end-to-end alert latency: from the moment a click is handed to the producer to the
 * moment its alert is returned by a {@code read_committed} consumer of the alerts topic (a
 * downstream consumer's view: exactly-once output is visible only once its transaction commits).
 *
 * <p>Matching. CROSS_SELL, PURCHASE_INTENT, PRICE_SENSITIVITY and COUPON_ISSUED carry the
 * triggering click's userId, productId and event time (ALERTS.md section 3), so the alert is
 * matched to the produce time of the click with that key (the first one, when a user clicks the
 * same product twice within one event second; such repeats are counted). CART_ABANDONMENT is due at
 * its eventTime: it is measured from the moment the first click with an event time at or after
 * the due time was produced (when the pipeline's clock can first reach it) to when it is readable.
 *
 * <p>Only clicks produced inside the measured window count; the feeder keeps running after the
 * window so that the tail of the window is measured under the same load.
 */
final class AlertLatencyProbe implements ClickFeed.Observer, AutoCloseable {
  private static final java.util.Set<AlertType> TRIGGERED = java.util.EnumSet.of(AlertType.CROSS_SELL,
      AlertType.PURCHASE_INTENT, AlertType.PRICE_SENSITIVITY, AlertType.COUPON_ISSUED);

  /** Results of one window. */
  record Result(double[] triggeredMs, double[] processingMs, double[] dueMs, Map<AlertType, Integer> matchedByType,
      long unmatched, long repeatedKeys, long undecodable) {}

  private final Map<String, Long> produceNanosByKey = new ConcurrentHashMap<>();
  /** Produce time of the first click of each event second (epoch second -> nanoTime). */
  private final Map<Long, Long> firstProduceNanosBySecond = new ConcurrentHashMap<>();
  private long lastSecond = Long.MIN_VALUE;
  private volatile long repeatedKeys;
  /** nanoTime -> epoch ms, to compare produce times with the alerts' detectedAt. */
  private final long epochMsAtBase = System.currentTimeMillis();
  private final long nanoBase = System.nanoTime();

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final SpecificAvroSerde<Alert> serde;
  private final Thread thread;
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private volatile boolean running = true;

  private volatile long windowStart = Long.MAX_VALUE;
  private volatile long windowEnd = Long.MAX_VALUE;
  private final List<Double> triggered = new ArrayList<>();
  private final List<Double> processing = new ArrayList<>();
  private final List<Double> due = new ArrayList<>();
  private final Map<AlertType, Integer> matchedByType = new EnumMap<>(AlertType.class);
  private long unmatched;
  private long undecodable;

  /** Starts reading the alerts topic from its current end. */
  AlertLatencyProbe(String bootstrapServers, String registryUrl, long fetchMaxWaitMs) {
    Map<String, Object> config = TopicReader.consumerConfig(bootstrapServers, "bench-live-latency");
    // The broker answers a fetch as soon as committed data is there; this caps the wait if it does not.
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) fetchMaxWaitMs);
    this.consumer = new KafkaConsumer<>(config);
    this.serde = PipelineOutput.valueSerde(Alert.class, registryUrl);
    List<TopicPartition> partitions = TopicReader.partitions(consumer, Topics.ALERTS, Duration.ofSeconds(30));
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    this.thread = new Thread(this::loop, "bench-live-latency");
    thread.setDaemon(true);
    thread.start();
  }

  static String key(CharSequence userId, CharSequence productId, long epochMs) {
    return userId + "|" + productId + "|" + epochMs;
  }

  @Override
  public void producing(ClickEvent event, long nanoTime) {
    long epochMs = event.getEventTime().toEpochMilli();
    if (produceNanosByKey.putIfAbsent(key(event.getUserId(), event.getProductId(), epochMs), nanoTime) != null) {
      repeatedKeys++;
    }
    long second = Math.floorDiv(epochMs, 1000);
    if (second > lastSecond) {
      lastSecond = second;
      firstProduceNanosBySecond.putIfAbsent(second, nanoTime);
    }
  }

  /** Clicks produced from now on are measured. */
  void openWindow() {
    windowStart = System.nanoTime();
  }

  /** Clicks produced from now on are no longer measured (their alerts still arrive and are ignored). */
  void closeWindow() {
    windowEnd = System.nanoTime();
  }

  private void loop() {
    try {
      while (running) {
        var records = consumer.poll(Duration.ofMillis(100));
        long now = System.nanoTime();
        long nowEpochMs = toEpochMs(now);
        for (ConsumerRecord<byte[], byte[]> record : records) {
          Alert alert = PipelineOutput.decode(serde, record);
          synchronized (this) {
            if (alert == null) {
              undecodable++;
            } else {
              measure(alert, now, nowEpochMs);
            }
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void measure(Alert alert, long readNanos, long readEpochMs) {
    long eventMs = alert.getEventTime().toEpochMilli();
    if (TRIGGERED.contains(alert.getType())) {
      Long produced = alert.getUserId() == null || alert.getProductId() == null ? null
          : produceNanosByKey.get(key(alert.getUserId(), alert.getProductId(), eventMs));
      if (produced == null) {
        unmatched++;
        return;
      }
      if (produced < windowStart || produced >= windowEnd) {
        return;
      }
      triggered.add((readNanos - produced) / 1e6);
      if (alert.getDetectedAt() != null) {
        processing.add((double) (alert.getDetectedAt().toEpochMilli() - toEpochMs(produced)));
      }
      matchedByType.merge(alert.getType(), 1, Integer::sum);
    } else if (alert.getType() == AlertType.CART_ABANDONMENT) {
      Long clockReached = firstProduceNanosBySecond.get(Math.floorDiv(eventMs + 999, 1000));
      if (clockReached == null || clockReached < windowStart || clockReached >= windowEnd || eventMs % 1000 != 0) {
        return;
      }
      due.add((readNanos - clockReached) / 1e6);
      matchedByType.merge(alert.getType(), 1, Integer::sum);
    }
  }

  private long toEpochMs(long nanoTime) {
    return epochMsAtBase + Math.floorDiv(nanoTime - nanoBase, 1_000_000L);
  }

  synchronized Result result() {
    if (failure.get() != null) {
      throw new IllegalStateException("reading the alerts topic failed: " + failure.get().getMessage(), failure.get());
    }
    return new Result(toArray(triggered), toArray(processing), toArray(due), new EnumMap<>(matchedByType), unmatched,
        repeatedKeys, undecodable);
  }

  private static double[] toArray(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(10_000);
  }
}
