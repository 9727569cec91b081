package io.cartpulse.settings;

import io.cartpulse.avro.RuleSettings;
import io.cartpulse.registry.SpecificAvroSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The compacted {@code rule-settings} topic (ALERTS.md section 8): one record per settings version,
 * key = the version, value = Avro {@link RuleSettings} in the Confluent wire format. Read whole by an
 * engine at start and by {@code scripts/rules}; written by {@code scripts/rules set}. A record that is
 * not a valid version is reported to the caller and skipped - never fatal.
 */
public final class RuleSettingsTopic {
  private RuleSettingsTopic() {}

  /** The record of {@code version}. */
  public static RuleSettings record(SettingsVersion version) {
    return RuleSettings.newBuilder().setVersion(version.version())
        .setEffectiveFrom(Instant.ofEpochMilli(version.effectiveFrom()))
        .setSettings(new HashMap<>(version.settings())).build();
  }

  /** The version a record carries; an {@link InvalidSettingException} when it is not one. */
  public static SettingsVersion version(RuleSettings record) {
    return SettingsVersion.of(record.getVersion(), record.getEffectiveFrom().toEpochMilli(),
        record.getSettings().entrySet().stream()
            .collect(Collectors.toMap(e -> e.getKey().toString(), e -> e.getValue().toString())));
  }

  /**
   * Every valid version on the topic now (read_committed, from the beginning to the end offsets),
   * ordered by version; the last record of a key wins (compaction). Bad records go to {@code skipped}
   * with the reason.
   */
  public static List<SettingsVersion> readAll(Properties client, String topic, SpecificAvroSerde<RuleSettings> serde,
      Duration timeout, BiConsumer<String, String> skipped) {
    Properties props = new Properties();
    props.putAll(client);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    Map<String, byte[]> latest = new TreeMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
          .map(info -> new TopicPartition(topic, info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      while (!reached(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("reading " + topic + " took longer than " + timeout);
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.value() == null) {
            latest.remove(record.key());
          } else {
            latest.put(record.key(), record.value());
          }
        }
      }
    }
    List<SettingsVersion> versions = new ArrayList<>();
    latest.forEach((key, value) -> {
      try {
        versions.add(version(serde.deserialize(topic, value)));
      } catch (RuntimeException e) {
        skipped.accept(key, e.getMessage());
      }
    });
    versions.sort((a, b) -> Long.compare(a.version(), b.version()));
    return versions;
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
      if (consumer.position(partition.getKey()) < partition.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** Publishes {@code versions} (key = version), idempotently, and waits until they are written. */
  public static void publish(Properties client, String topic, SpecificAvroSerde<RuleSettings> serde,
      Collection<SettingsVersion> versions) throws Exception {
    Properties props = new Properties();
    props.putAll(client);
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
        new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      for (SettingsVersion version : versions) {
        producer.send(new ProducerRecord<>(topic, Long.toString(version.version()),
            serde.serialize(topic, record(version)))).get();
      }
    }
  }
}
