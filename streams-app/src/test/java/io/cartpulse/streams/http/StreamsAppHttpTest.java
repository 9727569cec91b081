package io.cartpulse.streams.http;

import static io.cartpulse.streams.StreamsTestHarness.MINUTE;
import static io.cartpulse.streams.StreamsTestHarness.T0;
import static io.cartpulse.streams.http.HttpGet.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.platform.kafka.EmbeddedKafka;
import io.cartpulse.registry.AvroWireCodec;
import io.cartpulse.registry.InMemorySchemaRegistryClient;
import io.cartpulse.registry.RegistryConfig;
import io.cartpulse.registry.SpecificAvroSerde;
import io.cartpulse.streams.CartPulseStreamsApp;
import io.cartpulse.streams.StreamsTestHarness;
import io.cartpulse.streams.config.StreamsAppConfig;
import io.cartpulse.streams.metrics.StreamsAppMetrics;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * The endpoint of a real streams-app on the embedded broker: readiness flips from 503 (starting)
 * to 200 (RUNNING) and back (closed), and /metrics carries Kafka Streams' metrics and CartPulse's
 * counters with the values the input implies.
 */
class StreamsAppHttpTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @Test
  void healthReadinessAndMetricsOfARunningInstance() throws Exception {
    String scope = "http-" + UUID.randomUUID();
    InMemorySchemaRegistryClient registry = InMemorySchemaRegistryClient.forScope(scope);
    registry.register("clickstream-value", AvroWireCodec.registryForm(ClickEvent.getClassSchema()));
    registry.register("product-stats-value",
        AvroWireCodec.registryForm(io.cartpulse.avro.ProductStats.getClassSchema()));
    registry.register("offers-value", AvroWireCodec.registryForm(io.cartpulse.avro.Offer.getClassSchema()));
    registry.register("alerts-value", AvroWireCodec.registryForm(Alert.getClassSchema()));
    try (EmbeddedKafka kafka = EmbeddedKafka.start(Path.of("target", "embedded-kafka").toAbsolutePath())) {
      kafka.createTopics(Map.of("clickstream", 2, "alerts", 1, "clickstream-dlq", 1, "rule-settings", 1, "inventory", 1,
          "inventory-dlq", 1, "product-stats", 1, "product-stock", 1, "offers", 1));
      Properties file = new Properties();
      file.setProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      file.setProperty(RegistryConfig.SCHEMA_REGISTRY_URL, RegistryConfig.MOCK_SCHEME + scope);
      file.setProperty(StreamsConfig.APPLICATION_ID_CONFIG, "cartpulse-http-" + UUID.randomUUID());
      file.setProperty(StreamsConfig.STATE_DIR_CONFIG, Path.of("target", "http-state", scope).toAbsolutePath().toString());
      file.setProperty(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
      file.setProperty(StreamsAppConfig.INPUT_KEYED_BY_USER.key(), "true");
      file.setProperty(StreamsAppConfig.HTTP_PORT, "0");
      StreamsAppConfig config = StreamsAppConfig.load(file, Map.of());

      try (StreamsAppHttp http = StreamsAppHttp.start(config.http(), StreamsAppMetrics.prometheus())) {
        int port = http.port();
        HttpResponse<String> starting = get(port, StreamsHealth.READY);
        assertThat(starting.statusCode()).isEqualTo(503);
        assertThat(starting.headers().firstValue("Retry-After")).isPresent();
        assertThat(get(port, StreamsHealth.LIVE).statusCode()).isEqualTo(200);

        KafkaStreams streams = new KafkaStreams(CartPulseStreamsApp.build(config, http.metrics()),
            CartPulseStreamsApp.streamsProperties(config));
        http.attach(streams);
        assertThat(get(port, StreamsHealth.READY).body()).isEqualTo("not ready: CREATED\n");
        try {
          streams.start();
          awaitBody(port, StreamsHealth.READY, body -> body.equals("ready: RUNNING\n"));

          produce(kafka, registry);

          String scraped = awaitBody(port, StreamsAppHttp.METRICS,
              body -> body.contains("cartpulse_alerts_emitted_total{type=\"PURCHASE_INTENT\"} 1.0")
                  && body.contains("cartpulse_dlq_records_total{reason=\"missing-user-id\"} 1.0"));
          assertThat(scraped)
              .contains("cartpulse_dlq_records_total{reason=\"undecodable\"} 1.0")
              .contains("cartpulse_dlq_records_total{reason=\"negative-price\"} 0.0")
              .contains("cartpulse_alert_latency_seconds_count{type=\"PURCHASE_INTENT\"} 1")
              .containsPattern("(?m)^cartpulse_clock_lag_seconds [0-9.E]+$")
              // Kafka Streams' own metrics, through Micrometer's KafkaStreamsMetrics.
              .containsPattern("(?m)^kafka_stream_thread_process_total\\{.*\\} [1-9]")
              .contains("jvm_memory_used_bytes");
          assertThat(get(port, StreamsAppHttp.METRICS).headers().firstValue("Content-Type"))
              .hasValue("text/plain; version=0.0.4; charset=utf-8");
        } finally {
          streams.close(Duration.ofSeconds(30));
        }
        assertThat(get(port, StreamsHealth.READY).body()).isEqualTo("not ready: NOT_RUNNING\n");
        assertThat(get(port, StreamsHealth.LIVE).statusCode()).isEqualTo(503);
      }
    } finally {
      InMemorySchemaRegistryClient.dropScope(scope);
    }
  }

  /** Four views of one product (a PURCHASE_INTENT), one undecodable record, one without a userId. */
  private static void produce(EmbeddedKafka kafka, InMemorySchemaRegistryClient registry) throws Exception {
    SpecificAvroSerde<ClickEvent> clicks = new SpecificAvroSerde<>(ClickEvent.class, registry, false, false);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(kafka.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < 4; i++) {
        send(producer, "u1", clicks.serialize("clickstream",
            StreamsTestHarness.event("view", "u1", "p1", T0 + i * MINUTE, "10.00", "electronics.phone", "s1")));
      }
      send(producer, "u2", "not avro".getBytes(StandardCharsets.UTF_8));
      send(producer, "u3", clicks.serialize("clickstream",
          StreamsTestHarness.event("view", "", "p1", T0, "10.00", null, null)));
      producer.flush();
    }
  }

  private static void send(KafkaProducer<byte[], byte[]> producer, String key, byte[] value) throws Exception {
    producer.send(new ProducerRecord<>("clickstream", key.getBytes(StandardCharsets.UTF_8), value)).get();
  }

  /** Polls {@code path} until its body satisfies {@code condition}; fails with the last body after the timeout. */
  private static String awaitBody(int port, String path, Predicate<String> condition) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    String body = "";
    while (System.nanoTime() < deadline) {
      body = get(port, path).body();
      if (condition.test(body)) {
        return body;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(path + " did not reach the expected content within " + TIMEOUT.toSeconds()
        + " s; last answer:\n" + body);
  }
}
