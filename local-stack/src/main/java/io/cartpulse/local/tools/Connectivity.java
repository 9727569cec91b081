package io.cartpulse.local.tools;

import io.cartpulse.local.cli.Args;
import io.cartpulse.local.cli.Cli;
import io.cartpulse.local.kafka.ClickProducer;
import io.cartpulse.registry.RegistryConfig;
import io.cartpulse.registry.SchemaRegistryClient;
import io.cartpulse.registry.SchemaRegistryClients;
import io.cartpulse.registry.SchemaRegistryException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Client settings and fail-fast reachability checks shared by the operator tools. */
final class Connectivity {
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

  private Connectivity() {}

  /** Kafka client settings: {@code bootstrap.servers} plus an optional client properties file (security). */
  /** {@code --timeout SECONDS}: how long a tool waits for a broker or registry answer. */
  static Duration timeout(Args args) throws Args.UsageException {
    return Duration.ofSeconds(args.longValue("timeout", DEFAULT_TIMEOUT.toSeconds(), 1, 3600));
  }

  static Map<String, Object> kafkaConfig(String bootstrapServers, Path commandConfig, Duration timeout)
      throws Args.UsageException {
    Map<String, Object> config = new HashMap<>();
    commandConfig(commandConfig).forEach((key, value) -> {
      if (!ClickProducer.isRegistryKey(key)) {
        config.put(key, value);
      }
    });
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    return config;
  }

  /**
   * The {@code --command-config} file (null: none): Kafka client keys for a secured cluster and,
   * under Confluent's names, the registry's ({@code basic.auth.user.info}, {@code schema.registry.ssl.*}).
   */
  static Map<String, Object> commandConfig(Path file) throws Args.UsageException {
    Map<String, Object> config = new HashMap<>();
    if (file != null) {
      Properties props = new Properties();
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        props.load(in);
      } catch (IOException | IllegalArgumentException e) {
        throw new Args.UsageException("--command-config " + file + ": cannot read: " + e.getMessage());
      }
      props.forEach((key, value) -> config.put(key.toString(), value));
    }
    return config;
  }

  /** Fails with one line when no broker answers at {@code bootstrapServers}. */
  static void requireKafka(Admin admin, String bootstrapServers, Duration timeout)
      throws Cli.Failure, InterruptedException {
    try {
      admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new Cli.Failure("cannot reach Kafka at " + bootstrapServers + " within " + timeout.toSeconds() + " s ("
          + Cli.describe(e instanceof ExecutionException ? e.getCause() : e) + ")", e);
    }
  }

  /** A registry client; fails with one line when nothing answers at {@code url}. */
  static SchemaRegistryClient registry(String url, String basicAuth, Duration timeout) throws Cli.Failure {
    return registry(url, basicAuth, Map.of(), timeout);
  }

  /**
   * A registry client with the registry keys of a {@code --command-config} file
   * ({@code basic.auth.user.info}, {@code schema.registry.ssl.*}); {@code --basic-auth} wins.
   */
  static SchemaRegistryClient registry(String url, String basicAuth, Map<String, Object> clientConfig,
      Duration timeout) throws Cli.Failure {
    Map<String, Object> config = new HashMap<>();
    clientConfig.forEach((key, value) -> {
      if (ClickProducer.isRegistryKey(key)) {
        config.put(key, value);
      }
    });
    config.put(RegistryConfig.SCHEMA_REGISTRY_URL, url);
    config.put(RegistryConfig.REQUEST_TIMEOUT_MS, timeout.toMillis());
    config.put(RegistryConfig.MAX_RETRIES, 0);
    if (basicAuth != null) {
      config.put(RegistryConfig.BASIC_AUTH_USER_INFO, basicAuth);
    }
    SchemaRegistryClient client;
    try {
      client = SchemaRegistryClients.create(config);
    } catch (RuntimeException e) {
      throw new Cli.Failure("bad Schema Registry settings for " + url + ": " + Cli.describe(e), e);
    }
    try {
      client.latest("cartpulse-connectivity-check-value");
    } catch (SchemaRegistryException e) {
      if (!e.isNotFound()) {
        throw new Cli.Failure("cannot use the Schema Registry at " + url + ": " + Cli.describe(e), e);
      }
    }
    return client;
  }
}
