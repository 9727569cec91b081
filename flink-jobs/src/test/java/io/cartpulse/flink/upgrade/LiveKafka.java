package io.cartpulse.flink.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.platform.kafka.EmbeddedKafka;
import io.cartpulse.platform.registry.LocalSchemaRegistry;
import io.cartpulse.registry.SpecificAvroSerde;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * An embedded broker (one partition per topic, so offsets are positions in the input) and the
 * local registry for the live job of the upgrade test: clicks in, records read back as
 * read_committed.
 */
final class LiveKafka implements AutoCloseable {
  static final List<String> TOPICS = List.of("clickstream", "alerts", "pvuv", "clickstream-late", "clickstream-dlq",
      "rule-settings");

  private final EmbeddedKafka kafka;
  private final LocalSchemaRegistry registry;
  private final Map<String, String> registryConfig;
  private final KafkaProducer<byte[], byte[]> producer;
  private final SpecificAvroSerde<ClickEvent> clicks;

  private LiveKafka(Path dir) {
    kafka = EmbeddedKafka.start(dir);
    registry = LocalSchemaRegistry.start(0);
    registryConfig = Map.of("schema.registry.url", registry.url(), "auto.register.schemas", "true");
    Map<String, Integer> partitions = new java.util.LinkedHashMap<>();
    TOPICS.forEach(topic -> partitions.put(topic, 1));
    kafka.createTopics(partitions);
    Properties props = kafka.clientProperties();
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    producer = new KafkaProducer<>(props);
    clicks = new SpecificAvroSerde<>(ClickEvent.class);
    clicks.configure(registryConfig, false);
  }

  static LiveKafka start(Path dir) {
    return new LiveKafka(dir);
  }

  String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  Map<String, String> registryConfig() {
    return registryConfig;
  }

  /** Sends each event to clickstream, keyed by user, and waits for the broker's acknowledgement. */
  void send(List<ClickEvent> events) throws Exception {
    for (ClickEvent event : events) {
      sendRaw(event.getUserId().getBytes(StandardCharsets.UTF_8), clicks.serialize("clickstream", event));
    }
  }

  void sendRaw(byte[] key, byte[] value) throws Exception {
    producer.send(new ProducerRecord<>("clickstream", key, value)).get();
  }

  /** Reads {@code topic} from the start until {@code done} holds, failing after {@code deadline}. */
  List<ConsumerRecord<byte[], byte[]>> readUntil(String topic, Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
      JobClient job, Duration deadline) throws Exception {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = System.nanoTime() + deadline.toNanos();
      long nextStatusCheck = 0;
      while (!done.test(records)) {
        assertThat(System.nanoTime()).as("waiting for " + topic + ", read so far: " + records.size()).isLessThan(end);
        if (System.nanoTime() >= nextStatusCheck) {
          assertThat(job.getJobStatus().get().isTerminalState()).as("job still running").isFalse();
          nextStatusCheck = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        }
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
    }
    return records;
  }

  /** Everything committed to {@code topic} so far (read to the last stable offset). */
  List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long endOffset = consumer.endOffsets(List.of(partition)).get(partition);
      long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (consumer.position(partition) < endOffset) {
        assertThat(System.nanoTime()).as("reading " + topic + " to offset " + endOffset).isLessThan(end);
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  <T extends SpecificRecord> List<T> decode(Class<T> type, String topic, List<ConsumerRecord<byte[], byte[]>> records) {
    SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
    serde.configure(registryConfig, false);
    return records.stream().map(r -> serde.deserialize(topic, r.value())).toList();
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    Properties props = kafka.clientProperties();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // Without it a fetch position found invalid is reset to the end, and the reader sees nothing.
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return new KafkaConsumer<>(props);
  }

  @Override
  public void close() {
    producer.close();
    registry.close();
    kafka.close();
  }
}
