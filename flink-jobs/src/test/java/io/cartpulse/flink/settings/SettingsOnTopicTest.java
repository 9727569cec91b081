package io.cartpulse.flink.settings;

import static io.cartpulse.flink.settings.SettingsRecords.version;
import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.RuleSettings;
import io.cartpulse.flink.CartPulseJob;
import io.cartpulse.flink.config.JobConfig;
import io.cartpulse.platform.kafka.EmbeddedKafka;
import io.cartpulse.registry.InMemorySchemaRegistryClient;
import io.cartpulse.registry.SpecificAvroSerde;
import io.cartpulse.rules.RuleCatalog;
import io.cartpulse.settings.SettingsVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Flink job reads the whole {@code rule-settings} topic at submission (ALERTS.md section 8:
 * "Both engines read the whole topic at start"), the last record of a version's key winning, bad
 * records skipped: what it follows from its first event on (then the broadcast stream, see
 * {@code LiveSettingsTest}).
 */
class SettingsOnTopicTest {
  @TempDir
  Path dir;

  @Test
  void theJobStartsWithEveryValidVersionOnTheTopic() throws Exception {
    String scope = "flink-settings-on-topic-" + UUID.randomUUID();
    Map<String, String> registry = Map.of("schema.registry.url", "mock://" + scope, "auto.register.schemas", "true");
    SpecificAvroSerde<RuleSettings> serde = new SpecificAvroSerde<>(RuleSettings.class);
    serde.configure(registry, false);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
      kafka.createTopic("rule-settings", 1, Map.of("cleanup.policy", "compact"));
      try (KafkaProducer<String, byte[]> producer =
          new KafkaProducer<>(kafka.clientProperties(), new StringSerializer(), new ByteArraySerializer())) {
        producer.send(new ProducerRecord<>("rule-settings", "1",
            serde.serialize("rule-settings", version(1, 0, "churn.min-views", "5")))).get();
        producer.send(new ProducerRecord<>("rule-settings", "2", "not avro".getBytes(StandardCharsets.UTF_8))).get();
        producer.send(new ProducerRecord<>("rule-settings", "3",
            serde.serialize("rule-settings", version(3, 0, "churn.min-veiws", "5")))).get();
        producer.send(new ProducerRecord<>("rule-settings", "4",
            serde.serialize("rule-settings", version(4, 1_000, "surge.factor", "2.5")))).get();
        // Version 4 written again under its key: the later record is the one a compacted topic keeps.
        producer.send(new ProducerRecord<>("rule-settings", "4",
            serde.serialize("rule-settings", version(4, 1_000, "surge.factor", "2.0")))).get();
      }
      JobConfig config = JobConfig.from(Map.of("bootstrap.servers", kafka.bootstrapServers(),
          "schema.registry.url", "mock://" + scope, "auto.register.schemas", "true"));

      JobConfig started = CartPulseJob.withSettingsOnTopic(config);

      assertThat(started.settingsTimeline().versions()).extracting(SettingsVersion::version).containsExactly(1L, 4L);
      assertThat(started.settingsTimeline().at(1_000).get(RuleCatalog.CHURN_MIN_VIEWS)).isEqualTo(5L);
      assertThat(started.settingsTimeline().at(1_000).get(RuleCatalog.SURGE_FACTOR)).isEqualByComparingTo("2.0");
    } finally {
      InMemorySchemaRegistryClient.dropScope(scope);
    }
  }
}
