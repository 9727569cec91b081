package io.cartpulse.streams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartpulse.streams.CartPulseStreamsApp;
import io.cartpulse.streams.config.StreamsAppConfig.StoreType;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsAppConfigTest {

  private static Properties required() {
    Properties props = new Properties();
    props.setProperty("bootstrap.servers", "kafka:9092");
    props.setProperty("schema.registry.url", "http://registry:8081");
    return props;
  }

  @Test
  void defaultsFollowTheContract() {
    StreamsAppConfig config = StreamsAppConfig.load(required(), Map.of());

    assertThat(config.topics()).isEqualTo(new StreamsAppConfig.Topics("clickstream", "alerts", "clickstream-dlq"));
    assertThat(config.inputKeyedByUser()).isFalse();
    assertThat(config.rules().crossSell()).isEqualTo(
        new StreamsAppConfig.CrossSell(Duration.ofMinutes(5), Duration.ofMinutes(5)));
    assertThat(config.rules().cartAbandonment()).isEqualTo(
        new StreamsAppConfig.CartAbandonment(20_000, Duration.ofMinutes(10)));
    assertThat(config.rules().purchaseIntent()).isEqualTo(
        new StreamsAppConfig.PurchaseIntent(Duration.ofMinutes(15), 4, Duration.ofMinutes(15)));
    assertThat(config.rules().priceSensitivity()).isEqualTo(
        new StreamsAppConfig.PriceSensitivity(Duration.ofMinutes(10), Duration.ofMinutes(10)));
    assertThat(config.rules().coupon()).isEqualTo(
        new StreamsAppConfig.Coupon(List.of(20_000L, 50_000L, 100_000L), ZoneId.of("UTC")));
    assertThat(config.state().storeType()).isEqualTo(StoreType.ROCKSDB);
    assertThat(config.clock().wallClockAdvance()).isTrue();
    assertThat(config.applicationId()).isEqualTo("cartpulse-streams");
    assertThat(config.kafka()).containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "exactly_once_v2");
  }

  @Test
  void theHttpEndpointListensOnLoopbackAtThePortOfApplicationServerUnlessToldOtherwise() {
    assertThat(StreamsAppConfig.load(required(), Map.of()).http())
        .isEqualTo(new StreamsAppConfig.HttpSettings("127.0.0.1", StreamsAppConfig.DEFAULT_HTTP_PORT));
    Properties advertised = required();
    advertised.setProperty(StreamsConfig.APPLICATION_SERVER_CONFIG, "streams-app-1.streams-app:7171");
    assertThat(StreamsAppConfig.load(advertised, Map.of()).http().port()).isEqualTo(7171);

    StreamsAppConfig fromEnv = StreamsAppConfig.load(advertised,
        Map.of("CARTPULSE_HTTP_PORT", "0", "CARTPULSE_HTTP_BIND_ADDRESS", "0.0.0.0"));
    assertThat(fromEnv.http()).isEqualTo(new StreamsAppConfig.HttpSettings("0.0.0.0", 0));

    Properties bad = required();
    bad.setProperty(StreamsAppConfig.HTTP_PORT, "70000");
    assertThatThrownBy(() -> StreamsAppConfig.load(bad, Map.of())).isInstanceOf(ConfigException.class)
        .hasMessageContaining("cartpulse.http.port: expected a port 0-65535 (0 = any free port), got '70000'");
  }

  @Test
  void environmentWinsOverTheFileWhichWinsOverDefaults() {
    Properties file = required();
    file.setProperty("cartpulse.rules.cart-abandonment.min-price", "150.00");
    file.setProperty("cartpulse.rules.purchase-intent.min-views", "6");
    file.setProperty("application.server", "10.0.0.5:8080");
    Map<String, String> env = Map.of(
        "CARTPULSE_RULES_PURCHASE_INTENT_MIN_VIEWS", "5",
        "CARTPULSE_RULES_COUPON_ZONE", "Europe/Berlin",
        "CARTPULSE_BOOTSTRAP_SERVERS", "broker:29092",
        "CARTPULSE_NUM_STREAM_THREADS", "2",
        "PATH", "/usr/bin");

    StreamsAppConfig config = StreamsAppConfig.load(file, env);

    assertThat(config.rules().cartAbandonment().minPriceCents()).isEqualTo(15_000);
    assertThat(config.rules().purchaseIntent().minViews()).isEqualTo(5);
    assertThat(config.rules().coupon().zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(config.kafka()).containsEntry("bootstrap.servers", "broker:29092")
        .containsEntry("num.stream.threads", "2").containsEntry("application.server", "10.0.0.5:8080");
    Properties streams = CartPulseStreamsApp.streamsProperties(config);
    assertThat(streams.getProperty(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
        .isEqualTo(BoundedRocksDbConfigSetter.class.getName());
    assertThat(streams.getProperty("application.server")).isEqualTo("10.0.0.5:8080");
  }

  @Test
  void envNamesDropTheCartpulsePrefix() {
    assertThat(StreamsAppConfig.envName("cartpulse.rules.cross-sell.max-gap"))
        .isEqualTo("CARTPULSE_RULES_CROSS_SELL_MAX_GAP");
    assertThat(StreamsAppConfig.envName("schema.registry.url")).isEqualTo("CARTPULSE_SCHEMA_REGISTRY_URL");
  }

  @Test
  void everyProblemIsReportedInOneMessage() {
    Properties props = new Properties();
    props.setProperty("cartpulse.rules.cross-sell.max-gap", "PT0S");
    props.setProperty("cartpulse.rules.cross-sell.cooldown", "five minutes");
    props.setProperty("cartpulse.rules.coupon.tiers", "500,200");
    props.setProperty("cartpulse.rules.coupon.zone", "Mars/Olympus");
    props.setProperty("cartpulse.rules.purchase-intent.min-views", "0");
    props.setProperty("cartpulse.rules.cart-abandonment.min-price", "-1");
    props.setProperty("cartpulse.rules.cart-abandonment.delay", "-PT10M");
    props.setProperty("cartpulse.state.store-type", "cassandra");
    props.setProperty("cartpulse.clock.wall-clock-advance", "yes");
    props.setProperty("cartpulse.rules.cross-sel.max-gap", "PT5M");
    props.setProperty("processing.guarantee", "exactly_once");
    props.setProperty("application.server", "no-port");

    assertThatThrownBy(() -> StreamsAppConfig.load(props, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Invalid streams-app configuration (14 problems): ")
        .hasMessageContaining("cartpulse.rules.cross-sell.max-gap: must be greater than zero")
        .hasMessageContaining("cartpulse.rules.cross-sell.cooldown: expected an ISO-8601 duration")
        .hasMessageContaining("cartpulse.rules.coupon.tiers: tiers must be strictly increasing")
        .hasMessageContaining("cartpulse.rules.coupon.zone: unknown time zone 'Mars/Olympus'")
        .hasMessageContaining("cartpulse.rules.purchase-intent.min-views: must be at least 1")
        .hasMessageContaining("cartpulse.rules.cart-abandonment.min-price: must not be negative")
        .hasMessageContaining("cartpulse.rules.cart-abandonment.delay: must be greater than zero")
        .hasMessageContaining("cartpulse.state.store-type: expected rocksdb or in-memory")
        .hasMessageContaining("cartpulse.clock.wall-clock-advance: expected true or false")
        .hasMessageContaining("cartpulse.rules.cross-sel.max-gap: unknown setting")
        .hasMessageContaining("processing.guarantee: expected exactly_once_v2 or at_least_once")
        .hasMessageContaining("application.server: expected host:port")
        .hasMessageContaining("bootstrap.servers: required")
        .hasMessageContaining("schema.registry.url: required")
        .hasMessageNotContaining("\n");
  }

  @Test
  void tiersMustBePositive() {
    Properties props = required();
    props.setProperty("cartpulse.rules.coupon.tiers", "0,500");

    assertThatThrownBy(() -> StreamsAppConfig.load(props, Map.of()))
        .hasMessageContaining("cartpulse.rules.coupon.tiers: tiers must be positive");
  }

  @Test
  void durationsAcceptMillisecondsAndLowerCase() {
    Properties props = required();
    props.setProperty("cartpulse.rules.cross-sell.max-gap", "90000");
    props.setProperty("cartpulse.rules.cross-sell.cooldown", "pt2m");

    StreamsAppConfig config = StreamsAppConfig.load(props, Map.of());

    assertThat(config.rules().crossSell().maxGap()).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.rules().crossSell().cooldown()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void theEffectiveConfigurationMasksSecrets() {
    Properties props = required();
    props.setProperty("basic.auth.user.info", "alice:s3cret");
    props.setProperty("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule password=\"x\";");

    String described = StreamsAppConfig.load(props, Map.of()).describe();

    assertThat(described).doesNotContain("s3cret").doesNotContain("password=")
        .contains("basic.auth.user.info=******").contains("cartpulse.rules.coupon.tiers=200,500,1000");
  }

  @Test
  void withOverridesKeepsEverythingElse() {
    StreamsAppConfig config = StreamsAppConfig.load(required(), Map.of());
    Properties overrides = new Properties();
    overrides.setProperty("cartpulse.rules.coupon.tiers", "100");

    StreamsAppConfig changed = config.with(overrides);

    assertThat(changed.rules().coupon().tierCents()).containsExactly(10_000L);
    assertThat(changed.rules().crossSell()).isEqualTo(config.rules().crossSell());
    assertThat(changed.kafka()).isEqualTo(config.kafka());
  }
}
