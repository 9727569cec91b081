package io.cartpulse.flink;

import static io.cartpulse.testing.Clicks.click;
import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.avro.PvUvPoint;
import io.cartpulse.contract.DeadLetterHeaders;
import io.cartpulse.flink.config.JobConfig;
import io.cartpulse.platform.kafka.EmbeddedKafka;
import io.cartpulse.platform.registry.LocalSchemaRegistry;
import io.cartpulse.registry.SpecificAvroSerde;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The live pipeline end to end on a local Flink cluster (RocksDB, exactly-once checkpoints)
 * between an embedded Kafka broker and the local Schema Registry: Confluent-Avro clicks in;
 * a CHURN_RISK alert, PV/UV points, dead letters and a late event out, read as read_committed.
 */
@Timeout(300)
class CartPulseJobKafkaTest {
  static final long T0 = 1_569_888_000_000L; // 2019-10-01T00:00:00Z
  static final long HOUR = 3_600_000L;
  static final long WEEK = 7 * 24 * HOUR;
  static final Duration DEADLINE = Duration.ofSeconds(150);

  static EmbeddedKafka kafka;
  static LocalSchemaRegistry registry;
  static Map<String, String> registryConfig;
  static JobClient job;
  static KafkaProducer<byte[], byte[]> producer;
  static SpecificAvroSerde<ClickEvent> clicks;

  @BeforeAll
  static void startPipeline() throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    kafka = EmbeddedKafka.start(tmp);
    registry = LocalSchemaRegistry.start(0);
    registryConfig = Map.of("schema.registry.url", registry.url(), "auto.register.schemas", "true");
    kafka.createTopics(Map.of("clickstream", 1, "alerts", 1, "pvuv", 1, "clickstream-late", 1, "clickstream-dlq", 1,
        "rule-settings", 1));

    Map<String, String> settings = new HashMap<>(registryConfig);
    settings.put("bootstrap.servers", kafka.bootstrapServers());
    settings.put("parallelism", "1");
    settings.put("checkpoint.interval.ms", "500");
    settings.put("checkpoint.dir", tmp.resolve("flink-kafka-test-checkpoints").toUri().toString());
    settings.put("state.backend", "rocksdb");
    settings.put("group.id", "cartpulse-flink-kafka-test");
    StreamExecutionEnvironment env = LocalCluster.environment(1);
    CartPulseJob.wireKafka(env, JobConfig.from(settings));
    job = env.executeAsync(CartPulseJob.JOB_NAME);

    Properties producerProps = kafka.clientProperties();
    producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    producer = new KafkaProducer<>(producerProps);
    clicks = new SpecificAvroSerde<>(ClickEvent.class);
    clicks.configure(registryConfig, false);
  }

  @AfterAll
  static void stopPipeline() throws Exception {
    if (job != null) {
      job.cancel().get();
    }
    if (producer != null) {
      producer.close();
    }
    if (registry != null) {
      registry.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  static void send(ClickEvent event) throws Exception {
    producer.send(new ProducerRecord<>("clickstream", event.getUserId().getBytes(StandardCharsets.UTF_8),
        clicks.serialize("clickstream", event))).get();
  }

  /** Reads {@code topic} from the start (read_committed) until {@code done} holds for what was read. */
  static List<ConsumerRecord<byte[], byte[]>> readUntil(String topic,
      Predicate<List<ConsumerRecord<byte[], byte[]>>> done) throws Exception {
    Properties props = kafka.clientProperties();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      while (!done.test(records)) {
        assertThat(System.nanoTime()).as("waiting for " + topic + ", read so far: " + records.size())
            .isLessThan(deadline);
        assertThat(job.getJobStatus().get().isTerminalState()).as("job still running").isFalse();
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
    }
    return records;
  }

  static <T extends org.apache.avro.specific.SpecificRecord> List<T> decode(Class<T> type, String topic,
      List<ConsumerRecord<byte[], byte[]>> records) {
    SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
    serde.configure(registryConfig, false);
    return records.stream().map(r -> serde.deserialize(topic, r.value())).toList();
  }

  static String header(ConsumerRecord<byte[], byte[]> record, String key) {
    return new String(record.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
  }

  @Test
  void clicksInAlertsPointsDeadLettersAndLateEventsOut() throws Exception {
    for (int i = 0; i < 10; i++) {
      send(click(T0 + i * HOUR, "view", "churner", "p" + i, "electronics.smartphone"));
      if (i == 0) {
        send(click(T0 + 10_000, "view", "a", "p1", null));
        send(click(T0 + 20_000, "view", "b", "p2", "appliances.kitchen"));
      }
    }
    byte[] garbage = {1, 2, 3};
    producer.send(new ProducerRecord<>("clickstream", null, null, "bad".getBytes(StandardCharsets.UTF_8), garbage,
        List.of(new RecordHeader("trace", "t-1".getBytes(StandardCharsets.UTF_8))))).get();
    ClickEvent unknownType = click(T0 + 11 * HOUR, "jump", "x", "p1", null);
    send(unknownType);
    // Moves the clock past the churner's window end (w0 + 7 days + the 2 s watermark delay).
    send(click(T0 + WEEK + HOUR, "view", "clock", "p1", null));

    List<ConsumerRecord<byte[], byte[]>> alertRecords = readUntil("alerts", records -> !records.isEmpty());
    Alert alert = decode(Alert.class, "alerts", alertRecords).get(0);
    assertThat(alert.getType()).isEqualTo(AlertType.CHURN_RISK);
    assertThat(alert.getUserId()).isEqualTo("churner");
    assertThat(alert.getEventTime().toEpochMilli()).isEqualTo(T0 + WEEK);
    assertThat(alert.getAttributes()).containsEntry("views", "10").containsEntry("windowStart", Long.toString(T0));
    assertThat(alert.getSource()).isEqualTo("flink-jobs");
    assertThat(new String(alertRecords.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("churner");

    // The clock is past T0 + 7 days now: an event from day 0 is late.
    byte[] lateValue = clicks.serialize("clickstream", click(T0 + HOUR, "view", "late", "p1", null));
    producer.send(new ProducerRecord<>("clickstream", "late".getBytes(StandardCharsets.UTF_8), lateValue)).get();
    List<ConsumerRecord<byte[], byte[]>> late = readUntil("clickstream-late", records -> !records.isEmpty());
    assertThat(late).singleElement().satisfies(record -> {
      assertThat(record.value()).isEqualTo(lateValue);
      assertThat(record.key()).isEqualTo("late".getBytes(StandardCharsets.UTF_8));
    });

    List<ConsumerRecord<byte[], byte[]>> dlq = readUntil("clickstream-dlq", records -> records.size() >= 2);
    assertThat(dlq).hasSize(2);
    assertThat(dlq.get(0).value()).isEqualTo(garbage);
    assertThat(dlq.get(0).key()).isEqualTo("bad".getBytes(StandardCharsets.UTF_8));
    assertThat(header(dlq.get(0), "trace")).isEqualTo("t-1");
    assertThat(header(dlq.get(0), DeadLetterHeaders.REASON)).contains("clickstream");
    assertThat(header(dlq.get(0), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("clickstream");
    assertThat(header(dlq.get(0), DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");
    assertThat(header(dlq.get(0), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("12");
    assertThat(header(dlq.get(1), DeadLetterHeaders.REASON)).isEqualTo("unknown eventType 'jump'");
    assertThat(header(dlq.get(1), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("13");

    // Day 0 has four curves (all, electronics, none, appliances) of 1440 points each.
    List<ConsumerRecord<byte[], byte[]>> pvuv = readUntil("pvuv", records -> decode(PvUvPoint.class, "pvuv", records)
        .stream().filter(p -> p.getDay().equals("2019-10-01")).count() >= 4 * 1440);
    List<PvUvPoint> points = decode(PvUvPoint.class, "pvuv", pvuv);
    assertThat(points).filteredOn(p -> p.getDimension().equals("all") && p.getWindowEnd().toEpochMilli() == T0 + 60_000)
        .singleElement().satisfies(p -> {
          assertThat(p.getDay()).isEqualTo("2019-10-01");
          assertThat(p.getPv()).isEqualTo(3);
          assertThat(p.getUv()).isEqualTo(3);
        });
    assertThat(points).filteredOn(p -> p.getDay().equals("2019-10-01") && p.getDimension().equals("all"))
        .hasSize(1440).last().satisfies(p -> {
          assertThat(p.getPv()).isEqualTo(12);
          assertThat(p.getUv()).isEqualTo(3);
        });
    assertThat(points).extracting(PvUvPoint::getDimension).contains("electronics", "appliances", "none");
  }
}
