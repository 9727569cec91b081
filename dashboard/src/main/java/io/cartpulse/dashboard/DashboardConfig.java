package io.cartpulse.dashboard;

import io.cartpulse.contract.Topics;
import io.cartpulse.registry.RegistryConfig;
import io.cartpulse.rules.RuleCatalog;
import io.cartpulse.settings.CommonSettings;
import io.cartpulse.settings.InvalidSettingException;
import io.cartpulse.settings.Setting;
import io.cartpulse.settings.Setting.Engine;
import io.cartpulse.settings.SettingKind;
import io.cartpulse.settings.SettingsInForce;
import io.cartpulse.settings.StartupConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The dashboard's start-up configuration, read like the engines' (defaults < properties file <
 * {@code CARTPULSE_*} environment, unknown keys refused naming the closest): where Kafka and the
 * registry are, the topic names, where it listens, the streams-app it asks for product data and
 * readiness, and the run-time rule settings the engines started with (the base the versions on
 * {@code rule-settings} apply to). The engines' other keys are accepted and ignored, so one file
 * can serve all three.
 */
public final class DashboardConfig {
  // Engine only sorts the shared catalog between the two engines; neither reads these keys.
  public static final Setting<String> BIND_ADDRESS = Setting.startup("dashboard.bind-address", SettingKind.TEXT,
      "127.0.0.1", Engine.BOTH, "interface the dashboard listens on; 0.0.0.0 in containers");
  public static final Setting<Long> PORT = Setting.startup("dashboard.port", SettingKind.wholeNumber(0, 65535),
      "8088", Engine.BOTH, "port the dashboard listens on; 0 = any free port");
  public static final Setting<String> STREAMS_URL = Setting.optional("dashboard.streams-url", SettingKind.TEXT,
      Engine.BOTH, "the streams-app's HTTP endpoint (http://host:7070): product data and readiness; "
          + "not set = the page says product data is not available");
  public static final Setting<String> TOPIC_OFFERS = Setting.startup("topics." + Topics.OFFERS, SettingKind.TEXT,
      Topics.OFFERS, Engine.BOTH, "Offers (an alert with its related in-stock products), shown with their alerts.");
  public static final Setting<String> TOPIC_INVENTORY_DLQ = Setting.startup("topics." + Topics.INVENTORY_DLQ,
      SettingKind.TEXT, Topics.INVENTORY_DLQ, Engine.BOTH, "Invalid inventory records, counted as dead letters.");

  /** The dashboard's own settings, in documentation order. */
  public static final List<Setting<?>> OWN = List.of(BIND_ADDRESS, PORT, STREAMS_URL, TOPIC_OFFERS,
      TOPIC_INVENTORY_DLQ);

  private static final List<String> CLIENT_PREFIXES = List.of("ssl.", "sasl.", "schema.registry.");
  static final StartupConfig.Spec SPEC = spec();

  /** Topic names, the defaults of {@link Topics} unless renamed. */
  public record TopicNames(String clickstream, String alerts, String pvuv, String dlq, String late,
      String ruleSettings, String offers, String inventoryDlq) {}

  private final StartupConfig source;

  private DashboardConfig(StartupConfig source) {
    this.source = source;
    String streamsUrl = source.get(STREAMS_URL);
    if (streamsUrl != null && !streamsUrl.isBlank()) {
      URI uri;
      try {
        uri = URI.create(streamsUrl.strip());
      } catch (IllegalArgumentException e) {
        throw new InvalidSettingException(STREAMS_URL.key(), streamsUrl, "not a URL");
      }
      if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
        throw new InvalidSettingException(STREAMS_URL.key(), streamsUrl, "expected http://host:port");
      }
    }
  }

  private static StartupConfig.Spec spec() {
    List<Setting<?>> settings = new ArrayList<>();
    settings.add(CommonSettings.BOOTSTRAP_SERVERS);
    settings.add(CommonSettings.SCHEMA_REGISTRY_URL);
    settings.addAll(CommonSettings.TOPICS);
    settings.addAll(RuleCatalog.runtimeSettings());
    settings.addAll(OWN);
    List<Setting<?>> others = new ArrayList<>(RuleCatalog.settings().stream().filter(s -> !s.isRuntime()).toList());
    Set<String> clientKeys = new LinkedHashSet<>(ConsumerConfig.configNames());
    clientKeys.addAll(AdminClientConfig.configNames());
    clientKeys.addAll(RegistryConfig.KEYS);
    return new StartupConfig.Spec("dashboard", settings, others,
        key -> clientKeys.contains(key) || CLIENT_PREFIXES.stream().anyMatch(key::startsWith), clientKeys,
        List.of(CommonSettings.BOOTSTRAP_SERVERS, CommonSettings.SCHEMA_REGISTRY_URL));
  }

  /** Defaults, then {@code file}, then {@code env}; an {@link InvalidSettingException} lists every problem. */
  public static DashboardConfig load(Properties file, Map<String, String> env) {
    Map<String, String> entries = new LinkedHashMap<>();
    if (file != null) {
      file.stringPropertyNames().forEach(key -> entries.put(key, file.getProperty(key)));
    }
    return new DashboardConfig(StartupConfig.load(SPEC, entries, env));
  }

  /** From settings given as a map (no environment). */
  public static DashboardConfig of(Map<String, String> settings) {
    return new DashboardConfig(StartupConfig.load(SPEC, settings, Map.of()));
  }

  public String bootstrapServers() {
    return source.get(CommonSettings.BOOTSTRAP_SERVERS);
  }

  public String bindAddress() {
    return source.get(BIND_ADDRESS);
  }

  public int port() {
    return source.get(PORT).intValue();
  }

  /** The streams-app's HTTP endpoint without a trailing slash, or null when not given. */
  public String streamsUrl() {
    String url = source.get(STREAMS_URL);
    if (url == null || url.isBlank()) {
      return null;
    }
    url = url.strip();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  public TopicNames topics() {
    return new TopicNames(source.get(CommonSettings.TOPIC_CLICKSTREAM), source.get(CommonSettings.TOPIC_ALERTS),
        source.get(CommonSettings.TOPIC_PVUV), source.get(CommonSettings.TOPIC_CLICKSTREAM_DLQ),
        source.get(CommonSettings.TOPIC_CLICKSTREAM_LATE), source.get(CommonSettings.TOPIC_RULE_SETTINGS),
        source.get(TOPIC_OFFERS), source.get(TOPIC_INVENTORY_DLQ));
  }

  /** The run-time rule settings the engines started with (defaults overlaid with the keys given). */
  public SettingsInForce startupRules() {
    return source.settingsInForce();
  }

  /** Kafka client settings (bootstrap servers, the pass-through security keys) for consumers and admin. */
  public Map<String, Object> kafkaClient() {
    Map<String, Object> client = new TreeMap<>();
    source.passThrough().forEach((key, value) -> {
      if (!RegistryConfig.KEYS.contains(key) && !key.startsWith("schema.registry.")) {
        client.put(key, value);
      }
    });
    client.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return client;
  }

  /** Registry client settings: the URL and the pass-through registry keys (credentials, TLS). */
  public Map<String, Object> registryClient() {
    Map<String, Object> registry = new TreeMap<>();
    source.passThrough().forEach((key, value) -> {
      if (RegistryConfig.KEYS.contains(key) || key.startsWith("schema.registry.")) {
        registry.put(key, value);
      }
    });
    registry.put(RegistryConfig.SCHEMA_REGISTRY_URL, source.get(CommonSettings.SCHEMA_REGISTRY_URL));
    return registry;
  }

  /** Every variable the dashboard reads, with the key it sets (the compose check uses it). */
  public static Map<String, String> envNames() {
    Map<String, String> byEnv = new TreeMap<>();
    SPEC.settings().forEach(setting -> byEnv.put(setting.envName(), setting.key()));
    SPEC.passThroughEnvKeys().forEach(key -> byEnv.putIfAbsent(io.cartpulse.settings.EnvNames.of(key), key));
    return byEnv;
  }

  /** For the start-up log: every setting's value, secrets masked. */
  public String describe() {
    return source.describe();
  }
}
