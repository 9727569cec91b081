package io.cartpulse.local.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.local.generator.SyntheticShop.ShopConfig;
import io.cartpulse.platform.kafka.EmbeddedKafka;
import io.cartpulse.platform.registry.LocalSchemaRegistry;
import io.cartpulse.registry.RegistryConfig;
import io.cartpulse.registry.SpecificAvroSerde;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compose generator service end to end: the shop through a real broker and registry. */
class ProduceSyntheticTest {
  @TempDir
  static Path dir;

  private static EmbeddedKafka kafka;
  private static LocalSchemaRegistry registry;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start(dir);
    registry = LocalSchemaRegistry.start();
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  private int produce(String... args) {
    return ProduceSynthetic.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void producesTheShopKeyedByUserIdKeepingEachUsersOrder() {
    kafka.createTopic("synthetic-clicks", 3);

    int code = produce("--bootstrap", kafka.bootstrapServers(), "--registry", registry.url(),
        "--topic", "synthetic-clicks", "--rate", "1000000", "--max-events", "3000", "--seed", "5", "--auto-register");

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    List<ConsumerRecord<String, ClickEvent>> records = consume("synthetic-clicks", 3000);
    assertThat(records).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().getUserId()));

    SyntheticShop shop = new SyntheticShop(ShopConfig.defaults().withSeed(5).withEventsPerSecond(1_000_000));
    Map<String, List<ClickEvent>> expected = new LinkedHashMap<>();
    for (int i = 0; i < 3000; i++) {
      ClickEvent event = shop.next();
      expected.computeIfAbsent(event.getUserId(), u -> new ArrayList<>()).add(event);
    }
    Map<String, List<ClickEvent>> actual = new LinkedHashMap<>();
    for (ConsumerRecord<String, ClickEvent> r : records) {
      actual.computeIfAbsent(r.key(), u -> new ArrayList<>()).add(r.value());
    }
    assertThat(actual).isEqualTo(expected);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("done, sent 3,000 acked 3,000");
  }

  @Test
  void theCommandConfigReachesTheProducerAndTheRegistryClient() throws Exception {
    kafka.createTopic("secured-clicks", 1);
    try (LocalSchemaRegistry secured = LocalSchemaRegistry.start(0, "producer:s3cret")) {
      Path file = dir.resolve("client.properties");
      Files.writeString(file, "interceptor.classes=" + CountingInterceptor.class.getName() + "\n"
          + "basic.auth.user.info=producer:s3cret\n");
      int before = CountingInterceptor.SENT.get();

      int code = produce("--bootstrap", kafka.bootstrapServers(), "--registry", secured.url(), "--topic",
          "secured-clicks", "--rate", "1000000", "--max-events", "200", "--auto-register", "--command-config",
          file.toString());

      assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
      assertThat(CountingInterceptor.SENT.get() - before).as("records through the configured interceptor")
          .isEqualTo(200);
      assertThat(consume("secured-clicks", 200)).hasSize(200);
      // The same run without the file cannot use the registry (401), so nothing is produced.
      assertThat(produce("--bootstrap", kafka.bootstrapServers(), "--registry", secured.url(), "--topic",
          "secured-clicks", "--max-events", "10", "--auto-register")).isEqualTo(1);
      assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot encode a click for secured-clicks");
    }
  }

  /** A producer interceptor that counts what it sees: proof that the --command-config keys reached the producer. */
  public static final class CountingInterceptor implements ProducerInterceptor<Object, Object> {
    static final AtomicInteger SENT = new AtomicInteger();

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
      SENT.incrementAndGet();
      return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
  }

  @Test
  void missingEndpointsAreAUsageError() {
    assertThat(produce("--registry", registry.url())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--bootstrap is required");
  }

  @Test
  void aStartThatIsNeitherAnInstantNorEpochMillisIsAUsageError() {
    assertThat(produce("--bootstrap", kafka.bootstrapServers(), "--registry", registry.url(), "--start", "yesterday"))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--start yesterday");
  }

  private static List<ConsumerRecord<String, ClickEvent>> consume(String topic, int count) {
    Properties props = kafka.clientProperties();
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    SpecificAvroSerde<ClickEvent> serde = new SpecificAvroSerde<>(ClickEvent.class);
    serde.configure(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, registry.url()), false);
    List<ConsumerRecord<String, ClickEvent>> records = new ArrayList<>();
    try (KafkaConsumer<String, ClickEvent> consumer = new KafkaConsumer<>(props, new StringDeserializer(), serde)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (records.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
    }
    assertThat(records).hasSize(count);
    return records;
  }
}
