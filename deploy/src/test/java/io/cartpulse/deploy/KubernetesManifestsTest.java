package io.cartpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.flink.CartPulseJob;
import io.cartpulse.flink.config.JobConfig;
import io.cartpulse.streams.CartPulseStreamsApp;
import io.cartpulse.streams.config.StreamsAppConfig;
import io.cartpulse.streams.http.StreamsAppHttp;
import io.cartpulse.streams.http.StreamsHealth;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigConstants;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes/ against the code, statically (no cluster): the streams-app StatefulSet with
 * its headless Service, probes and disruption budget, and the FlinkDeployment of the operator.
 */
class KubernetesManifestsTest {
  private final Map<String, Map<String, Object>> streams = byKind("deploy/kubernetes/streams-app.yaml");
  private final Map<String, Object> flink = Repo.yaml("deploy/kubernetes/flink-deployment.yaml");

  private static Map<String, Map<String, Object>> byKind(String file) {
    Map<String, Map<String, Object>> kinds = new LinkedHashMap<>();
    for (Map<String, Object> document : Repo.yamlDocuments(file)) {
      assertThat(kinds.put(String.valueOf(document.get("kind")), document)).as("one %s", document.get("kind")).isNull();
    }
    return kinds;
  }

  private Map<String, Object> container() {
    List<Map<String, Object>> containers = Repo.cast(Repo.at(streams.get("StatefulSet"), "spec.template.spec.containers"));
    assertThat(containers).hasSize(1);
    return containers.get(0);
  }

  /** The container's plain env values, $(VAR) references resolved the way the kubelet does for one pod. */
  private Map<String, String> podEnvironment(String podName) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("POD_NAME", podName);
    env.put("POD_NAMESPACE", "shop");
    for (Map<String, Object> variable : Repo.<List<Map<String, Object>>>cast(container().get("env"))) {
      Object value = variable.get("value");
      if (value != null) {
        Matcher ref = Pattern.compile("\\$\\((\\w+)\\)").matcher(String.valueOf(value));
        StringBuilder resolved = new StringBuilder();
        while (ref.find()) {
          ref.appendReplacement(resolved, Matcher.quoteReplacement(env.getOrDefault(ref.group(1), ref.group())));
        }
        env.put(String.valueOf(variable.get("name")), ref.appendTail(resolved).toString());
      }
    }
    return env;
  }

  @Test
  void theStatefulSetIsServedByAHeadlessServiceAndGuardedByADisruptionBudget() {
    assertThat(streams).containsOnlyKeys("Service", "StatefulSet", "PodDisruptionBudget");
    Map<String, Object> service = streams.get("Service");
    Map<String, Object> set = streams.get("StatefulSet");
    Map<String, Object> labels = Repo.cast(Repo.at(set, "spec.template.metadata.labels"));
    assertThat(Repo.at(service, "spec.clusterIP")).isEqualTo("None");
    assertThat(Repo.at(set, "spec.serviceName")).isEqualTo(Repo.at(service, "metadata.name"));
    assertThat(labels).containsAllEntriesOf(Repo.cast(Repo.at(service, "spec.selector")))
        .containsAllEntriesOf(Repo.cast(Repo.at(set, "spec.selector.matchLabels")))
        .containsAllEntriesOf(Repo.cast(Repo.at(streams.get("PodDisruptionBudget"), "spec.selector.matchLabels")));
    assertThat((Integer) Repo.at(set, "spec.replicas")).isGreaterThanOrEqualTo(2);
    assertThat(Repo.at(streams.get("PodDisruptionBudget"), "spec.maxUnavailable")).isEqualTo(1);
    assertThat(Repo.at(set, "spec.template.spec.securityContext.runAsNonRoot")).isEqualTo(true);
  }

  @Test
  void everyPodHasAStableApplicationServerAndAValidStreamsAppConfiguration() {
    Set<String> known = new LinkedHashSet<>(StreamsAppConfig.envNames().keySet());
    known.add(CartPulseStreamsApp.CONFIG_FILE_ENV);
    Map<String, String> env = podEnvironment("streams-app-2");
    env.keySet().stream().filter(name -> name.startsWith("CARTPULSE_"))
        .forEach(name -> assertThat(known).as("%s is a streams-app setting", name).contains(name));

    StreamsAppConfig config = StreamsAppConfig.load(new Properties(), env);

    String service = String.valueOf(Repo.at(streams.get("Service"), "metadata.name"));
    assertThat(config.kafka().get(StreamsConfig.APPLICATION_SERVER_CONFIG))
        .isEqualTo("streams-app-2." + service + ".shop.svc.cluster.local:" + config.http().port());
    assertThat(config.http().bindAddress()).isEqualTo("0.0.0.0");
    assertThat(Integer.parseInt(config.kafka().get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG))).isGreaterThanOrEqualTo(1);
    assertThat(config.kafka()).containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    List<Map<String, Object>> mounts = Repo.cast(container().get("volumeMounts"));
    List<Map<String, Object>> claims = Repo.cast(Repo.at(streams.get("StatefulSet"), "spec.volumeClaimTemplates"));
    assertThat(mounts).anySatisfy(mount -> {
      assertThat(mount.get("mountPath")).isEqualTo(config.kafka().get(StreamsConfig.STATE_DIR_CONFIG));
      assertThat(mount.get("name")).isEqualTo(Repo.at(claims.get(0), "metadata.name"));
    });
  }

  @Test
  void probesAndScrapingUseTheHealthAndMetricsRoutesOnTheHttpPort() {
    StreamsAppConfig config = StreamsAppConfig.load(new Properties(), podEnvironment("streams-app-0"));
    Map<String, Object> container = container();
    List<Map<String, Object>> ports = Repo.cast(container.get("ports"));
    assertThat(ports).singleElement().satisfies(port -> {
      assertThat(port.get("name")).isEqualTo("http");
      assertThat(port.get("containerPort")).isEqualTo(config.http().port());
    });
    assertThat(Repo.at(container, "readinessProbe.httpGet.path")).isEqualTo(StreamsHealth.READY);
    assertThat(Repo.at(container, "livenessProbe.httpGet.path")).isEqualTo(StreamsHealth.LIVE);
    assertThat(Repo.at(container, "startupProbe.httpGet.path")).isEqualTo(StreamsHealth.LIVE);
    for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
      assertThat(Repo.at(container, probe + ".httpGet.port")).as(probe).isEqualTo("http");
    }
    Map<String, Object> annotations = Repo.cast(Repo.at(streams.get("StatefulSet"), "spec.template.metadata.annotations"));
    assertThat(annotations).containsEntry("prometheus.io/path", StreamsAppHttp.METRICS)
        .containsEntry("prometheus.io/port", String.valueOf(config.http().port()));
    assertThat(Repo.at(streams.get("Service"), "spec.ports")).asList().singleElement()
        .satisfies(port -> assertThat(((Map<?, ?>) port).get("port")).isEqualTo(config.http().port()));
  }

  @Test
  void theFlinkDeploymentRunsTheJobJarOfTheImageInApplicationModeWithSavepointUpgrades() {
    assertThat(flink.get("apiVersion")).isEqualTo("flink.apache.org/v1beta1");
    assertThat(flink.get("kind")).isEqualTo("FlinkDeployment");
    Matcher version = Pattern.compile("<flink.version>(\\d+)\\.(\\d+)\\.").matcher(Repo.read("pom.xml"));
    assertThat(version.find()).isTrue();
    assertThat(Repo.at(flink, "spec.flinkVersion")).isEqualTo("v" + version.group(1) + "_" + version.group(2));
    String jar = String.valueOf(Repo.at(flink, "spec.job.jarURI"));
    assertThat(jar).startsWith("local://");
    assertThat(Repo.read("flink-jobs/Dockerfile")).contains(jar.substring("local://".length()));
    assertThat(Repo.at(flink, "spec.job.entryClass")).isEqualTo(CartPulseJob.class.getName());
    assertThat(Repo.at(flink, "spec.job.upgradeMode")).isEqualTo("savepoint");
    assertThat(Repo.at(flink, "spec.job.state")).isEqualTo("running");
    assertThat(Repo.at(flink, "spec.mode")).as("application mode is the default; no session").isNull();
  }

  @Test
  void theJobArgumentsAreJobConfigKeysAndAgreeWithTheDeployment() {
    List<String> args = Repo.cast(Repo.at(flink, "spec.job.args"));
    for (int i = 0; i < args.size(); i += 2) {
      assertThat(args.get(i)).startsWith("--");
      assertThat(JobConfig.keys()).as("job argument %s", args.get(i)).contains(args.get(i).substring(2));
    }
    JobConfig config = JobConfig.fromArgs(args.toArray(String[]::new), Map.of()).requireKafka();
    assertThat(config.parallelism()).as("--parallelism wins over spec.job.parallelism in the job; keep them equal")
        .isEqualTo(Repo.at(flink, "spec.job.parallelism"));
    Map<String, String> conf = flinkConfiguration();
    assertThat(config.checkpointDir()).isEqualTo(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY.key()));
  }

  @Test
  void checkpointsAndSavepointsGoToTheSharedVolumeAndEveryKeyIsAFlinkOption() {
    Map<String, String> conf = flinkConfiguration();
    conf.forEach((key, value) -> assertThat(FlinkOptions.problem(key, value, conf)).as(key).isNull());
    assertThat(conf).containsKeys(CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(),
        CheckpointingOptions.SAVEPOINT_DIRECTORY.key(),
        ConfigConstants.METRICS_REPORTER_PREFIX + "prom.factory.class");
    List<Map<String, Object>> containers = Repo.cast(Repo.at(flink, "spec.podTemplate.spec.containers"));
    List<Map<String, Object>> mounts = Repo.cast(containers.get(0).get("volumeMounts"));
    for (String key : List.of(CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(),
        CheckpointingOptions.SAVEPOINT_DIRECTORY.key(), "high-availability.storageDir")) {
      String dir = conf.get(key);
      if (dir.startsWith("file://")) {
        assertThat(mounts).as("%s %s is on a mounted volume", key, dir)
            .anySatisfy(mount -> assertThat(dir.substring("file://".length())).startsWith(String.valueOf(mount.get("mountPath"))));
      } else {
        assertThat(dir).as(key).matches("(s3|s3a|s3p|gs|abfss?|wasbs?|oss|hdfs)://.+");
      }
    }
    assertThat(Repo.at(flink, "spec.podTemplate.metadata.annotations"))
        .isEqualTo(Map.of("prometheus.io/scrape", "true", "prometheus.io/port", conf.get("metrics.reporter.prom.port")));
    String claim = String.valueOf(Repo.<List<Map<String, Object>>>cast(Repo.at(flink, "spec.podTemplate.spec.volumes"))
        .get(0).get("persistentVolumeClaim") instanceof Map<?, ?> pvc ? pvc.get("claimName") : null);
    assertThat(Repo.at(Repo.yaml("deploy/kubernetes/flink-data-pvc.yaml"), "metadata.name")).isEqualTo(claim);
    assertThat(Repo.at(Repo.yaml("deploy/kubernetes/flink-data-pvc.yaml"), "spec.accessModes"))
        .isEqualTo(List.of("ReadWriteMany"));
  }

  private Map<String, String> flinkConfiguration() {
    Map<String, String> conf = new LinkedHashMap<>();
    Repo.<Map<String, Object>>cast(Repo.at(flink, "spec.flinkConfiguration"))
        .forEach((key, value) -> conf.put(key, String.valueOf(value)));
    return conf;
  }
}
