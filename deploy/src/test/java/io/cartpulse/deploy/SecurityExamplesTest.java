package io.cartpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.flink.config.JobConfig;
import io.cartpulse.local.kafka.ClickProducer;
import io.cartpulse.registry.RegistryConfig;
import io.cartpulse.streams.CartPulseStreamsApp;
import io.cartpulse.streams.config.StreamsAppConfig;
import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * The worked security example of docs/SECURITY.md (deploy/security/): each file is read the way
 * its consumer reads it and gives SASL_SSL to Kafka and basic auth + TLS to the registry; the
 * environment variants say exactly what the properties files say.
 */
class SecurityExamplesTest {

  private static Properties properties(String file) throws IOException {
    Properties props = new Properties();
    props.load(new StringReader(Repo.read(file)));
    return props;
  }

  private static Map<String, String> env(String file) throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    properties(file).forEach((k, v) -> env.put(k.toString(), v.toString()));
    return env;
  }

  private static void assertSaslSsl(Map<String, ?> kafka) {
    assertThat(kafka.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG)).isEqualTo("SASL_SSL");
    assertThat(kafka.get(SaslConfigs.SASL_MECHANISM)).isEqualTo("SCRAM-SHA-512");
    assertThat(String.valueOf(kafka.get(SaslConfigs.SASL_JAAS_CONFIG))).startsWith(
        "org.apache.kafka.common.security.scram.ScramLoginModule required");
    assertThat(kafka.get(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG)).isNotNull();
  }

  private static void assertRegistryTlsAndBasicAuth(Map<String, ?> configs) {
    RegistryConfig registry = RegistryConfig.from(configs);
    assertThat(registry.url()).startsWith("https://");
    assertThat(registry.basicAuthUserInfo()).contains(":");
    assertThat(registry.truststoreLocation()).isNotNull();
    assertThat(registry.truststoreType()).isEqualTo("PKCS12");
  }

  @Test
  void theStreamsAppFileAndItsEnvironmentFormAreTheSameValidConfiguration() throws IOException {
    StreamsAppConfig fromFile = StreamsAppConfig.load(properties("deploy/security/streams-app.properties"), Map.of());
    Map<String, String> env = env("deploy/security/streams-app.env");
    assertThat(StreamsAppConfig.envNames().keySet()).containsAll(env.keySet());
    StreamsAppConfig fromEnv = StreamsAppConfig.load(new Properties(), env);

    assertThat(fromEnv.kafka()).isEqualTo(fromFile.kafka());
    // Kafka Streams validates every client setting it is given.
    StreamsConfig streams = new StreamsConfig(CartPulseStreamsApp.streamsProperties(fromFile));
    assertSaslSsl(streams.originals());
    assertRegistryTlsAndBasicAuth(fromFile.registryConfigs());
  }

  @Test
  void theFlinkJobFileAndItsEnvironmentFormAreTheSameValidConfiguration() throws IOException {
    JobConfig fromFile = JobConfig.fromArgs(
        new String[] {"--config", Repo.path("deploy/security/flink-job.properties").toString()}, Map.of()).requireKafka();
    JobConfig fromEnv = JobConfig.fromArgs(new String[0], env("deploy/security/flink-job.env")).requireKafka();

    assertThat(fromEnv.properties()).isEqualTo(fromFile.properties());
    Properties client = fromFile.kafkaClientProperties();
    assertSaslSsl(propertiesAsMap(client));
    Map<String, Object> producer = new LinkedHashMap<>(propertiesAsMap(client));
    producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fromFile.bootstrapServers());
    producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    new ProducerConfig(producer);
    Map<String, Object> consumer = new LinkedHashMap<>(propertiesAsMap(client));
    consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, fromFile.bootstrapServers());
    consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    new ConsumerConfig(consumer);
    assertRegistryTlsAndBasicAuth(fromFile.registryConfig());
  }

  @Test
  void theToolsFileSplitsIntoKafkaAndRegistrySettings() throws IOException {
    Map<String, Object> kafka = new LinkedHashMap<>();
    Map<String, Object> registry = new LinkedHashMap<>();
    properties("deploy/security/client.properties")
        .forEach((k, v) -> (ClickProducer.isRegistryKey(k.toString()) ? registry : kafka).put(k.toString(), v));
    assertThat(AdminClientConfig.configNames()).containsAll(kafka.keySet());
    kafka.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka-1.example.internal:9093");
    assertSaslSsl(new AdminClientConfig(kafka).originals());
    registry.put(RegistryConfig.SCHEMA_REGISTRY_URL, "https://schema-registry.example.internal:8081");
    assertRegistryTlsAndBasicAuth(registry);
  }

  private static Map<String, Object> propertiesAsMap(Properties props) {
    Map<String, Object> map = new LinkedHashMap<>();
    props.forEach((k, v) -> map.put(k.toString(), v));
    return map;
  }
}
