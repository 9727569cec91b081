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

  @Test
  void theStreamThreadsComeFromTheConfigElseTheLocalStackDefault() {
    Properties config = new Properties();
    assertThat(LiveRun.streamThreads(config)).isEqualTo(2);
    config.setProperty(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1");
    assertThat(LiveRun.streamThreads(config)).isEqualTo(1);
    assertThat(LiveRun.settings(java.nio.file.Path.of("run"), LiveBenchPlan.quick(), config).streamThreads()).isEqualTo(1);
  }

  @Test
  void eachEngineIsChargedPerEventItGotThrough() {
    // Streams: committed lag 1,000 -> 500 while 10,000 more were produced in 2 s: 10,500 processed.
    ConsumerLag.Sample first = new ConsumerLag.Sample(0, 20_000, 1_000, 4_000, 100, 0);
    ConsumerLag.Sample last = new ConsumerLag.Sample(2_000_000_000L, 30_000, 500, 9_000, 50, 2_000);

    LiveRun.PerEvent perEvent = LiveRun.PerEvent.between(first, last, 5_000);

    assertThat(perEvent.streamsProcessed()).isEqualTo(5_250.0);
    assertThat(perEvent.flinkProcessed()).as("by the fetch position, not the checkpointed offsets").isEqualTo(4_000.0);
    assertThat(LiveRun.PerEvent.between(first, new ConsumerLag.Sample(2_000_000_000L, 30_000, 500, 9_000, 50, -1), 5_000)
        .flinkProcessed()).isNaN();
  }
}
