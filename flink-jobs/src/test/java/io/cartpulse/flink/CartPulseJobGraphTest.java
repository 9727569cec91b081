package io.cartpulse.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartpulse.flink.config.JobConfig;
import io.cartpulse.flink.config.JobConfigException;
import java.util.Collection;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/** The live job's graph, built without running it: uids, names, checkpointing, state backend. */
class CartPulseJobGraphTest {
  static final JobConfig CONFIG = JobConfig.from(Map.of(
      "bootstrap.servers", "127.0.0.1:9",
      "schema.registry.url", "mock://graph-test",
      "parallelism", "3",
      "checkpoint.interval.ms", "5000",
      "checkpoint.dir", "file:///tmp/cartpulse-checkpoints"));

  static StreamGraph wire(JobConfig config) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    CartPulseJob.wireKafka(env, config);
    return env.getStreamGraph(false);
  }

  @Test
  void everyOperatorHasAStableUidAndAName() {
    Collection<StreamNode> nodes = wire(CONFIG).getStreamNodes();

    assertThat(nodes).isNotEmpty();
    // Sinks show as writer/committer nodes whose uids Flink derives from the sink's uid.
    assertThat(nodes).allSatisfy(node -> {
      assertThat(node.getTransformationUID()).as(node.getOperatorName()).isNotBlank();
      assertThat(node.getOperatorName()).isNotBlank();
    });
    assertThat(nodes).extracting(StreamNode::getTransformationUID).doesNotHaveDuplicates().contains(
        "clickstream-source", "click-router", "to-click", "churn-window-assigner", "churn-signal-time",
        "churn-risk-cep", "traffic-surge", "pvuv-dimensions", "pvuv-curves", "alerts-meter", "pvuv-meter");
  }

  @Test
  void theGlobalSurgeCountRunsOnOneSubtaskAndTheRestAtTheConfiguredParallelism() {
    Collection<StreamNode> nodes = wire(CONFIG).getStreamNodes();
    assertThat(nodes).filteredOn(n -> "traffic-surge".equals(n.getTransformationUID()))
        .singleElement().satisfies(n -> assertThat(n.getParallelism()).isEqualTo(1));
    assertThat(nodes).filteredOn(n -> "churn-risk-cep".equals(n.getTransformationUID()))
        .singleElement().satisfies(n -> assertThat(n.getParallelism()).isEqualTo(3));
  }

  @Test
  void checkpointsAreExactlyOnceOnRocksDb() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    CartPulseJob.wireKafka(env, CONFIG);

    assertThat(env.getCheckpointConfig().getCheckpointingConsistencyMode()).isEqualTo(CheckpointingMode.EXACTLY_ONCE);
    assertThat(env.getCheckpointConfig().getCheckpointInterval()).isEqualTo(5000);
    assertThat(env.getConfiguration().get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
    assertThat(env.getConfiguration().get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
        .isEqualTo("file:///tmp/cartpulse-checkpoints");
    assertThat(env.getParallelism()).isEqualTo(3);
    // A job started again restores from the latest retained checkpoint; key groups fixed for rescaling.
    assertThat(env.getCheckpointConfig().getExternalizedCheckpointRetention())
        .isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    assertThat(env.getMaxParallelism()).isEqualTo(128);
  }

  @Test
  void theJobGraphSerializes() {
    assertThat(wire(CONFIG).getJobGraph().getNumberOfVertices()).isPositive();
  }

  @Test
  void thePlainChurnFunctionCanReplaceCep() {
    Collection<StreamNode> nodes = wire(CONFIG.with(JobConfig.CHURN_IMPLEMENTATION, "process")).getStreamNodes();
    assertThat(nodes).extracting(StreamNode::getTransformationUID)
        .contains("churn-risk-process").doesNotContain("churn-window-assigner", "churn-signal-time", "churn-risk-cep");
  }

  @Test
  void mainRejectsAMissingBrokerWithTheKeyNamed() {
    assertThatThrownBy(() -> CartPulseJob.main(new String[] {"--schema.registry.url", "mock://main-test"}))
        .isInstanceOf(JobConfigException.class).hasMessageContaining("bootstrap.servers");
    assertThatThrownBy(() -> CartPulseJob.main(new String[] {"--bootstrap.servers", "h:9092",
        "--schema.registry.url", "mock://main-test", "--surge.factor", "three"}))
        .isInstanceOf(JobConfigException.class).hasMessageContaining("surge.factor");
  }

  @Test
  void kafkaWiringNeedsABrokerAndARegistry() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    assertThatThrownBy(() -> CartPulseJob.wireKafka(env, JobConfig.defaultConfig()))
        .isInstanceOf(JobConfigException.class).hasMessageContaining("bootstrap.servers");
  }
}
