package io.cartpulse.registry;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigException;

/**
 * Registry settings, under Confluent's own keys so existing client configs carry over.
 *
 * <p>{@code schema.registry.url} takes {@code http(s)://host:port} (a comma-separated list is
 * tried in order) or {@code mock://scope} for a shared {@link InMemorySchemaRegistryClient}.
 */
public record RegistryConfig(
    String url,
    boolean autoRegisterSchemas,
    boolean specificAvroReader,
    String basicAuthUserInfo,
    String truststoreLocation,
    String truststorePassword,
    String truststoreType,
    String keystoreLocation,
    String keystorePassword,
    String keystoreType,
    Duration requestTimeout,
    int maxRetries,
    Duration retryBackoff) {

  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
  public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
  public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
  public static final String SSL_TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
  public static final String SSL_TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
  public static final String SSL_TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
  public static final String SSL_KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";
  public static final String SSL_KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";
  public static final String SSL_KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";
  public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
  public static final String MAX_RETRIES = "schema.registry.max.retries";
  public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";

  public static final String MOCK_SCHEME = "mock://";

  /** Every key this class reads. */
  public static final java.util.List<String> KEYS = java.util.List.of(SCHEMA_REGISTRY_URL, AUTO_REGISTER_SCHEMAS,
      SPECIFIC_AVRO_READER, BASIC_AUTH_CREDENTIALS_SOURCE, BASIC_AUTH_USER_INFO, SSL_TRUSTSTORE_LOCATION,
      SSL_TRUSTSTORE_PASSWORD, SSL_TRUSTSTORE_TYPE, SSL_KEYSTORE_LOCATION, SSL_KEYSTORE_PASSWORD, SSL_KEYSTORE_TYPE,
      REQUEST_TIMEOUT_MS, MAX_RETRIES, RETRY_BACKOFF_MS);

  public RegistryConfig {
    Objects.requireNonNull(url, SCHEMA_REGISTRY_URL);
  }

  /** Reads the registry keys from a Kafka-style config map; other keys are ignored. */
  public static RegistryConfig from(Map<String, ?> configs) {
    Object url = configs.get(SCHEMA_REGISTRY_URL);
    if (url == null || url.toString().isBlank()) {
      throw new ConfigException("Missing required configuration '" + SCHEMA_REGISTRY_URL
          + "': the Schema Registry URL (http://host:8081, or mock://name for an in-memory registry)");
    }
    String source = string(configs, BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO");
    String userInfo = string(configs, BASIC_AUTH_USER_INFO, null);
    if (userInfo != null && !"USER_INFO".equalsIgnoreCase(source)) {
      throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE, source,
          "only USER_INFO is supported (credentials in " + BASIC_AUTH_USER_INFO + ")");
    }
    if (userInfo != null && !userInfo.contains(":")) {
      throw new ConfigException(BASIC_AUTH_USER_INFO, "<hidden>", "expected user:password");
    }
    return new RegistryConfig(
        url.toString().trim(),
        bool(configs, AUTO_REGISTER_SCHEMAS, false),
        bool(configs, SPECIFIC_AVRO_READER, true),
        userInfo,
        string(configs, SSL_TRUSTSTORE_LOCATION, null),
        string(configs, SSL_TRUSTSTORE_PASSWORD, null),
        string(configs, SSL_TRUSTSTORE_TYPE, "JKS"),
        string(configs, SSL_KEYSTORE_LOCATION, null),
        string(configs, SSL_KEYSTORE_PASSWORD, null),
        string(configs, SSL_KEYSTORE_TYPE, "JKS"),
        Duration.ofMillis(positiveLong(configs, REQUEST_TIMEOUT_MS, 10_000)),
        (int) nonNegativeLong(configs, MAX_RETRIES, 3),
        Duration.ofMillis(nonNegativeLong(configs, RETRY_BACKOFF_MS, 200)));
  }

  public boolean isMock() {
    return url.startsWith(MOCK_SCHEME);
  }

  private static String string(Map<String, ?> configs, String key, String fallback) {
    Object value = configs.get(key);
    return value == null || value.toString().isBlank() ? fallback : value.toString().trim();
  }

  private static boolean bool(Map<String, ?> configs, String key, boolean fallback) {
    Object value = configs.get(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    String text = value.toString().trim();
    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(text);
    }
    throw new ConfigException(key, value, "expected true or false");
  }

  private static long positiveLong(Map<String, ?> configs, String key, long fallback) {
    long value = nonNegativeLong(configs, key, fallback);
    if (value == 0) {
      throw new ConfigException(key, value, "must be greater than 0");
    }
    return value;
  }

  private static long nonNegativeLong(Map<String, ?> configs, String key, long fallback) {
    Object value = configs.get(key);
    if (value == null) {
      return fallback;
    }
    try {
      long parsed = value instanceof Number n ? n.longValue() : Long.parseLong(value.toString().trim());
      if (parsed < 0) {
        throw new ConfigException(key, value, "must not be negative");
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new ConfigException(key, value, "expected a whole number");
    }
  }
}
