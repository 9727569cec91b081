package io.cartpulse.streams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartpulse.rules.RuleCatalog;
import io.cartpulse.settings.CommonSettings;
import io.cartpulse.streams.CartPulseStreamsApp;
import io.cartpulse.streams.config.StreamsAppConfig.StoreType;
import java.time.Duration;
import java.time.ZoneId;
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

    assertThat(config.topics())
        .isEqualTo(new StreamsAppConfig.Topics("clickstream", "alerts", "clickstream-dlq", "rule-settings"));
    assertThat(config.inputKeyedByUser()).isFalse();
    assertThat(config.get(RuleCatalog.CROSS_SELL_MAX_GAP)).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.get(RuleCatalog.CROSS_SELL_COOLDOWN)).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.get(RuleCatalog.CART_ABANDONMENT_MIN_PRICE)).isEqualTo(20_000);
    assertThat(config.get(RuleCatalog.CART_ABANDONMENT_DELAY)).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.get(RuleCatalog.PURCHASE_INTENT_WINDOW)).isEqualTo(Duration.ofMinutes(15));
    assertThat(config.get(RuleCatalog.PURCHASE_INTENT_MIN_VIEWS)).isEqualTo(4);
    assertThat(config.get(RuleCatalog.PURCHASE_INTENT_COOLDOWN)).isEqualTo(Duration.ofMinutes(15));
    assertThat(config.get(RuleCatalog.PRICE_SENSITIVITY_WINDOW)).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.get(RuleCatalog.PRICE_SENSITIVITY_COOLDOWN)).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.get(RuleCatalog.COUPON_TIERS)).containsExactly(20_000L, 50_000L, 100_000L);
    assertThat(config.get(RuleCatalog.COUPON_ZONE)).isEqualTo(ZoneId.of("UTC"));
    assertThat(config.settingsInForce().get(RuleCatalog.CROSS_SELL.enabled())).isTrue();
    assertThat(config.state().storeType()).isEqualTo(StoreType.ROCKSDB);
    assertThat(config.clock().wallClockAdvance()).isTrue();
    assertThat(config.applicationId()).isEqualTo("cartpulse-streams");
    assertThat(config.kafka()).containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "exactly_once_v2");
    assertThat(config.kafka()).containsEntry("main.consumer.max.partition.fetch.bytes", "65536");
  }

  @Test
  void theMainConsumersFetchSizeCanBeSetBack() {
    Properties file = required();
    file.setProperty("main.consumer.max.partition.fetch.bytes", "1048576");
    assertThat(StreamsAppConfig.load(file, Map.of()).kafka())
        .containsEntry("main.consumer.max.partition.fetch.bytes", "1048576");
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
        .hasMessageContaining("http.port: must be at most 65535, got '70000'");
  }

  @Test
  void environmentWinsOverTheFileWhichWinsOverDefaults() {
    Properties file = required();
    file.setProperty("cart-abandonment.min-price", "150.00");
    file.setProperty("purchase-intent.min-views", "6");
    file.setProperty("application.server", "10.0.0.5:8080");
    Map<String, String> env = Map.of(
        "CARTPULSE_PURCHASE_INTENT_MIN_VIEWS", "5",
        "CARTPULSE_COUPON_ZONE", "Europe/Berlin",
        "CARTPULSE_BOOTSTRAP_SERVERS", "broker:29092",
        "CARTPULSE_NUM_STREAM_THREADS", "2",
        "CARTPULSE_CONFIG_FILE", "/etc/cartpulse/streams.properties",
        "PATH", "/usr/bin");

    StreamsAppConfig config = StreamsAppConfig.load(file, env);

    assertThat(config.get(RuleCatalog.CART_ABANDONMENT_MIN_PRICE)).isEqualTo(15_000);
    assertThat(config.settingsInForce().get(RuleCatalog.PURCHASE_INTENT_MIN_VIEWS)).isEqualTo(5);
    assertThat(config.get(RuleCatalog.COUPON_ZONE)).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(config.kafka()).containsEntry("bootstrap.servers", "broker:29092")
        .containsEntry("num.stream.threads", "2").containsEntry("application.server", "10.0.0.5:8080");
    Properties streams = CartPulseStreamsApp.streamsProperties(config);
    assertThat(streams.getProperty(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
        .isEqualTo(BoundedRocksDbConfigSetter.class.getName());
    assertThat(streams.getProperty("application.server")).isEqualTo("10.0.0.5:8080");
    assertThat(streams).doesNotContainKey("cart-abandonment.min-price").doesNotContainKey("topics.alerts");
  }

  @Test
  void envNamesAreTheKeyUpperCasedWithUnderscores() {
    assertThat(StreamsAppConfig.envName("cross-sell.max-gap")).isEqualTo("CARTPULSE_CROSS_SELL_MAX_GAP");
    assertThat(StreamsAppConfig.envName("schema.registry.url")).isEqualTo("CARTPULSE_SCHEMA_REGISTRY_URL");
    assertThat(CommonSettings.TOPIC_CLICKSTREAM_DLQ.envName()).isEqualTo("CARTPULSE_TOPICS_CLICKSTREAM_DLQ");
  }

  @Test
  void aContainerSetsItsStaticMembershipFromTheEnvironment() {
    Properties file = new Properties();
    file.setProperty("bootstrap.servers", "broker:29092");
    file.setProperty("schema.registry.url", "mock://env-membership");
    StreamsAppConfig config = StreamsAppConfig.load(file, Map.of("CARTPULSE_GROUP_INSTANCE_ID", "streams-app-2",
        "CARTPULSE_SESSION_TIMEOUT_MS", "10000", "CARTPULSE_HEARTBEAT_INTERVAL_MS", "2000"));
    assertThat(CartPulseStreamsApp.streamsProperties(config)).containsEntry("group.instance.id", "streams-app-2")
        .containsEntry("session.timeout.ms", "10000").containsEntry("heartbeat.interval.ms", "2000");
  }

  @Test
  void everyProblemIsReportedInOneMessage() {
    Properties props = new Properties();
    props.setProperty("cross-sell.max-gap", "PT0S");
    props.setProperty("cross-sell.cooldown", "five minutes");
    props.setProperty("coupon.tiers", "500,200,500");
    props.setProperty("coupon.zone", "Mars/Olympus");
    props.setProperty("purchase-intent.min-views", "0");
    props.setProperty("cart-abandonment.min-price", "-1");
    props.setProperty("cart-abandonment.delay", "-PT10M");
    props.setProperty("store.type", "cassandra");
    props.setProperty("clock.wall-clock-advance", "yes");
    props.setProperty("cross-sel.max-gap", "PT5M");
    props.setProperty("processing.guarantee", "exactly_once");
    props.setProperty("application.server", "no-port");

    assertThatThrownBy(() -> StreamsAppConfig.load(props, Map.of("CARTPULSE_CHURN_MIN_VEIWS", "5")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Invalid streams-app configuration (13 problems): ")
        .hasMessageContaining("cross-sell.max-gap: must be at least 1 millisecond, got 'PT0S'")
        .hasMessageContaining("cross-sell.cooldown: expected an ISO-8601 duration")
        .hasMessageContaining("coupon.tiers: tier 500 appears twice")
        .hasMessageContaining("coupon.zone: unknown time zone")
        .hasMessageContaining("purchase-intent.min-views: must be at least 1")
        .hasMessageContaining("cart-abandonment.min-price: expected an amount like 200.00")
        .hasMessageContaining("cart-abandonment.delay: must be at least 1 millisecond")
        .hasMessageContaining("store.type: expected rocksdb or in-memory")
        .hasMessageContaining("clock.wall-clock-advance: expected true or false")
        .hasMessageContaining("cross-sel.max-gap: unknown setting (did you mean cross-sell.max-gap?)")
        .hasMessageContaining("CARTPULSE_CHURN_MIN_VEIWS: unknown environment variable "
            + "(did you mean CARTPULSE_CHURN_MIN_VIEWS?)")
        .hasMessageContaining("bootstrap.servers: required")
        .hasMessageContaining("schema.registry.url: required")
        .hasMessageNotContaining("\n");
  }

  @Test
  void kafkaKeysAreCheckedOnceTheCartPulseKeysAreValid() {
    Properties props = required();
    props.setProperty("processing.guarantee", "exactly_once");
    props.setProperty("application.server", "no-port");

    assertThatThrownBy(() -> StreamsAppConfig.load(props, Map.of()))
        .hasMessageContaining("processing.guarantee: expected exactly_once_v2 or at_least_once")
        .hasMessageContaining("application.server: expected host:port");
  }

  @Test
  void theFlinkJobsRuleKeysAreAcceptedAndLeftToIt() {
    Properties props = required();
    props.setProperty("churn.window", "P3D");
    props.setProperty("surge.min-views", "20");

    StreamsAppConfig config = StreamsAppConfig.load(props, Map.of());

    assertThat(config.kafka()).doesNotContainKey("churn.window");
    assertThat(config.settingsInForce().get(RuleCatalog.SURGE_MIN_VIEWS)).isEqualTo(20);
  }

  @Test
  void tiersAreWholeAmountsInAnyOrder() {
    Properties props = required();
    props.setProperty("coupon.tiers", " 1000, 200 ,500");
    assertThat(StreamsAppConfig.load(props, Map.of()).get(RuleCatalog.COUPON_TIERS))
        .containsExactly(20_000L, 50_000L, 100_000L);

    props.setProperty("coupon.tiers", "0,500");
    assertThatThrownBy(() -> StreamsAppConfig.load(props, Map.of()))
        .hasMessageContaining("coupon.tiers: tiers must be at least 1");
  }

  @Test
  void durationsAcceptMillisecondsAndLowerCase() {
    Properties props = required();
    props.setProperty("cross-sell.max-gap", "90000");
    props.setProperty("cross-sell.cooldown", "pt2m");

    StreamsAppConfig config = StreamsAppConfig.load(props, Map.of());

    assertThat(config.get(RuleCatalog.CROSS_SELL_MAX_GAP)).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.get(RuleCatalog.CROSS_SELL_COOLDOWN)).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void theEffectiveConfigurationMasksSecrets() {
    Properties props = required();
    props.setProperty("basic.auth.user.info", "alice:s3cret");
    props.setProperty("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule password=\"x\";");

    String described = StreamsAppConfig.load(props, Map.of()).describe();

    assertThat(described).doesNotContain("s3cret").doesNotContain("password=")
        .contains("basic.auth.user.info=[hidden]").contains("coupon.tiers=200,500,1000");
  }

  @Test
  void withOverridesKeepsEverythingElse() {
    StreamsAppConfig config = StreamsAppConfig.load(required(), Map.of());

    StreamsAppConfig changed = config.with(Map.of("coupon.tiers", "100"));

    assertThat(changed.get(RuleCatalog.COUPON_TIERS)).containsExactly(10_000L);
    assertThat(changed.get(RuleCatalog.CROSS_SELL_MAX_GAP)).isEqualTo(config.get(RuleCatalog.CROSS_SELL_MAX_GAP));
    assertThat(changed.kafka()).isEqualTo(config.kafka());
  }
}
