package io.cartpulse.bench.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.rules.RuleCatalog;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class LiveRunTest {

  @Test
  void configSettingsReachBothEnginesButTheBenchmarksOwnSettingsWin() {
    Properties config = new Properties();
    config.setProperty("churn.implementation", "process");
    config.setProperty(RuleCatalog.CART_ABANDONMENT_DELAY.key(), "PT30M");
    config.setProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "5000");

    Properties overrides = LiveRun.overrides(LiveBenchPlan.full(), config);

    assertThat(overrides)
        .containsEntry("churn.implementation", "process")
        .containsEntry(RuleCatalog.CART_ABANDONMENT_DELAY.key(), LiveBenchPlan.ABANDONMENT_DELAY.toString())
        .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
            String.valueOf(LiveBenchPlan.DEFAULT_COMMIT_INTERVAL_MS));
    assertThat(config).containsEntry(RuleCatalog.CART_ABANDONMENT_DELAY.key(), "PT30M");
  }
}
