package io.cartpulse.flink;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** An in-process Flink cluster (MiniCluster) that listens on loopback only and never restarts a failed job. */
public final class LocalCluster {
  private LocalCluster() {}

  /** REST, RPC and data ports on 127.0.0.1 (free ports), restart strategy none. */
  public static Configuration loopbackConfiguration() {
    Configuration conf = new Configuration();
    conf.set(RestOptions.ADDRESS, "127.0.0.1");
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(RestOptions.BIND_PORT, "0");
    conf.set(JobManagerOptions.ADDRESS, "127.0.0.1");
    conf.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
    conf.set(TaskManagerOptions.HOST, "127.0.0.1");
    conf.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    return conf;
  }

  /** A local environment on such a cluster, started when the job is executed. */
  public static StreamExecutionEnvironment environment(int parallelism) {
    return StreamExecutionEnvironment.createLocalEnvironment(parallelism, loopbackConfiguration());
  }
}
