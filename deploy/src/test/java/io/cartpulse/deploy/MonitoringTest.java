package io.cartpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartpulse.avro.AlertType;
import io.cartpulse.flink.io.ClickRouter;
import io.cartpulse.flink.metrics.AlertsByTypeMeter;
import io.cartpulse.flink.metrics.PvUvMeter;
import io.cartpulse.streams.config.StreamsAppConfig;
import io.cartpulse.streams.http.StreamsAppHttp;
import io.cartpulse.streams.metrics.StreamsAppMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Prometheus scrapes what the engines serve, and every CartPulse metric the Grafana dashboard
 * queries is one the code exports (names computed from the code, not listed here).
 */
class MonitoringTest {
  private final ComposeFile compose = ComposeFile.load();
  private final Map<String, Object> prometheus = Repo.yaml("compose/prometheus/prometheus.yml");

  private Map<String, Object> job(String name) {
    List<Map<String, Object>> jobs = Repo.cast(prometheus.get("scrape_configs"));
    return jobs.stream().filter(j -> name.equals(j.get("job_name"))).findFirst()
        .orElseThrow(() -> new AssertionError("prometheus.yml has no job " + name));
  }

  @Test
  void prometheusScrapesTheStreamsAppHttpEndpointOfEveryReplica() {
    Map<String, Object> job = job("streams-app");
    Map<String, String> env = ComposeFile.environment(compose.service("streams-app"));
    assertThat(job.getOrDefault("metrics_path", "/metrics")).isEqualTo(StreamsAppHttp.METRICS);
    List<Map<String, Object>> discovery = Repo.cast(job.get("dns_sd_configs"));
    assertThat(discovery).singleElement().satisfies(sd -> {
      assertThat(sd.get("names")).isEqualTo(List.of("streams-app"));
      assertThat(String.valueOf(sd.get("port")))
          .isEqualTo(env.get(StreamsAppConfig.envName(StreamsAppConfig.HTTP_PORT)));
    });
  }

  @Test
  void prometheusScrapesTheFlinkReporterPortOnJobManagerAndTaskManagers() {
    Map<String, String> flink = ComposeFile.flinkProperties(compose.service("taskmanager"));
    List<Map<String, Object>> discovery = Repo.cast(job("flink").get("dns_sd_configs"));
    assertThat(discovery).singleElement().satisfies(sd -> {
      assertThat(Repo.<List<String>>cast(sd.get("names"))).containsExactlyInAnyOrder("jobmanager", "taskmanager");
      assertThat(String.valueOf(sd.get("port"))).isEqualTo(flink.get("metrics.reporter.prom.port"));
    });
    assertThat(compose.services()).containsKeys("jobmanager", "taskmanager");
  }

  @Test
  void grafanaGetsThePrometheusServiceAsDataSourceAndTheDashboard() {
    Map<String, Object> datasources = Repo.yaml("compose/grafana/provisioning/datasources/prometheus.yml");
    List<Map<String, Object>> list = Repo.cast(datasources.get("datasources"));
    assertThat(list).singleElement().satisfies(ds -> {
      assertThat(ds.get("url")).isEqualTo("http://prometheus:9090");
      assertThat(ds.get("uid")).isEqualTo("cartpulse-prometheus");
    });
    List<Object> volumes = Repo.cast(compose.service("grafana").get("volumes"));
    assertThat(volumes).contains("./grafana/provisioning:/etc/grafana/provisioning:ro",
        "./grafana/dashboards:/var/lib/grafana/dashboards:ro");
    Map<String, Object> providers = Repo.yaml("compose/grafana/provisioning/dashboards/cartpulse.yml");
    assertThat(Repo.at(Repo.<List<Map<String, Object>>>cast(providers.get("providers")).get(0), "options.path"))
        .isEqualTo("/var/lib/grafana/dashboards");
  }

  @Test
  void everyCartPulseMetricTheDashboardQueriesIsExported() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(Repo.read("compose/grafana/dashboards/cartpulse.json"));
    List<String> expressions = new ArrayList<>();
    for (JsonNode panel : dashboard.get("panels")) {
      assertThat(panel.at("/datasource/uid").asText()).isEqualTo("cartpulse-prometheus");
      panel.get("targets").forEach(target -> expressions.add(target.get("expr").asText()));
    }
    Set<String> streamsNames = streamsAppMetricNames();
    Set<String> flinkNames = flinkMetricNames();
    Set<String> used = new LinkedHashSet<>();
    Matcher names = Pattern.compile("\\b(cartpulse_[a-z_]+|flink_taskmanager_job_task_operator_[A-Za-z_]+)")
        .matcher(String.join("\n", expressions));
    while (names.find()) {
      used.add(names.group(1));
    }
    assertThat(used).as("CartPulse metrics on the dashboard").isNotEmpty().allSatisfy(name -> {
      if (name.startsWith("cartpulse_")) {
        assertThat(streamsNames).contains(name);
      } else if (!name.equals("flink_taskmanager_job_task_operator_pendingRecords")) {
        assertThat(flinkNames).contains(name);
      }
    });
    // The panels the README promises: alerts per type, lag, dead letters, latency, PV/UV.
    assertThat(String.join("\n", expressions)).contains("cartpulse_alerts_emitted_total", "cartpulse_clock_lag_seconds",
        "cartpulse_dlq_records_total", "cartpulse_alert_latency_seconds_bucket", "_dimension_pv", "_dimension_uv");
  }

  /** What /metrics of the streams-app exports, from a scrape of its metrics after one alert. */
  private static Set<String> streamsAppMetricNames() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (StreamsAppMetrics metrics = new StreamsAppMetrics(registry)) {
      metrics.alertEmitted(AlertType.CROSS_SELL, 2, 1);
      Set<String> names = new LinkedHashSet<>();
      for (String line : metrics.scrape().split("\n")) {
        if (!line.startsWith("#") && !line.isBlank()) {
          names.add(line.split("[{ ]", 2)[0]);
        }
      }
      return names;
    }
  }

  /** The Prometheus reporter's names: "flink_" + logical scope + "_" + metric name. */
  private static Set<String> flinkMetricNames() {
    String operator = "flink_taskmanager_job_task_operator_";
    return Set.of(operator + AlertsByTypeMeter.TYPE_KEY + "_" + AlertsByTypeMeter.COUNTER,
        operator + PvUvMeter.DIMENSION_KEY + "_" + PvUvMeter.PV,
        operator + PvUvMeter.DIMENSION_KEY + "_" + PvUvMeter.UV,
        operator + ClickRouter.INVALID_METRIC,
        operator + ClickRouter.LATE_METRIC);
  }
}
