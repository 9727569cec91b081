package io.cartpulse.streams.config;

import io.cartpulse.click.Money;
import io.cartpulse.registry.RegistryConfig;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The whole streams-app configuration, typed and validated once at start-up.
 *
 * <p>Sources, weakest first: the defaults below (the thresholds of ALERTS.md section 3), a
 * properties file, environment variables. The variable for a key is {@code CARTPULSE_} plus the key
 * without its {@code cartpulse.} prefix, upper-cased, with '.' and '-' as '_'
 * ({@code cartpulse.rules.coupon.tiers} -> {@code CARTPULSE_RULES_COUPON_TIERS},
 * {@code bootstrap.servers} -> {@code CARTPULSE_BOOTSTRAP_SERVERS}). Keys outside
 * {@code cartpulse.*} are Kafka Streams / client / registry settings and are passed through.
 */
public record StreamsAppConfig(
    Topics topics,
    boolean inputKeyedByUser,
    RuleSettings rules,
    StateSettings state,
    ClockSettings clock,
    long rocksDbMemoryBytes,
    Map<String, String> kafka) {

  public static final String PREFIX = "cartpulse.";
  public static final String ENV_PREFIX = "CARTPULSE_";

  public static final String TOPIC_INPUT = "cartpulse.topics.input";
  public static final String TOPIC_ALERTS = "cartpulse.topics.alerts";
  public static final String TOPIC_DLQ = "cartpulse.topics.dlq";
  public static final String INPUT_KEYED_BY_USER = "cartpulse.input.keyed-by-user";

  public static final String CROSS_SELL_MAX_GAP = "cartpulse.rules.cross-sell.max-gap";
  public static final String CROSS_SELL_COOLDOWN = "cartpulse.rules.cross-sell.cooldown";
  public static final String ABANDONMENT_MIN_PRICE = "cartpulse.rules.cart-abandonment.min-price";
  public static final String ABANDONMENT_DELAY = "cartpulse.rules.cart-abandonment.delay";
  public static final String PURCHASE_INTENT_WINDOW = "cartpulse.rules.purchase-intent.window";
  public static final String PURCHASE_INTENT_MIN_VIEWS = "cartpulse.rules.purchase-intent.min-views";
  public static final String PURCHASE_INTENT_COOLDOWN = "cartpulse.rules.purchase-intent.cooldown";
  public static final String PRICE_SENSITIVITY_WINDOW = "cartpulse.rules.price-sensitivity.window";
  public static final String PRICE_SENSITIVITY_COOLDOWN = "cartpulse.rules.price-sensitivity.cooldown";
  public static final String COUPON_TIERS = "cartpulse.rules.coupon.tiers";
  public static final String COUPON_ZONE = "cartpulse.rules.coupon.zone";

  public static final String STORE_TYPE = "cartpulse.state.store-type";
  public static final String STORE_CACHING = "cartpulse.state.caching-enabled";
  public static final String STORE_LOGGING = "cartpulse.state.logging-enabled";
  public static final String SWEEP_INTERVAL = "cartpulse.state.sweep-interval";
  public static final String ROCKSDB_MEMORY_BYTES = "cartpulse.rocksdb.memory-bytes";

  public static final String WALL_CLOCK_ADVANCE = "cartpulse.clock.wall-clock-advance";
  public static final String WALL_CLOCK_INTERVAL = "cartpulse.clock.wall-clock-interval";
  public static final String STREAM_TIME_INTERVAL = "cartpulse.clock.stream-time-interval";

  public static final String DEFAULT_APPLICATION_ID = "cartpulse-streams";

  /** Every cartpulse.* key with its default (insertion order = documentation order). */
  public static final Map<String, String> DEFAULTS;

  static {
    Map<String, String> d = new LinkedHashMap<>();
    d.put(TOPIC_INPUT, io.cartpulse.contract.Topics.CLICKSTREAM);
    d.put(TOPIC_ALERTS, io.cartpulse.contract.Topics.ALERTS);
    d.put(TOPIC_DLQ, io.cartpulse.contract.Topics.CLICKSTREAM_DLQ);
    d.put(INPUT_KEYED_BY_USER, "false");
    d.put(CROSS_SELL_MAX_GAP, "PT5M");
    d.put(CROSS_SELL_COOLDOWN, "PT5M");
    d.put(ABANDONMENT_MIN_PRICE, "200.00");
    d.put(ABANDONMENT_DELAY, "PT10M");
    d.put(PURCHASE_INTENT_WINDOW, "PT15M");
    d.put(PURCHASE_INTENT_MIN_VIEWS, "4");
    d.put(PURCHASE_INTENT_COOLDOWN, "PT15M");
    d.put(PRICE_SENSITIVITY_WINDOW, "PT10M");
    d.put(PRICE_SENSITIVITY_COOLDOWN, "PT10M");
    d.put(COUPON_TIERS, "200,500,1000");
    d.put(COUPON_ZONE, "UTC");
    d.put(STORE_TYPE, "rocksdb");
    d.put(STORE_CACHING, "true");
    d.put(STORE_LOGGING, "true");
    d.put(SWEEP_INTERVAL, "PT5M");
    d.put(ROCKSDB_MEMORY_BYTES, String.valueOf(64L * 1024 * 1024));
    d.put(WALL_CLOCK_ADVANCE, "true");
    d.put(WALL_CLOCK_INTERVAL, "PT1S");
    d.put(STREAM_TIME_INTERVAL, "PT1S");
    DEFAULTS = Collections.unmodifiableMap(d);
  }

  /** Defaults for pass-through keys that differ from Kafka's own. */
  static final Map<String, String> KAFKA_DEFAULTS = Map.of(
      StreamsConfig.APPLICATION_ID_CONFIG, DEFAULT_APPLICATION_ID,
      StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);

  public record Topics(String input, String alerts, String dlq) {}

  public record CrossSell(Duration maxGap, Duration cooldown) {}

  public record CartAbandonment(long minPriceCents, Duration delay) {}

  public record PurchaseIntent(Duration window, int minViews, Duration cooldown) {}

  public record PriceSensitivity(Duration window, Duration cooldown) {}

  public record Coupon(List<Long> tierCents, ZoneId zone) {
    public Coupon {
      tierCents = List.copyOf(tierCents);
    }
  }

  public record RuleSettings(CrossSell crossSell, CartAbandonment cartAbandonment, PurchaseIntent purchaseIntent,
      PriceSensitivity priceSensitivity, Coupon coupon) {}

  public enum StoreType { ROCKSDB, IN_MEMORY }

  public record StateSettings(StoreType storeType, boolean cachingEnabled, boolean loggingEnabled,
      Duration sweepInterval) {}

  public record ClockSettings(boolean wallClockAdvance, Duration wallClockInterval, Duration streamTimeInterval) {}

  public StreamsAppConfig {
    kafka = Collections.unmodifiableMap(new TreeMap<>(kafka));
  }

  public String applicationId() {
    return kafka.get(StreamsConfig.APPLICATION_ID_CONFIG);
  }

  /** The registry settings (schema.registry.url and friends) as a map for the Avro serdes. */
  public Map<String, Object> registryConfigs() {
    return new LinkedHashMap<>(kafka);
  }

  // ---------------------------------------------------------------------------------------------
  // Loading

  /** Defaults, then {@code file}, then {@code env}; validated. */
  public static StreamsAppConfig load(Properties file, Map<String, String> env) {
    return fromProperties(merge(file, env));
  }

  /** The effective key/value settings: defaults overlaid by {@code file}, overlaid by {@code env}. */
  public static Properties merge(Properties file, Map<String, String> env) {
    Properties merged = new Properties();
    DEFAULTS.forEach(merged::setProperty);
    KAFKA_DEFAULTS.forEach(merged::setProperty);
    if (file != null) {
      for (String key : file.stringPropertyNames()) {
        merged.setProperty(key.trim(), file.getProperty(key).trim());
      }
    }
    if (env != null) {
      Map<String, String> keyByEnv = envNames();
      env.forEach((name, value) -> {
        String key = keyByEnv.get(name);
        if (key != null && value != null) {
          merged.setProperty(key, value.trim());
        }
      });
    }
    return merged;
  }

  /** The environment variable that sets {@code key}. */
  public static String envName(String key) {
    String bare = key.startsWith(PREFIX) ? key.substring(PREFIX.length()) : key;
    return ENV_PREFIX + bare.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** Every key settable through the environment, by variable name. */
  static Map<String, String> envNames() {
    Set<String> keys = new LinkedHashSet<>(DEFAULTS.keySet());
    keys.addAll(StreamsConfig.configDef().names());
    keys.addAll(List.of(RegistryConfig.SCHEMA_REGISTRY_URL, RegistryConfig.AUTO_REGISTER_SCHEMAS,
        RegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE, RegistryConfig.BASIC_AUTH_USER_INFO,
        RegistryConfig.SSL_TRUSTSTORE_LOCATION, RegistryConfig.SSL_TRUSTSTORE_PASSWORD,
        RegistryConfig.SSL_TRUSTSTORE_TYPE, RegistryConfig.SSL_KEYSTORE_LOCATION,
        RegistryConfig.SSL_KEYSTORE_PASSWORD, RegistryConfig.SSL_KEYSTORE_TYPE, RegistryConfig.REQUEST_TIMEOUT_MS,
        RegistryConfig.MAX_RETRIES, RegistryConfig.RETRY_BACKOFF_MS,
        "security.protocol", "sasl.mechanism", "sasl.jaas.config", "ssl.truststore.location",
        "ssl.truststore.password", "ssl.keystore.location", "ssl.keystore.password", "ssl.key.password"));
    Map<String, String> byEnv = new LinkedHashMap<>();
    for (String key : keys) {
      byEnv.putIfAbsent(envName(key), key);
    }
    return byEnv;
  }

  /** Parses and validates merged settings; every problem is reported in one exception. */
  public static StreamsAppConfig fromProperties(Properties props) {
    Parser p = new Parser(props);
    for (String key : props.stringPropertyNames()) {
      if (key.startsWith(PREFIX) && !DEFAULTS.containsKey(key)) {
        p.problems.add(key + ": unknown setting (the cartpulse.* keys are listed in streams-app/README.md)");
      }
    }

    Topics topics = new Topics(p.name(TOPIC_INPUT), p.name(TOPIC_ALERTS), p.name(TOPIC_DLQ));
    if (Set.of(topics.input(), topics.alerts(), topics.dlq()).size() < 3) {
      p.problems.add(TOPIC_INPUT + ", " + TOPIC_ALERTS + ", " + TOPIC_DLQ + ": must be three different topics, got "
          + topics.input() + ", " + topics.alerts() + ", " + topics.dlq());
    }
    RuleSettings rules = new RuleSettings(
        new CrossSell(p.duration(CROSS_SELL_MAX_GAP), p.duration(CROSS_SELL_COOLDOWN)),
        new CartAbandonment(p.money(ABANDONMENT_MIN_PRICE), p.duration(ABANDONMENT_DELAY)),
        new PurchaseIntent(p.duration(PURCHASE_INTENT_WINDOW), p.positiveInt(PURCHASE_INTENT_MIN_VIEWS),
            p.duration(PURCHASE_INTENT_COOLDOWN)),
        new PriceSensitivity(p.duration(PRICE_SENSITIVITY_WINDOW), p.duration(PRICE_SENSITIVITY_COOLDOWN)),
        new Coupon(p.tiers(COUPON_TIERS), p.zone(COUPON_ZONE)));
    StateSettings state = new StateSettings(p.storeType(STORE_TYPE), p.bool(STORE_CACHING), p.bool(STORE_LOGGING),
        p.duration(SWEEP_INTERVAL));
    ClockSettings clock = new ClockSettings(p.bool(WALL_CLOCK_ADVANCE), p.duration(WALL_CLOCK_INTERVAL),
        p.duration(STREAM_TIME_INTERVAL));
    long rocksDbMemory = p.positiveLong(ROCKSDB_MEMORY_BYTES);
    boolean keyedByUser = p.bool(INPUT_KEYED_BY_USER);

    Map<String, String> kafka = new TreeMap<>();
    for (String key : props.stringPropertyNames()) {
      if (!key.startsWith(PREFIX)) {
        kafka.put(key, props.getProperty(key));
      }
    }
    p.required(kafka, StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "the Kafka brokers, host:port[,host:port]");
    p.required(kafka, RegistryConfig.SCHEMA_REGISTRY_URL, "the Schema Registry, http://host:8081 or mock://name");
    p.required(kafka, StreamsConfig.APPLICATION_ID_CONFIG, "the Kafka Streams application id");
    String guarantee = kafka.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
    if (guarantee != null && !guarantee.equals(StreamsConfig.EXACTLY_ONCE_V2)
        && !guarantee.equals(StreamsConfig.AT_LEAST_ONCE)) {
      p.problems.add(StreamsConfig.PROCESSING_GUARANTEE_CONFIG + ": expected exactly_once_v2 or at_least_once, got '"
          + guarantee + "'");
    }
    String server = kafka.get(StreamsConfig.APPLICATION_SERVER_CONFIG);
    if (server != null && !server.isEmpty() && !server.matches("[^:\\s]+:\\d{1,5}")) {
      p.problems.add(StreamsConfig.APPLICATION_SERVER_CONFIG + ": expected host:port, got '" + server + "'");
    }
    String threads = kafka.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG);
    if (threads != null) {
      try {
        if (Integer.parseInt(threads.trim()) < 1) {
          p.problems.add(StreamsConfig.NUM_STREAM_THREADS_CONFIG + ": must be at least 1, got " + threads);
        }
      } catch (NumberFormatException e) {
        p.problems.add(StreamsConfig.NUM_STREAM_THREADS_CONFIG + ": expected a whole number, got '" + threads + "'");
      }
    }
    if (!p.problems.isEmpty()) {
      throw new ConfigException("Invalid streams-app configuration (" + p.problems.size() + " problem"
          + (p.problems.size() == 1 ? "" : "s") + "): " + String.join("; ", p.problems));
    }
    return new StreamsAppConfig(topics, keyedByUser, rules, state, clock, rocksDbMemory, kafka);
  }

  /** Copy with some settings replaced (tests, backtest). */
  public StreamsAppConfig with(Properties overrides) {
    Properties props = toProperties();
    overrides.stringPropertyNames().forEach(k -> props.setProperty(k, overrides.getProperty(k)));
    return fromProperties(props);
  }

  /** The settings this config was built from, as keys and strings. */
  public Properties toProperties() {
    Properties props = new Properties();
    kafka.forEach(props::setProperty);
    props.setProperty(TOPIC_INPUT, topics.input());
    props.setProperty(TOPIC_ALERTS, topics.alerts());
    props.setProperty(TOPIC_DLQ, topics.dlq());
    props.setProperty(INPUT_KEYED_BY_USER, String.valueOf(inputKeyedByUser));
    props.setProperty(CROSS_SELL_MAX_GAP, rules.crossSell().maxGap().toString());
    props.setProperty(CROSS_SELL_COOLDOWN, rules.crossSell().cooldown().toString());
    props.setProperty(ABANDONMENT_MIN_PRICE, Money.format(rules.cartAbandonment().minPriceCents()));
    props.setProperty(ABANDONMENT_DELAY, rules.cartAbandonment().delay().toString());
    props.setProperty(PURCHASE_INTENT_WINDOW, rules.purchaseIntent().window().toString());
    props.setProperty(PURCHASE_INTENT_MIN_VIEWS, String.valueOf(rules.purchaseIntent().minViews()));
    props.setProperty(PURCHASE_INTENT_COOLDOWN, rules.purchaseIntent().cooldown().toString());
    props.setProperty(PRICE_SENSITIVITY_WINDOW, rules.priceSensitivity().window().toString());
    props.setProperty(PRICE_SENSITIVITY_COOLDOWN, rules.priceSensitivity().cooldown().toString());
    List<String> tiers = new ArrayList<>();
    rules.coupon().tierCents().forEach(c -> tiers.add(Money.formatPlain(c)));
    props.setProperty(COUPON_TIERS, String.join(",", tiers));
    props.setProperty(COUPON_ZONE, rules.coupon().zone().getId());
    props.setProperty(STORE_TYPE, state.storeType() == StoreType.ROCKSDB ? "rocksdb" : "in-memory");
    props.setProperty(STORE_CACHING, String.valueOf(state.cachingEnabled()));
    props.setProperty(STORE_LOGGING, String.valueOf(state.loggingEnabled()));
    props.setProperty(SWEEP_INTERVAL, state.sweepInterval().toString());
    props.setProperty(ROCKSDB_MEMORY_BYTES, String.valueOf(rocksDbMemoryBytes));
    props.setProperty(WALL_CLOCK_ADVANCE, String.valueOf(clock.wallClockAdvance()));
    props.setProperty(WALL_CLOCK_INTERVAL, clock.wallClockInterval().toString());
    props.setProperty(STREAM_TIME_INTERVAL, clock.streamTimeInterval().toString());
    return props;
  }

  /** The effective settings for the start-up log: sorted, with secrets masked. */
  public String describe() {
    Properties props = toProperties();
    StringBuilder out = new StringBuilder();
    new TreeMap<>(propsAsMap(props)).forEach((k, v) ->
        out.append(out.length() == 0 ? "" : ", ").append(k).append('=').append(isSecret(k) ? "******" : v));
    return out.toString();
  }

  public static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("password") || k.contains("secret") || k.contains("user.info") || k.contains("jaas")
        || k.contains("credentials") || k.endsWith(".key") || k.contains("token");
  }

  private static Map<String, String> propsAsMap(Properties props) {
    Map<String, String> map = new LinkedHashMap<>();
    props.stringPropertyNames().forEach(k -> map.put(k, props.getProperty(k)));
    return map;
  }

  /** Reads typed values, collecting problems instead of failing on the first. */
  private static final class Parser {
    final Properties props;
    final List<String> problems = new ArrayList<>();

    Parser(Properties props) {
      this.props = props;
    }

    String raw(String key) {
      String value = props.getProperty(key);
      return value == null ? DEFAULTS.get(key) : value.trim();
    }

    String name(String key) {
      String value = raw(key);
      if (value == null || value.isEmpty()) {
        problems.add(key + ": must not be empty");
        return DEFAULTS.get(key);
      }
      return value;
    }

    Duration duration(String key) {
      String value = raw(key);
      Duration fallback = Duration.parse(DEFAULTS.get(key));
      Duration parsed;
      try {
        parsed = value.matches("\\d+") ? Duration.ofMillis(Long.parseLong(value))
            : Duration.parse(value.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException | NumberFormatException e) {
        problems.add(key + ": expected an ISO-8601 duration like PT5M (or milliseconds), got '" + value + "'");
        return fallback;
      }
      if (parsed.isNegative() || parsed.isZero()) {
        problems.add(key + ": must be greater than zero, got '" + value + "'");
        return fallback;
      }
      if (parsed.toMillis() == 0) {
        problems.add(key + ": must be at least 1 millisecond, got '" + value + "'");
        return fallback;
      }
      return parsed;
    }

    long money(String key) {
      String value = raw(key);
      try {
        BigDecimal amount = new BigDecimal(value);
        if (amount.signum() < 0) {
          problems.add(key + ": must not be negative, got '" + value + "'");
          return 0;
        }
        return Money.toCents(amount);
      } catch (NumberFormatException | ArithmeticException e) {
        problems.add(key + ": expected an amount like 200.00, got '" + value + "'");
        return 0;
      }
    }

    List<Long> tiers(String key) {
      String value = raw(key);
      List<Long> tiers = new ArrayList<>();
      if (value.isBlank()) {
        problems.add(key + ": expected at least one tier, e.g. 200,500,1000");
        return tiers;
      }
      for (String part : value.split(",")) {
        try {
          BigDecimal amount = new BigDecimal(part.trim());
          long cents = Money.toCents(amount);
          if (cents <= 0) {
            problems.add(key + ": tiers must be positive, got '" + part.trim() + "'");
          } else if (!tiers.isEmpty() && cents <= tiers.get(tiers.size() - 1)) {
            problems.add(key + ": tiers must be strictly increasing, got '" + value + "'");
          }
          tiers.add(cents);
        } catch (NumberFormatException | ArithmeticException e) {
          problems.add(key + ": expected comma-separated amounts like 200,500,1000, got '" + value + "'");
          return List.of();
        }
      }
      return tiers;
    }

    ZoneId zone(String key) {
      String value = raw(key);
      try {
        return ZoneId.of(value);
      } catch (DateTimeException e) {
        problems.add(key + ": unknown time zone '" + value + "' (use an id like UTC or Europe/Berlin)");
        return ZoneId.of("UTC");
      }
    }

    boolean bool(String key) {
      String value = raw(key);
      if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
        return Boolean.parseBoolean(value);
      }
      problems.add(key + ": expected true or false, got '" + value + "'");
      return Boolean.parseBoolean(DEFAULTS.get(key));
    }

    int positiveInt(String key) {
      String value = raw(key);
      try {
        int parsed = Integer.parseInt(value);
        if (parsed < 1) {
          problems.add(key + ": must be at least 1, got " + parsed);
          return 1;
        }
        return parsed;
      } catch (NumberFormatException e) {
        problems.add(key + ": expected a whole number, got '" + value + "'");
        return 1;
      }
    }

    long positiveLong(String key) {
      String value = raw(key);
      try {
        long parsed = Long.parseLong(value);
        if (parsed < 1) {
          problems.add(key + ": must be at least 1, got " + parsed);
          return Long.parseLong(DEFAULTS.get(key));
        }
        return parsed;
      } catch (NumberFormatException e) {
        problems.add(key + ": expected a whole number, got '" + value + "'");
        return Long.parseLong(DEFAULTS.get(key));
      }
    }

    StoreType storeType(String key) {
      String value = raw(key);
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "rocksdb" -> StoreType.ROCKSDB;
        case "in-memory", "memory" -> StoreType.IN_MEMORY;
        default -> {
          problems.add(key + ": expected rocksdb or in-memory, got '" + value + "'");
          yield StoreType.ROCKSDB;
        }
      };
    }

    void required(Map<String, String> kafka, String key, String what) {
      String value = kafka.get(key);
      if (value == null || value.isBlank()) {
        problems.add(key + ": required (" + what + "; env " + envName(key) + ")");
      }
    }
  }
}
