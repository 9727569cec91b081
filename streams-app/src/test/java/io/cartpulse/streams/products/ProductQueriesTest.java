package io.cartpulse.streams.products;

import static io.cartpulse.streams.StreamsTestHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.avro.InventoryLevel;
import io.cartpulse.contract.Topics;
import io.cartpulse.platform.kafka.EmbeddedKafka;
import io.cartpulse.registry.AvroWireCodec;
import io.cartpulse.registry.InMemorySchemaRegistryClient;
import io.cartpulse.registry.RegistryConfig;
import io.cartpulse.registry.SpecificAvroSerde;
import io.cartpulse.streams.CartPulseStreamsApp;
import io.cartpulse.streams.StreamsTestHarness;
import io.cartpulse.streams.config.StreamsAppConfig;
import io.cartpulse.streams.http.HttpEndpoint;
import io.cartpulse.streams.http.HttpGet;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * The product API on two streams-app instances of one application on the embedded broker: every
 * instance answers for every product (its own or the owner's, found through application.server) with
 * the backtest's line, and refuses what it cannot answer.
 */
class ProductQueriesTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  /** One instance: its HTTP endpoint (routes registered before it starts) and its KafkaStreams. */
  private record Instance(HttpEndpoint http, KafkaStreams streams) implements AutoCloseable {
    int port() {
      return http.port();
    }

    @Override
    public void close() {
      streams.close(Duration.ofSeconds(30));
      http.close();
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static Instance instance(EmbeddedKafka kafka, String scope, String applicationId, String name)
      throws Exception {
    int port = freePort();
    Properties file = new Properties();
    file.setProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    file.setProperty(RegistryConfig.SCHEMA_REGISTRY_URL, RegistryConfig.MOCK_SCHEME + scope);
    file.setProperty(RegistryConfig.AUTO_REGISTER_SCHEMAS, "true");
    file.setProperty(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    file.setProperty(StreamsConfig.APPLICATION_SERVER_CONFIG, "127.0.0.1:" + port);
    file.setProperty(StreamsConfig.STATE_DIR_CONFIG, Path.of("target", "products-state", scope, name)
        .toAbsolutePath().toString());
    file.setProperty(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
    file.setProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    file.setProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
    file.setProperty(StreamsAppConfig.INPUT_KEYED_BY_USER.key(), "true");
    file.setProperty(StreamsAppConfig.STORE_TYPE.key(), "in-memory");
    StreamsAppConfig config = StreamsAppConfig.load(file, Map.of());
    HttpEndpoint http = HttpEndpoint.start("127.0.0.1", port);
    KafkaStreams streams = new KafkaStreams(CartPulseStreamsApp.build(config), CartPulseStreamsApp.streamsProperties(config));
    ProductQueries.register(http, streams, config);
    return new Instance(http, streams);
  }

  @Test
  void everyInstanceAnswersForEveryProductAsTheBacktestDoes() throws Exception {
    String scope = "products-" + UUID.randomUUID();
    InMemorySchemaRegistryClient registry = InMemorySchemaRegistryClient.forScope(scope);
    registry.register("clickstream-value", AvroWireCodec.registryForm(ClickEvent.getClassSchema()));
    registry.register("product-stats-value",
        AvroWireCodec.registryForm(io.cartpulse.avro.ProductStats.getClassSchema()));
    registry.register("inventory-value", AvroWireCodec.registryForm(InventoryLevel.getClassSchema()));
    String applicationId = "cartpulse-products-" + UUID.randomUUID();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(Path.of("target", "embedded-kafka").toAbsolutePath())) {
      kafka.createTopics(Map.of(Topics.CLICKSTREAM, 2, Topics.ALERTS, 1, Topics.CLICKSTREAM_DLQ, 1,
          Topics.RULE_SETTINGS, 1, Topics.INVENTORY, 2, Topics.INVENTORY_DLQ, 1, Topics.PRODUCT_STATS, 1,
          Topics.PRODUCT_STOCK, 1, Topics.OFFERS, 1));
      try (Instance a = instance(kafka, scope, applicationId, "a"); Instance b = instance(kafka, scope, applicationId, "b")) {
        HttpResponse<String> starting = HttpGet.get(a.port(), "/products/p1");
        assertThat(starting.statusCode()).as("before the start").isEqualTo(503);
        assertThat(starting.headers().firstValue("Retry-After")).isPresent();

        a.streams().start();
        b.streams().start();

        ProductBook book = new ProductBook(RelatedSettings.DEFAULTS);
        long tEnd = produce(kafka, registry, book);

        // The last event (a view of p-last at T_end) has reached its product's task: everything before it
        // on the same partitions has too; then wait until every product answers on both instances.
        List<ProductView> expected = book.views(tEnd);
        for (ProductView view : expected) {
          String line = ProductJson.toLine(view);
          for (Instance instance : List.of(a, b)) {
            String path = "/products/" + view.productId() + "?asOf=" + tEnd;
            awaitBody(instance.port(), path, body -> body.equals(line + "\n"), line);
          }
        }
        assertThat(expected).hasSizeGreaterThan(10);

        HttpResponse<String> unknown = HttpGet.get(a.port(), "/products/nope");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(ProductJson.JSON.readTree(unknown.body()).get("error").asText()).contains("nope");
        assertThat(HttpGet.get(b.port(), "/products/p1?asOf=soon").statusCode()).isEqualTo(400);
        assertThat(HttpGet.get(b.port(), "/products/p1?asOf=" + T0).statusCode()).as("below the clock")
            .isEqualTo(400);
        assertThat(HttpGet.get(a.port(), "/products/top?by=views&window=today&limit=0").statusCode()).isEqualTo(400);
        assertThat(HttpGet.get(a.port(), "/products/top?by=likes").statusCode()).isEqualTo(400);

        HttpResponse<String> topA = HttpGet.get(a.port(), "/products/top?by=views&window=today&limit=3");
        HttpResponse<String> topB = HttpGet.get(b.port(), "/products/top?by=views&window=today&limit=3");
        assertThat(topA.statusCode()).isEqualTo(200);
        JsonNode top = ProductJson.JSON.readTree(topA.body());
        assertThat(top).hasSize(3);
        List<String> best = expected.stream()
            .sorted(java.util.Comparator.<ProductView>comparingLong(v -> v.today().views()).reversed()
                .thenComparing(ProductView::productId, io.cartpulse.contract.CodePointOrder.COMPARATOR))
            .limit(3).map(ProductView::productId).toList();
        List<String> ids = new ArrayList<>();
        top.forEach(node -> ids.add(node.get("productId").asText()));
        assertThat(ids).isEqualTo(best);
        assertThat(topB.body()).as("the same from the other instance").isEqualTo(topA.body());
      }
    } finally {
      InMemorySchemaRegistryClient.dropScope(scope);
    }
  }

  /** Clicks in sessions (so products pair), levels; returns T_end. */
  private static long produce(EmbeddedKafka kafka, InMemorySchemaRegistryClient registry, ProductBook book)
      throws Exception {
    SpecificAvroSerde<ClickEvent> clicks = new SpecificAvroSerde<>(ClickEvent.class, registry, false, false);
    SpecificAvroSerde<InventoryLevel> levels = new SpecificAvroSerde<>(InventoryLevel.class, registry, false, false);
    Random random = new Random(3);
    long time = T0;
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(kafka.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < 300; i++) {
        time += random.nextInt(3) * 10_000L;
        String user = "u" + random.nextInt(10);
        ClickEvent click = StreamsTestHarness.event(i % 7 == 0 ? "purchase" : "view", user, "p" + random.nextInt(15),
            time, "12.50", null, "s" + random.nextInt(2));
        book.click(click);
        producer.send(new ProducerRecord<>(Topics.CLICKSTREAM, utf8(user), clicks.serialize(Topics.CLICKSTREAM, click)));
        if (i % 30 == 0) {
          String product = "p" + random.nextInt(15);
          InventoryLevel level = new InventoryLevel(Instant.ofEpochMilli(time), product, (long) random.nextInt(2));
          book.level(level);
          producer.send(new ProducerRecord<>(Topics.INVENTORY, utf8(product), levels.serialize(Topics.INVENTORY, level)));
        }
      }
      producer.flush();
    }
    return time;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Polls {@code path} until its body satisfies {@code condition}; fails with the last answer after the timeout. */
  private static void awaitBody(int port, String path, Predicate<String> condition, String expectation)
      throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    String body = "";
    while (System.nanoTime() < deadline) {
      body = HttpGet.get(port, path).body();
      if (condition.test(body)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(path + " on " + port + " did not answer as expected within " + TIMEOUT.toSeconds()
        + " s; last answer:\n" + body + "\nexpected: " + expectation);
  }

}
