package io.cartpulse.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class RegistryConfigTest {

  @Test
  void defaultsFollowConfluent() {
    RegistryConfig config = RegistryConfig.from(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, " http://registry:8081 "));

    assertThat(config.url()).isEqualTo("http://registry:8081");
    assertThat(config.autoRegisterSchemas()).isFalse();
    assertThat(config.specificAvroReader()).isTrue();
    assertThat(config.basicAuthUserInfo()).isNull();
    assertThat(config.truststoreType()).isEqualTo("JKS");
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.maxRetries()).isEqualTo(3);
    assertThat(config.retryBackoff()).isEqualTo(Duration.ofMillis(200));
    assertThat(config.isMock()).isFalse();
  }

  @Test
  void readsEveryKey() {
    Map<String, Object> props = new HashMap<>();
    props.put(RegistryConfig.SCHEMA_REGISTRY_URL, "mock://tests");
    props.put(RegistryConfig.AUTO_REGISTER_SCHEMAS, "TRUE");
    props.put(RegistryConfig.SPECIFIC_AVRO_READER, false);
    props.put(RegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO");
    props.put(RegistryConfig.BASIC_AUTH_USER_INFO, "alice:s3cret");
    props.put(RegistryConfig.SSL_TRUSTSTORE_LOCATION, "/etc/trust.p12");
    props.put(RegistryConfig.SSL_TRUSTSTORE_TYPE, "PKCS12");
    props.put(RegistryConfig.REQUEST_TIMEOUT_MS, 2500);
    props.put(RegistryConfig.MAX_RETRIES, "0");
    props.put(RegistryConfig.RETRY_BACKOFF_MS, 5L);

    RegistryConfig config = RegistryConfig.from(props);

    assertThat(config.isMock()).isTrue();
    assertThat(config.autoRegisterSchemas()).isTrue();
    assertThat(config.specificAvroReader()).isFalse();
    assertThat(config.basicAuthUserInfo()).isEqualTo("alice:s3cret");
    assertThat(config.truststoreLocation()).isEqualTo("/etc/trust.p12");
    assertThat(config.truststoreType()).isEqualTo("PKCS12");
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(config.maxRetries()).isZero();
    assertThat(config.retryBackoff()).isEqualTo(Duration.ofMillis(5));
  }

  @Test
  void missingUrlNamesTheKey() {
    assertThatThrownBy(() -> RegistryConfig.from(Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(RegistryConfig.SCHEMA_REGISTRY_URL);
    assertThatThrownBy(() -> RegistryConfig.from(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, "  ")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(RegistryConfig.SCHEMA_REGISTRY_URL);
  }

  @Test
  void badBooleanNamesKeyAndValue() {
    assertThatThrownBy(() -> RegistryConfig.from(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, "mock://x",
        RegistryConfig.AUTO_REGISTER_SCHEMAS, "yes")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(RegistryConfig.AUTO_REGISTER_SCHEMAS)
        .hasMessageContaining("yes")
        .hasMessageContaining("expected true or false");
  }

  @Test
  void badNumbersNameTheKey() {
    assertThatThrownBy(() -> RegistryConfig.from(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, "mock://x",
        RegistryConfig.MAX_RETRIES, "-1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(RegistryConfig.MAX_RETRIES)
        .hasMessageContaining("must not be negative");
    assertThatThrownBy(() -> RegistryConfig.from(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, "mock://x",
        RegistryConfig.REQUEST_TIMEOUT_MS, "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(RegistryConfig.REQUEST_TIMEOUT_MS)
        .hasMessageContaining("greater than 0");
    assertThatThrownBy(() -> RegistryConfig.from(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, "mock://x",
        RegistryConfig.RETRY_BACKOFF_MS, "soon")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(RegistryConfig.RETRY_BACKOFF_MS)
        .hasMessageContaining("whole number");
  }

  @Test
  void basicAuthMustBeUserColonPasswordAndIsNeverEchoed() {
    assertThatThrownBy(() -> RegistryConfig.from(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, "mock://x",
        RegistryConfig.BASIC_AUTH_USER_INFO, "justatoken")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(RegistryConfig.BASIC_AUTH_USER_INFO)
        .hasMessageContaining("user:password")
        .hasMessageNotContaining("justatoken");
  }

  @Test
  void onlyUserInfoCredentialsSourceIsSupported() {
    assertThatThrownBy(() -> RegistryConfig.from(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, "mock://x",
        RegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "SASL_INHERIT",
        RegistryConfig.BASIC_AUTH_USER_INFO, "a:b")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(RegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE)
        .hasMessageContaining("SASL_INHERIT");
  }

  @Test
  void serdeRefusesGenericReading() {
    SpecificAvroSerde<io.cartpulse.avro.Alert> serde = new SpecificAvroSerde<>(io.cartpulse.avro.Alert.class);
    assertThatThrownBy(() -> serde.configure(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, "mock://x",
        RegistryConfig.SPECIFIC_AVRO_READER, "false"), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(RegistryConfig.SPECIFIC_AVRO_READER);
  }

  @Test
  void clientsFactorySharesMockScopesAndCachesHttp() {
    SchemaRegistryClient first = SchemaRegistryClients.create(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, "mock://factory"));
    SchemaRegistryClient second = SchemaRegistryClients.create(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, "mock://factory"));
    int id = first.register("alerts-value", io.cartpulse.avro.Alert.getClassSchema());
    assertThat(second.getById(id)).isEqualTo(io.cartpulse.avro.Alert.getClassSchema());
    assertThat(first).isInstanceOf(CachingSchemaRegistryClient.class);
    assertThat(first.describe()).isEqualTo("mock://factory");
    InMemorySchemaRegistryClient.dropScope("factory");

    SchemaRegistryClient http = SchemaRegistryClients.create(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL,
        "http://registry-a:8081,http://registry-b:8081/"));
    assertThat(http).isInstanceOf(CachingSchemaRegistryClient.class);
    assertThat(http.describe()).isEqualTo("http://registry-a:8081,http://registry-b:8081");
  }
}
