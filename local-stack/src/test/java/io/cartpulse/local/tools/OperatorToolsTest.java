package io.cartpulse.local.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.alert.Alerts;
import io.cartpulse.alert.BacktestOutput;
import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.contract.Topics;
import io.cartpulse.local.cli.Cli;
import io.cartpulse.local.kafka.LocalTopics;
import io.cartpulse.platform.kafka.EmbeddedKafka;
import io.cartpulse.platform.registry.LocalSchemaRegistry;
import io.cartpulse.registry.RegistryConfig;
import io.cartpulse.registry.SpecificAvroSerde;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** create-topics, register-schemas and tail-alerts against a real broker and registry. */
class OperatorToolsTest {
  private static EmbeddedKafka kafka;
  private static LocalSchemaRegistry registry;

  @TempDir
  static Path dir;

  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  @BeforeAll
  static void start() {
    System.setProperty("cartpulse.home", dir.toString());
    kafka = EmbeddedKafka.start(dir);
    registry = LocalSchemaRegistry.start(0);
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

  private PrintStream out() {
    stdout.reset();
    return new PrintStream(stdout, true, StandardCharsets.UTF_8);
  }

  private PrintStream err() {
    stderr.reset();
    return new PrintStream(stderr, true, StandardCharsets.UTF_8);
  }

  private String stdout() {
    return stdout.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return stderr.toString(StandardCharsets.UTF_8);
  }

  @Test
  void createTopicsCreatesEveryTopicOnceAndLeavesExistingOnesAlone() throws Exception {
    String[] args = {"--bootstrap", kafka.bootstrapServers(), "--partitions", "3", "--output-partitions", "2",
        "--replication-factor", "1", "--retention-ms", "-1"};
    assertThat(CreateTopics.run(args, out(), err())).as(stderr()).isEqualTo(Cli.OK);
    assertThat(stdout()).contains("created clickstream", "created alerts", "created clickstream-late");
    try (Admin admin = kafka.createAdmin()) {
      Map<String, TopicDescription> topics =
          admin.describeTopics(LocalTopics.PIPELINE).allTopicNames().get(30, TimeUnit.SECONDS);
      assertThat(topics.get(Topics.CLICKSTREAM).partitions()).hasSize(3);
      var retention = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, Topics.ALERTS)))
          .all().get(30, TimeUnit.SECONDS).values().iterator().next().get("retention.ms");
      assertThat(retention.value()).isEqualTo("-1");
      for (String topic : List.of(Topics.ALERTS, Topics.PVUV, Topics.CLICKSTREAM_DLQ, Topics.CLICKSTREAM_LATE)) {
        assertThat(topics.get(topic).partitions()).as(topic).hasSize(2);
      }
    }

    assertThat(CreateTopics.run(new String[] {"--bootstrap", kafka.bootstrapServers()}, out(), err()))
        .as(stderr()).isEqualTo(Cli.OK);
    assertThat(stdout()).contains("exists  clickstream", "partitions=3", "wanted 4 partitions")
        .doesNotContain("created");
  }

  @Test
  void registerSchemasRegistersTheThreeValueSubjectsIdempotently() {
    String[] args = {"--registry", registry.url()};
    assertThat(RegisterSchemas.run(args, out(), err())).as(stderr()).isEqualTo(Cli.OK);
    String first = stdout();
    assertThat(first).contains("clickstream-value", "ClickEvent", "alerts-value", "Alert", "pvuv-value", "PvUvPoint");
    assertThat(RegisterSchemas.run(args, out(), err())).isEqualTo(Cli.OK);
    assertThat(stdout()).isEqualTo(first);
  }

  @Test
  void registerSchemasTakesTheRegistryCredentialsFromTheCommandConfigFile() throws Exception {
    try (LocalSchemaRegistry secured = LocalSchemaRegistry.start(0, "ops:s3cret")) {
      Path file = dir.resolve("registry-client.properties");
      java.nio.file.Files.writeString(file, "basic.auth.user.info=ops:s3cret\n");

      assertThat(RegisterSchemas.run(new String[] {"--registry", secured.url(), "--command-config", file.toString()},
          out(), err())).as(stderr()).isEqualTo(Cli.OK);
      assertThat(stdout()).contains("clickstream-value", "alerts-value", "pvuv-value");
      assertThat(RegisterSchemas.run(new String[] {"--registry", secured.url(), "--timeout", "5"}, out(), err()))
          .isEqualTo(Cli.FAILED);
    }
  }

  @Test
  void tailAlertsPrintsDecodedAlertsFromTheBeginning() throws Exception {
    String topic = "tail-test-alerts";
    kafka.createTopic(topic, 2);
    Alert coupon = Alerts.create(AlertType.COUPON_ISSUED, "u1", "s1", "p1", 1_569_888_300_000L, 1L,
        Alerts.SOURCE_STREAMS, "User u1 passed 200 today.", Map.of("tier", "200", "spend", "250.00"), "200");
    Alert surge = Alerts.create(AlertType.TRAFFIC_SURGE, null, null, null, 1_569_889_860_000L, 2L,
        Alerts.SOURCE_FLINK, "Traffic surge.", Map.of("views", "50", "baseline", "0.37"), null);
    SpecificAvroSerde<Alert> serde = new SpecificAvroSerde<>(Alert.class);
    serde.configure(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, registry.url(),
        RegistryConfig.AUTO_REGISTER_SCHEMAS, true), false);
    try (KafkaProducer<String, Alert> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), serde)) {
      producer.send(new ProducerRecord<>(topic, 0, "u1", coupon)).get(30, TimeUnit.SECONDS);
      producer.send(new ProducerRecord<>(topic, 1, null, surge)).get(30, TimeUnit.SECONDS);
    }

    String[] json = {"--bootstrap", kafka.bootstrapServers(), "--registry", registry.url(), "--topic", topic,
        "--from-beginning", "--json", "--max", "2", "--seconds", "60"};
    assertThat(TailAlerts.run(json, out(), err(), null)).as(stderr()).isEqualTo(Cli.OK);
    assertThat(stdout().lines().toList()).containsExactlyInAnyOrder(BacktestOutput.alertLine(coupon),
        BacktestOutput.alertLine(surge));

    String[] text = {"--bootstrap", kafka.bootstrapServers(), "--registry", registry.url(), "--topic", topic,
        "--from-beginning", "--max", "2", "--seconds", "60"};
    assertThat(TailAlerts.run(text, out(), err(), null)).as(stderr()).isEqualTo(Cli.OK);
    assertThat(stdout()).contains("2019-10-01 00:05:00 UTC  COUPON_ISSUED", "user=u1 product=p1", "[streams-app]",
        "{spend=250.00, tier=200}", "TRAFFIC_SURGE", "[flink-jobs]");
  }

  @Test
  void unreachableEndpointsAndBadArgumentsGiveOneLine() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String deadBroker = "127.0.0.1:" + closedPort;
    String deadRegistry = "http://127.0.0.1:" + closedPort;

    assertThat(RegisterSchemas.run(new String[] {"--registry", deadRegistry}, out(), err())).isEqualTo(Cli.FAILED);
    assertThat(stderr()).startsWith("register-schemas: cannot use the Schema Registry at " + deadRegistry)
        .hasLineCount(1);

    assertThat(TailAlerts.run(new String[] {"--bootstrap", kafka.bootstrapServers(), "--registry", deadRegistry},
        out(), err(), null)).isEqualTo(Cli.FAILED);
    assertThat(stderr()).startsWith("tail-alerts: cannot use the Schema Registry").hasLineCount(1);

    assertThat(CreateTopics.run(new String[] {"--bootstrap", kafka.bootstrapServers(), "--partitions", "zero"},
        out(), err())).isEqualTo(Cli.USAGE);
    assertThat(stderr()).startsWith("create-topics: --partitions zero: expected a whole number");

    assertThat(TailAlerts.run(new String[] {"--from-beginning=yes"}, out(), err(), null)).isEqualTo(Cli.USAGE);
    assertThat(stderr()).startsWith("tail-alerts: --from-beginning takes no value");

    assertThat(CreateTopics.run(new String[] {"--bootstrap", deadBroker, "--timeout", "2"}, out(), err()))
        .isEqualTo(Cli.FAILED);
    assertThat(stderr()).startsWith("create-topics: cannot reach Kafka at " + deadBroker + " within 2 s")
        .hasLineCount(1);
  }
}
