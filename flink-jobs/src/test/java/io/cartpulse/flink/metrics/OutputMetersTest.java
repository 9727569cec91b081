package io.cartpulse.flink.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.PvUvPoint;
import io.cartpulse.flink.LocalCluster;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.groups.AbstractMetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;

/**
 * The metering steps in front of the alerts and pvuv sinks, on a local cluster with an in-memory
 * metric reporter: the values and the groups a Prometheus reporter turns into names and labels.
 */
class OutputMetersTest {

  @Test
  void alertsAreCountedByTypeAndTheLatestPvUvPointOfEachDimensionIsAGauge() throws Exception {
    InMemoryReporter reporter = InMemoryReporter.createWithRetainedMetrics();
    Configuration conf = reporter.addToConfiguration(LocalCluster.loopbackConfiguration());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
    env.fromData(List.of(alert(AlertType.CHURN_RISK), alert(AlertType.TRAFFIC_SURGE), alert(AlertType.CHURN_RISK)),
            new AvroTypeInfo<>(Alert.class))
        .map(new AlertsByTypeMeter(), new AvroTypeInfo<>(Alert.class)).name("alerts-meter")
        .sinkTo(new DiscardingSink<>());
    env.fromData(List.of(point("all", 10, 4), point("electronics", 3, 2), point("all", 12, 5)),
            new AvroTypeInfo<>(PvUvPoint.class))
        .map(new PvUvMeter(), new AvroTypeInfo<>(PvUvPoint.class)).name("pvuv-meter")
        .sinkTo(new DiscardingSink<>());

    env.execute("output-meters");

    Map<String, Long> alerts = new HashMap<>();
    Map<String, Object> pv = new HashMap<>();
    Map<String, Object> uv = new HashMap<>();
    for (Map.Entry<MetricGroup, Map<String, Metric>> group : reporter.getMetricsByGroup().entrySet()) {
      Map<String, String> variables = group.getKey().getAllVariables();
      Map<String, Metric> metrics = group.getValue();
      if (metrics.get(AlertsByTypeMeter.COUNTER) instanceof Counter counter) {
        assertThat(logicalScope(group.getKey())).isEqualTo("taskmanager_job_task_operator_alert_type");
        alerts.merge(variables.get("<" + AlertsByTypeMeter.TYPE_KEY + ">"), counter.getCount(), Long::sum);
      }
      if (metrics.get(PvUvMeter.PV) instanceof Gauge<?> gauge) {
        assertThat(logicalScope(group.getKey())).isEqualTo("taskmanager_job_task_operator_dimension");
        pv.put(variables.get("<" + PvUvMeter.DIMENSION_KEY + ">"), gauge.getValue());
        uv.put(variables.get("<" + PvUvMeter.DIMENSION_KEY + ">"), ((Gauge<?>) metrics.get(PvUvMeter.UV)).getValue());
      }
    }
    assertThat(alerts).containsExactlyInAnyOrderEntriesOf(Map.of("CHURN_RISK", 2L, "TRAFFIC_SURGE", 1L));
    assertThat(pv).containsExactlyInAnyOrderEntriesOf(Map.of("all", 12L, "electronics", 3L));
    assertThat(uv).containsExactlyInAnyOrderEntriesOf(Map.of("all", 5L, "electronics", 2L));
  }

  /** What the Prometheus reporter prefixes with "flink_" and suffixes with "_" + the metric name. */
  private static String logicalScope(MetricGroup group) {
    // The in-memory reporter keeps the runtime's own group (unwrapped), which computes the logical scope.
    return ((AbstractMetricGroup<?>) group).getLogicalScope(name -> name, '_');
  }

  private static Alert alert(AlertType type) {
    return Alert.newBuilder().setAlertId(type + "-id").setType(type).setEventTime(Instant.EPOCH)
        .setDetectedAt(Instant.EPOCH).setSource("flink-jobs").setMessage("m").build();
  }

  private static PvUvPoint point(String dimension, long pv, long uv) {
    return PvUvPoint.newBuilder().setDay("2019-10-01").setWindowEnd(Instant.EPOCH).setDimension(dimension)
        .setPv(pv).setUv(uv).build();
  }
}
