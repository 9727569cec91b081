package io.cartpulse.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stopBroker() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void createsTopicWithTheRequestedPartitions() throws Exception {
    kafka.createTopic("three-partitions", 3);

    try (Admin admin = kafka.createAdmin()) {
      TopicDescription topic = admin.describeTopics(List.of("three-partitions")).allTopicNames().get()
          .get("three-partitions");
      assertThat(topic.partitions()).hasSize(3);
      assertThat(topic.partitions()).allSatisfy(partition -> {
        assertThat(partition.leader()).isNotNull();
        assertThat(partition.replicas()).hasSize(1);
      });
      assertThat(topic.partitions()).extracting(TopicPartitionInfo::partition).containsExactly(0, 1, 2);
    }
  }

  @Test
  void createsSeveralTopicsAtOnceAndAcceptsAnExistingTopicWithTheSameShape() throws Exception {
    kafka.createTopics(Map.of("batch-a", 2, "batch-b", 1));
    kafka.createTopic("batch-a", 2);

    try (Admin admin = kafka.createAdmin()) {
      Map<String, TopicDescription> topics = admin.describeTopics(List.of("batch-a", "batch-b")).allTopicNames().get();
      assertThat(topics.get("batch-a").partitions()).hasSize(2);
      assertThat(topics.get("batch-b").partitions()).hasSize(1);
    }
  }

  @Test
  void refusesAnExistingTopicWithAnotherPartitionCount() {
    kafka.createTopic("reshaped", 2);

    assertThatThrownBy(() -> kafka.createTopic("reshaped", 4))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'reshaped'")
        .hasMessageContaining("already exists with 2 partitions, not 4");
  }

  @Test
  void rejectsInvalidTopicRequests() {
    assertThatThrownBy(() -> kafka.createTopic("no-partitions", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'no-partitions'");
    assertThatThrownBy(() -> kafka.createTopic(" ", 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void doesNotCreateTopicsOnFirstUse() throws Exception {
    try (Admin admin = kafka.createAdmin();
         KafkaConsumer<String, String> consumer = consumer("auto-create-probe", "read_uncommitted")) {
      try {
        consumer.partitionsFor("never-created", Duration.ofSeconds(2));
      } catch (TimeoutException unknownTopic) {
        // The broker answered "unknown topic" until the timeout: what we want, if it did not create it.
      }
      assertThat(admin.listTopics().names().get()).doesNotContain("never-created");
    }
  }

  @Test
  void deliversPlainRecordsFromProducerToConsumer() {
    kafka.createTopic("plain", 3);
    try (KafkaProducer<String, String> producer = producer(new Properties())) {
      for (int i = 0; i < 6; i++) {
        producer.send(new ProducerRecord<>("plain", "key-" + i, "value-" + i));
      }
      producer.flush();
    }

    List<ConsumerRecord<String, String>> records = consumeAtLeast("plain", 6, "read_uncommitted");

    assertThat(records).extracting(ConsumerRecord::value)
        .containsExactlyInAnyOrder("value-0", "value-1", "value-2", "value-3", "value-4", "value-5");
  }

  @Test
  void readCommittedConsumerSeesCommittedTransactionsOnly() {
    kafka.createTopic("transactional", 1);
    Properties props = new Properties();
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-kafka-test-tx");
    // InitProducerId blocks until the transaction-state topic is usable: fail fast if it never is.
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
    try (KafkaProducer<String, String> producer = producer(props)) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("transactional", "k", "aborted"));
      producer.flush();
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("transactional", "k", "committed-1"));
      producer.send(new ProducerRecord<>("transactional", "k", "committed-2"));
      producer.commitTransaction();
    }

    List<ConsumerRecord<String, String>> records = consumeAtLeast("transactional", 2, "read_committed");

    assertThat(records).extracting(ConsumerRecord::value).containsExactly("committed-1", "committed-2");
  }

  @Test
  void listensOnLoopbackOnly() throws Exception {
    assertThat(kafka.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
    assertThat(kafka.loopbackOnly()).isTrue();
    int port = Integer.parseInt(kafka.bootstrapServers().substring("127.0.0.1:".length()));

    // 127.0.0.2 is another loopback address: a socket bound to 0.0.0.0 would accept it too.
    try (Socket socket = new Socket()) {
      assertThatThrownBy(() -> socket.connect(new InetSocketAddress("127.0.0.2", port), 5_000))
          .isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void refusesToOverrideManagedBrokerProperties() {
    assertThatThrownBy(() -> EmbeddedKafka.builder().brokerProperty("listeners", "PLAINTEXT://0.0.0.0:9092"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'listeners'");
  }

  @Test
  void closeStopsTheBrokerAndDeletesItsData(@TempDir Path baseDir) throws Exception {
    EmbeddedKafka own = EmbeddedKafka.builder().baseDir(baseDir).brokerProperty("log.retention.ms", 60_000).start();
    Path dataDir = own.dataDir();
    own.createTopic("short-lived", 1);
    assertThat(dataDir).startsWith(baseDir).isDirectory();
    try (var files = Files.walk(dataDir)) {
      assertThat(files.anyMatch(file -> file.getFileName().toString().startsWith("short-lived-"))).isTrue();
    }

    own.close();
    own.close();

    assertThat(dataDir).doesNotExist();
    assertThat(baseDir).isDirectory();
    assertThatThrownBy(() -> own.createTopic("after-close", 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  private static KafkaProducer<String, String> producer(Properties extra) {
    Properties props = kafka.clientProperties();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.putAll(extra);
    return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }

  private static KafkaConsumer<String, String> consumer(String group, String isolation) {
    Properties props = kafka.clientProperties();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
  }

  /** Polls until {@code count} records arrived or 30 s passed; returns what arrived. */
  private static List<ConsumerRecord<String, String>> consumeAtLeast(String topic, int count, String isolation) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = consumer(topic + "-" + UUID.randomUUID(), isolation)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (records.size() < count && System.nanoTime() - deadline < 0) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    assertThat(records).as("records on %s within 30 s", topic).hasSizeGreaterThanOrEqualTo(count);
    return records;
  }
}
