package io.cartpulse.dashboard.feed;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.PvUvPoint;
import io.cartpulse.avro.RuleSettings;
import io.cartpulse.dashboard.DashboardConfig;
import io.cartpulse.dashboard.view.AlertLog;
import io.cartpulse.dashboard.view.PvUvCurves;
import io.cartpulse.dashboard.view.RuleSettingsView;
import io.cartpulse.registry.SchemaRegistryClient;
import io.cartpulse.registry.SpecificAvroSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code alerts}, {@code pvuv}, {@code offers} and {@code rule-settings} on one consumer
 * thread, the way a downstream consumer sees them: {@code read_committed} (only committed
 * exactly-once output), decoded through the registry, without a consumer group (assigned
 * partitions: the dashboard never disturbs anyone's offsets, and every instance sees everything).
 *
 * <p>Start positions: {@code rule-settings} from its beginning (compacted, small, and every
 * version matters); the others from a bounded number of records before their end, enough for the
 * feed, the per-minute counts and today's curves without reading a long run's history. A topic
 * that does not exist yet (the product topics before issue 13's service runs, rule-settings before
 * the first version) is looked for again every few seconds and followed from then on.
 */
public final class TopicFollower implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);
  static final Duration LOOK_FOR_TOPICS_EVERY = Duration.ofSeconds(5);
  /** Records read back per partition at start: alerts and offers for the feed, pvuv for today's curves. */
  static final long ALERTS_BACKLOG = 20_000;
  static final long PVUV_BACKLOG = 50_000;

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final DashboardConfig.TopicNames topics;
  private final SpecificAvroSerde<Alert> alertSerde;
  private final SpecificAvroSerde<PvUvPoint> pvuvSerde;
  private final SpecificAvroSerde<RuleSettings> settingsSerde;
  private final OfferDecoder offerDecoder;
  private final AlertLog alerts;
  private final PvUvCurves curves;
  private final RuleSettingsView settings;
  private final Map<String, Long> undecodable = new HashMap<>();
  private final Set<String> followed = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;
  private volatile RuntimeException failure;
  private volatile long recordsRead;

  public TopicFollower(DashboardConfig config, SchemaRegistryClient registry, AlertLog alerts, PvUvCurves curves,
      RuleSettingsView settings) {
    Map<String, Object> consumerConfig = new HashMap<>(config.kafkaClient());
    consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "cartpulse-dashboard");
    consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
    this.consumer = new KafkaConsumer<>(consumerConfig);
    this.topics = config.topics();
    this.alertSerde = new SpecificAvroSerde<>(Alert.class, registry, false, false);
    this.pvuvSerde = new SpecificAvroSerde<>(PvUvPoint.class, registry, false, false);
    this.settingsSerde = new SpecificAvroSerde<>(RuleSettings.class, registry, false, false);
    this.offerDecoder = new OfferDecoder(registry);
    this.alerts = alerts;
    this.curves = curves;
    this.settings = settings;
    this.thread = new Thread(this::loop, "cartpulse-dashboard-topics");
    thread.setDaemon(true);
  }

  public TopicFollower start() {
    thread.start();
    return this;
  }

  private void loop() {
    long nextLook = 0;
    try {
      while (running.get()) {
        if (System.nanoTime() - nextLook >= 0 && followed.size() < 4) {
          try {
            followNewTopics();
          } catch (KafkaException e) {
            LOG.warn("Cannot list the topics to follow (will try again): {}", e.toString());
          }
          nextLook = System.nanoTime() + LOOK_FOR_TOPICS_EVERY.toNanos();
        }
        if (followed.isEmpty()) {
          // Nothing assigned yet: poll would throw, so wait for the next look at the topics.
          Thread.sleep(200);
          continue;
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(250))) {
          handle(record);
          recordsRead++;
        }
      }
    } catch (WakeupException | InterruptedException e) {
      // closing
    } catch (RuntimeException e) {
      if (running.get()) {
        LOG.error("The dashboard stopped reading the pipeline's topics", e);
        failure = e;
      }
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void followNewTopics() {
    Map<String, List<PartitionInfo>> existing = consumer.listTopics(Duration.ofSeconds(10));
    List<TopicPartition> added = new ArrayList<>();
    Map<TopicPartition, Long> backlog = new LinkedHashMap<>();
    for (String topic : List.of(topics.alerts(), topics.pvuv(), topics.offers(), topics.ruleSettings())) {
      if (followed.contains(topic) || !existing.containsKey(topic)) {
        continue;
      }
      long records = topic.equals(topics.ruleSettings()) ? Long.MAX_VALUE
          : topic.equals(topics.pvuv()) ? PVUV_BACKLOG : ALERTS_BACKLOG;
      for (PartitionInfo info : existing.get(topic)) {
        TopicPartition partition = new TopicPartition(topic, info.partition());
        added.add(partition);
        backlog.put(partition, records);
      }
      followed.add(topic);
      LOG.info("Following topic {} ({} partitions)", topic, existing.get(topic).size());
    }
    if (added.isEmpty()) {
      return;
    }
    List<TopicPartition> all = new ArrayList<>(consumer.assignment());
    all.addAll(added);
    consumer.assign(all);
    Map<TopicPartition, Long> begin = consumer.beginningOffsets(added, Duration.ofSeconds(10));
    Map<TopicPartition, Long> end = consumer.endOffsets(added, Duration.ofSeconds(10));
    for (TopicPartition partition : added) {
      long back = backlog.get(partition);
      long from = back == Long.MAX_VALUE ? begin.get(partition)
          : Math.max(begin.get(partition), end.get(partition) - back);
      consumer.seek(partition, from);
    }
  }

  private void handle(ConsumerRecord<byte[], byte[]> record) {
    if (record.value() == null) {
      return;
    }
    String topic = record.topic();
    try {
      if (topic.equals(topics.alerts())) {
        alerts.add(alertSerde.deserialize(topic, record.value()));
      } else if (topic.equals(topics.pvuv())) {
        curves.add(pvuvSerde.deserialize(topic, record.value()));
      } else if (topic.equals(topics.ruleSettings())) {
        settings.add(settingsSerde.deserialize(topic, record.value()));
      } else if (topic.equals(topics.offers())) {
        OfferDecoder.DecodedOffer offer = offerDecoder.decode(record.value());
        alerts.offer(offer.alertId(), offer.products());
      }
    } catch (RuntimeException e) {
      long count = undecodable.merge(topic, 1L, Long::sum);
      if (count == 1) {
        LOG.warn("A record of {} (partition {}, offset {}) cannot be read; it and others like it are skipped: {}",
            topic, record.partition(), record.offset(), e.getMessage());
      }
    }
  }

  /** The topics followed so far. */
  public List<String> followed() {
    return List.copyOf(followed);
  }

  /** Why reading stopped, or null while it goes on. */
  public RuntimeException failure() {
    return failure;
  }

  public long recordsRead() {
    return recordsRead;
  }

  @Override
  public void close() throws InterruptedException {
    if (running.compareAndSet(true, false)) {
      consumer.wakeup();
      if (thread.isAlive()) {
        thread.join(10_000);
      } else {
        consumer.close(Duration.ofSeconds(5));
      }
    }
  }
}
