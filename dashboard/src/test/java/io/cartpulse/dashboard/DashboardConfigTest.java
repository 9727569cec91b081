package io.cartpulse.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartpulse.rules.RuleCatalog;
import io.cartpulse.settings.InvalidSettingException;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class DashboardConfigTest {
  private static final Map<String, String> REQUIRED = Map.of("bootstrap.servers", "kafka:9092",
      "schema.registry.url", "http://registry:8081");

  @Test
  void defaultsListenOnLoopbackAndTheTopicsAreTheContractsNames() {
    DashboardConfig config = DashboardConfig.of(REQUIRED);

    assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(config.port()).isEqualTo(8088);
    assertThat(config.streamsUrl()).isNull();
    assertThat(config.topics()).isEqualTo(new DashboardConfig.TopicNames("clickstream", "alerts", "pvuv",
        "clickstream-dlq", "clickstream-late", "rule-settings", "offers", "inventory-dlq"));
    assertThat(config.startupRules().get(RuleCatalog.SURGE_MIN_VIEWS)).isEqualTo(50L);
  }

  @Test
  void theEnvironmentOverridesTheFileAndTheEnginesKeysAreAccepted() {
    Properties file = new Properties();
    file.putAll(REQUIRED);
    file.setProperty("dashboard.port", "9000");
    file.setProperty("surge.min-views", "80");
    file.setProperty("churn.window", "P3D");
    file.setProperty("security.protocol", "SASL_SSL");
    file.setProperty("basic.auth.user.info", "u:p");

    DashboardConfig config = DashboardConfig.load(file, Map.of("CARTPULSE_DASHBOARD_PORT", "0",
        "CARTPULSE_DASHBOARD_STREAMS_URL", "http://streams-app:7070/"));

    assertThat(config.port()).isZero();
    assertThat(config.streamsUrl()).isEqualTo("http://streams-app:7070");
    assertThat(config.startupRules().get(RuleCatalog.SURGE_MIN_VIEWS)).isEqualTo(80L);
    assertThat(config.kafkaClient()).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("bootstrap.servers", "kafka:9092").doesNotContainKey("basic.auth.user.info");
    assertThat(config.registryClient()).containsEntry("basic.auth.user.info", "u:p")
        .containsEntry("schema.registry.url", "http://registry:8081").doesNotContainKey("security.protocol");
  }

  @Test
  void unknownKeysBadValuesAndAMissingBrokerAreRefusedNamingTheKey() {
    assertThatThrownBy(() -> DashboardConfig.of(Map.of("schema.registry.url", "http://r:8081")))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("bootstrap.servers: required");
    Map<String, String> typo = new java.util.HashMap<>(REQUIRED);
    typo.put("dashboard.prot", "1");
    assertThatThrownBy(() -> DashboardConfig.of(typo)).hasMessageContaining("dashboard.prot")
        .hasMessageContaining("dashboard.port");
    Map<String, String> badUrl = new java.util.HashMap<>(REQUIRED);
    badUrl.put("dashboard.streams-url", "streams-app:7070");
    assertThatThrownBy(() -> DashboardConfig.of(badUrl)).hasMessageContaining("dashboard.streams-url")
        .hasMessageContaining("http://host:port");
    Map<String, String> badPort = new java.util.HashMap<>(REQUIRED);
    badPort.put("dashboard.port", "70000");
    assertThatThrownBy(() -> DashboardConfig.of(badPort)).hasMessageContaining("dashboard.port");
  }
}
