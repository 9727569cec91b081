package io.cartpulse.flink.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartpulse.flink.rules.churn.ChurnImplementation;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigTest {

  @Test
  void defaultsFollowTheContract() {
    JobConfig config = JobConfig.defaultConfig();
    assertThat(config.churnWindowMs()).isEqualTo(7 * 86_400_000L);
    assertThat(config.churnMinViews()).isEqualTo(10);
    assertThat(config.surgeMinViews()).isEqualTo(50);
    assertThat(config.surgeFactor()).isEqualByComparingTo(new BigDecimal("3.0"));
    assertThat(config.surgeHistoryMinutes()).isEqualTo(30);
    assertThat(config.surgeBaselineMinutes()).isEqualTo(30);
    assertThat(config.topicClickstream()).isEqualTo("clickstream");
    assertThat(config.topicAlerts()).isEqualTo("alerts");
    assertThat(config.topicPvUv()).isEqualTo("pvuv");
    assertThat(config.topicLate()).isEqualTo("clickstream-late");
    assertThat(config.topicDlq()).isEqualTo("clickstream-dlq");
    assertThat(config.stateBackend()).isEqualTo("rocksdb");
    assertThat(config.churnImplementation()).isEqualTo(ChurnImplementation.CEP);
  }

  @Test
  void theChurnImplementationIsTypedAndValidated() {
    assertThat(JobConfig.from(Map.of("churn.implementation", "process")).churnImplementation())
        .isEqualTo(ChurnImplementation.PROCESS);
    assertThat(JobConfig.from(Map.of("churn.implementation", " cep ")).churnImplementation())
        .isEqualTo(ChurnImplementation.CEP);
    assertThatThrownBy(() -> JobConfig.from(Map.of("churn.implementation", "magic")))
        .isInstanceOf(JobConfigException.class)
        .hasMessageContaining("churn.implementation").hasMessageContaining("magic")
        .hasMessageContaining("expected cep or process");
  }

  @Test
  void fileThenEnvironmentThenArgumentsWin(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("job.properties");
    Files.writeString(file, "bootstrap.servers=file:9092\nparallelism=3\nchurn.min-views=12\nkafka.security.protocol=SSL\n");

    JobConfig config = JobConfig.fromArgs(
        new String[] {"--config", file.toString(), "--parallelism", "4", "--schema.registry.url=mock://x"},
        Map.of("CARTPULSE_BOOTSTRAP_SERVERS", "env:9092", "CARTPULSE_PARALLELISM", "2", "PATH", "/bin"));

    assertThat(config.bootstrapServers()).isEqualTo("env:9092");
    assertThat(config.parallelism()).isEqualTo(4);
    assertThat(config.churnMinViews()).isEqualTo(12);
    assertThat(config.kafkaClientProperties()).containsEntry("security.protocol", "SSL");
    assertThat(config.requireKafka()).isSameAs(config);
  }

  @Test
  void badValuesNameTheKeyAndTheReason() {
    assertThatThrownBy(() -> JobConfig.from(Map.of("parallelism", "two")))
        .isInstanceOf(JobConfigException.class).hasMessageContaining("parallelism").hasMessageContaining("whole number");
    assertThatThrownBy(() -> JobConfig.from(Map.of("surge.factor", "-1")))
        .hasMessageContaining("surge.factor: expected a decimal number");
    assertThatThrownBy(() -> JobConfig.from(Map.of("surge.factor", "0.0")))
        .hasMessageContaining("surge.factor: must be greater than 0");
    assertThatThrownBy(() -> JobConfig.from(Map.of("churn.min-views", "0")))
        .hasMessageContaining("churn.min-views: must be at least 1");
    assertThatThrownBy(() -> JobConfig.from(Map.of("state.backend", "memory")))
        .hasMessageContaining("state.backend").hasMessageContaining("rocksdb or hashmap");
    assertThatThrownBy(() -> JobConfig.defaultConfig().requireKafka())
        .hasMessageContaining("bootstrap.servers");
    assertThatThrownBy(() -> JobConfig.from(Map.of("bootstrap.servers", "h:9092")).requireKafka())
        .hasMessageContaining("schema.registry.url");
    assertThatThrownBy(() -> JobConfig.fromArgs(new String[] {"--parallelism"}, Map.of()))
        .hasMessageContaining("--parallelism needs a value");
    assertThatThrownBy(() -> JobConfig.fromArgs(new String[] {"parallelism=2"}, Map.of()))
        .hasMessageContaining("is not an option");
  }

  @Test
  void checkpointsAreRetainedAndKeyGroupsFixedUnlessToldOtherwise() {
    JobConfig config = JobConfig.defaultConfig();
    assertThat(config.checkpointRetention()).isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    assertThat(config.maxParallelism()).isEqualTo(128);
    assertThat(JobConfig.from(Map.of("checkpoint.retention", "delete-on-cancellation")).checkpointRetention())
        .isEqualTo(ExternalizedCheckpointRetention.DELETE_ON_CANCELLATION);
    assertThatThrownBy(() -> JobConfig.from(Map.of("checkpoint.retention", "keep")))
        .hasMessageContaining("checkpoint.retention").hasMessageContaining("retain-on-cancellation");
    assertThatThrownBy(() -> JobConfig.from(Map.of("parallelism", "8", "max.parallelism", "4")))
        .hasMessageContaining("max.parallelism").hasMessageContaining("at least parallelism (8)");
  }

  @Test
  void secretsAreNotPrinted() {
    JobConfig config = JobConfig.from(Map.of("basic.auth.user.info", "me:secret", "kafka.sasl.jaas.config", "x"));
    assertThat(config.toString()).doesNotContain("me:secret").contains("[hidden]");
    assertThat(config.describe()).doesNotContain("me:secret").contains("basic.auth.user.info=[hidden]");
  }

  @Test
  void unknownKeysAndVariablesAreRefusedNamingTheClosestKnownOne() {
    assertThatThrownBy(() -> JobConfig.from(Map.of("churn.min.veiws", "5")))
        .isInstanceOf(JobConfigException.class)
        .hasMessageContaining("churn.min.veiws: unknown setting (did you mean churn.min-views?)");
    assertThatThrownBy(() -> JobConfig.fromArgs(new String[0], Map.of("CARTPULSE_SURGE_MIN_VEIWS", "5")))
        .hasMessageContaining("CARTPULSE_SURGE_MIN_VEIWS: unknown environment variable "
            + "(did you mean CARTPULSE_SURGE_MIN_VIEWS?)");
  }

  @Test
  void theStreamsAppsRuleKeysAreAcceptedAndLeftToIt() {
    JobConfig config = JobConfig.from(Map.of("cross-sell.max-gap", "PT2M", "coupon.tiers", "100"));
    assertThat(config.settingsInForce().get(io.cartpulse.rules.RuleCatalog.COUPON_TIERS)).containsExactly(10_000L);
    assertThat(JobConfig.knows("cross-sell.max-gap")).isTrue();
    assertThat(JobConfig.knows("kafka.security.protocol")).isTrue();
    assertThat(JobConfig.knows("num.stream.threads")).isFalse();
  }
}
