package io.cartpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.cartpulse.dashboard.DashboardApp;
import io.cartpulse.dashboard.DashboardConfig;
import io.cartpulse.flink.CartPulseJob;
import io.cartpulse.flink.config.JobConfig;
import io.cartpulse.local.kafka.LocalTopics;
import io.cartpulse.registry.RegistryConfig;
import io.cartpulse.streams.CartPulseStreamsApp;
import io.cartpulse.streams.config.StreamsAppConfig;
import io.cartpulse.streams.http.StreamsHealth;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.server.config.AbstractKafkaConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * compose/docker-compose.yml against the code: every setting it passes is one the code defines
 * (and a valid value), every topic one the tools create, every class one that exists. The names
 * come from the code (StreamsAppConfig, JobConfig, Topics, the tools' usage), never from a list
 * here, so that renaming a setting in the code fails this test until compose follows.
 */
class ComposeTest {
  private final ComposeFile compose = ComposeFile.load();

  @Test
  void envExampleAndTheComposeFileNameTheSameVariablesWithTheSameDefaults() {
    Map<String, Set<String>> references = compose.references();
    assertThat(compose.envExample.keySet()).as("variables of .env.example")
        .containsExactlyInAnyOrderElementsOf(references.keySet());
    references.forEach((variable, defaults) -> assertThat(defaults).as("defaults of %s", variable)
        .allSatisfy(d -> assertThat(d).isEqualTo(compose.envExample.get(variable))));
  }

  @Test
  void everyServiceIsThereBuildsFromTheRepositoryRootAndPinsItsImages() {
    assertThat(compose.services()).containsKeys("kafka", "schema-registry", "init", "streams-app", "jobmanager",
        "taskmanager", "flink-submit", "generator", "prometheus", "grafana", "dashboard");
    Map<String, String> built = new LinkedHashMap<>();
    compose.services().forEach((name, service) -> {
      if (service.get("build") instanceof Map<?, ?> build) {
        assertThat(Repo.path("compose").resolve(String.valueOf(build.get("context"))).normalize())
            .as("%s: build context", name).isEqualTo(Repo.ROOT);
        String dockerfile = String.valueOf(build.get("dockerfile"));
        assertThat(Files.isRegularFile(Repo.path(dockerfile))).as("%s: %s", name, dockerfile).isTrue();
        built.put(String.valueOf(service.get("image")), dockerfile);
      }
    });
    compose.services().forEach((name, service) -> {
      String image = String.valueOf(service.get("image"));
      if (image.startsWith("cartpulse/")) {
        assertThat(built).as("%s: image %s is built by a service", name, image).containsKey(image);
      } else {
        assertThat(image).as("%s: third-party image pinned", name).contains(":").doesNotEndWith(":latest");
      }
    });
  }

  @Test
  void publishedPortsListenOnLoopbackOnly() {
    compose.services().forEach((name, service) -> {
      for (Object port : (List<?>) service.getOrDefault("ports", List.of())) {
        assertThat(String.valueOf(port)).as("%s publishes %s", name, port).startsWith("127.0.0.1:");
      }
    });
  }

  @Test
  void startOrderWaitsOnHealthChecksAndOneShotsThatDoNotRestart() {
    Map<String, Map<String, Object>> services = compose.services();
    services.forEach((name, service) -> {
      boolean oneShot = "no".equals(service.get("restart"));
      if (!oneShot) {
        assertThat(hasHealthCheck(service)).as("%s: a long-running service needs a health check", name).isTrue();
      }
      Object depends = service.getOrDefault("depends_on", Map.of());
      assertThat(depends).as("%s: depends_on names a condition per service", name).isInstanceOf(Map.class);
      ((Map<?, ?>) depends).forEach((target, condition) -> {
        assertThat(services).as("%s depends on", name).containsKey(String.valueOf(target));
        String wanted = String.valueOf(((Map<?, ?>) condition).get("condition"));
        Map<String, Object> other = services.get(String.valueOf(target));
        if (wanted.equals("service_healthy")) {
          assertThat(hasHealthCheck(other)).as("%s waits for %s to be healthy", name, target).isTrue();
        } else {
          assertThat(wanted).as("%s -> %s", name, target).isEqualTo("service_completed_successfully");
          assertThat(other.get("restart")).as("%s waits for %s to complete", name, target).isEqualTo("no");
        }
      });
    });
  }

  private static boolean hasHealthCheck(Map<String, Object> service) {
    Object check = service.get("healthcheck");
    if (check instanceof Map<?, ?> map) {
      return !Boolean.TRUE.equals(map.get("disable"));
    }
    return false;
  }

  @Test
  void healthCheckScriptsAreCreatedByTheImageTheServiceRuns() {
    Map<String, String> dockerfileOfImage = new LinkedHashMap<>();
    compose.services().values().stream().filter(s -> s.get("build") instanceof Map)
        .forEach(s -> dockerfileOfImage.put(String.valueOf(s.get("image")),
            String.valueOf(((Map<?, ?>) s.get("build")).get("dockerfile"))));
    compose.services().forEach((name, service) -> {
      Object test = service.get("healthcheck") instanceof Map<?, ?> hc ? hc.get("test") : null;
      if (test instanceof List<?> words) {
        for (Object word : words) {
          String token = String.valueOf(word);
          if (token.startsWith("/app/") || token.startsWith("/opt/flink/bin/cartpulse")) {
            String dockerfile = dockerfileOfImage.get(String.valueOf(service.get("image")));
            assertThat(dockerfile).as("%s runs an image built here", name).isNotNull();
            assertThat(Dockerfile.parse(dockerfile, Repo.read(dockerfile)).heredocTargets())
                .as("%s: %s created by %s", name, token, dockerfile).contains(token);
          }
        }
      }
    });
  }

  @Test
  void theStreamsAppEnvironmentIsMadeOfStreamsAppSettingsWithValidValues() {
    Map<String, Object> service = compose.service("streams-app");
    Map<String, String> env = ComposeFile.environment(service);
    Set<String> known = StreamsAppConfig.envNames().keySet();
    assertThat(env.keySet()).as("variables the streams-app reads (StreamsAppConfig.envNames())")
        .allSatisfy(variable -> assertThat(known).contains(variable));
    // The entrypoint sets application.server per replica; load what one replica would get.
    Map<String, String> replica = new LinkedHashMap<>(env);
    replica.put(StreamsAppConfig.envName(StreamsConfig.APPLICATION_SERVER_CONFIG), "streams-app-1:"
        + env.getOrDefault(StreamsAppConfig.envName(StreamsAppConfig.HTTP_PORT), "7070"));
    StreamsAppConfig config = StreamsAppConfig.load(new Properties(), replica);

    assertThat(config.kafka()).containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(Integer.parseInt(config.kafka().getOrDefault(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "0")))
        .as("num.standby.replicas").isGreaterThanOrEqualTo(1);
    assertThat(List.of(config.topics().input(), config.topics().alerts(), config.topics().dlq()))
        .isSubsetOf(LocalTopics.PIPELINE);
    assertThat(config.http().port()).isEqualTo(7070);
    assertThat(service.get("container_name")).as("container_name prevents scaling").isNull();
    assertThat(Repo.at(service, "deploy.replicas")).isNotNull();
  }

  @Test
  void theStreamsAppImageReadsOnlyStreamsAppSettingsAndServesItsHealthOnTheHttpPort() {
    String dockerfile = Repo.read("streams-app/Dockerfile");
    Set<String> readable = new LinkedHashSet<>(StreamsAppConfig.envNames().keySet());
    readable.add(CartPulseStreamsApp.CONFIG_FILE_ENV);
    Matcher variables = Pattern.compile("\\bCARTPULSE_[A-Z0-9_]+").matcher(dockerfile);
    while (variables.find()) {
      assertThat(readable).as("streams-app/Dockerfile names %s", variables.group()).contains(variables.group());
    }
    assertThat(dockerfile).contains(StreamsHealth.READY).contains(StreamsAppConfig.envName(StreamsAppConfig.HTTP_PORT))
        .contains(StreamsAppConfig.envName(StreamsAppConfig.HTTP_BIND_ADDRESS) + "=0.0.0.0");
  }

  @Test
  void theDashboardEnvironmentIsMadeOfDashboardSettingsAndReachesTheStreamsAppItServesProductsFrom() {
    Map<String, Object> service = compose.service("dashboard");
    Map<String, String> env = ComposeFile.environment(service);
    assertThat(env.keySet()).as("variables the dashboard reads (DashboardConfig.envNames())")
        .allSatisfy(variable -> assertThat(DashboardConfig.envNames()).containsKey(variable));
    DashboardConfig config = DashboardConfig.load(new Properties(), env);
    Map<String, String> streamsApp = ComposeFile.environment(compose.service("streams-app"));
    assertThat(config.streamsUrl())
        .isEqualTo("http://streams-app:" + streamsApp.get(StreamsAppConfig.envName(StreamsAppConfig.HTTP_PORT)));
    assertThat(String.valueOf(((List<?>) service.get("ports")).get(0))).endsWith(":" + config.port());
    String dockerfile = Repo.read("dashboard/Dockerfile");
    Matcher variables = Pattern.compile("\\bCARTPULSE_[A-Z0-9_]+").matcher(dockerfile);
    while (variables.find()) {
      assertThat(variables.group().equals(DashboardApp.CONFIG_FILE_ENV)
          || DashboardConfig.envNames().containsKey(variables.group())).as("dashboard/Dockerfile names %s",
          variables.group()).isTrue();
    }
    assertThat(dockerfile).contains("CARTPULSE_DASHBOARD_BIND_ADDRESS=0.0.0.0");
  }

  @Test
  void theFlinkJobIsSubmittedWithJobConfigKeysAndValidValues() {
    Map<String, Object> submit = compose.service("flink-submit");
    String command = ComposeFile.commandText(submit);
    assertThat(command).contains("io.cartpulse.flink.CartPulseJob").contains(CartPulseJob.JOB_NAME)
        .contains("/opt/flink/usrlib/cartpulse-flink-jobs.jar");
    String afterJar = command.substring(command.indexOf("cartpulse-flink-jobs.jar") + "cartpulse-flink-jobs.jar".length());
    List<String> args = new ArrayList<>();
    Matcher option = Pattern.compile("--([a-z][a-z0-9.]*)\\s+\"?([^\"\\s]+)\"?").matcher(afterJar);
    Map<String, String> env = ComposeFile.environment(submit);
    while (option.find()) {
      assertThat(JobConfig.keys()).as("flink-submit passes --%s", option.group(1)).contains(option.group(1));
      args.add("--" + option.group(1));
      args.add(resolveShell(option.group(2), env));
    }
    JobConfig config = JobConfig.fromArgs(args.toArray(String[]::new), env).requireKafka();
    assertThat(List.of(config.topicClickstream(), config.topicAlerts(), config.topicPvUv(), config.topicDlq(),
        config.topicLate(), config.topicRuleSettings())).containsExactlyInAnyOrderElementsOf(LocalTopics.PIPELINE);
  }

  /** {@code ${VAR}} of the submitting shell (compose escapes it as $$) from the container's environment. */
  private static String resolveShell(String word, Map<String, String> env) {
    Matcher m = Pattern.compile("\\$\\{?(\\w+)}?").matcher(word);
    return m.matches() ? env.getOrDefault(m.group(1), "") : word;
  }

  @Test
  void flinkPropertiesAreFlinkOptionsAndThePrometheusReporterIsOn() {
    for (String name : List.of("jobmanager", "taskmanager", "flink-submit")) {
      Map<String, String> properties = ComposeFile.flinkProperties(compose.service(name));
      assertThat(properties).as("%s FLINK_PROPERTIES", name).isNotEmpty();
      properties.forEach((key, value) ->
          assertThat(FlinkOptions.problem(key, value, properties)).as("%s: %s", name, key).isNull());
      assertThat(properties).containsEntry("metrics.reporter.prom.factory.class",
          org.apache.flink.metrics.prometheus.PrometheusReporterFactory.class.getName());
    }
  }

  @Test
  void theBrokerVariablesAreKafkaBrokerSettings() {
    Map<String, String> env = ComposeFile.environment(compose.service("kafka"));
    Set<String> imageVariables = Set.of("CLUSTER_ID", "KAFKA_HEAP_OPTS", "KAFKA_OPTS", "KAFKA_JMX_OPTS",
        "KAFKA_LOG4J_OPTS");
    Set<String> brokerKeys = AbstractKafkaConfig.CONFIG_DEF.names();
    env.keySet().stream().filter(v -> !imageVariables.contains(v)).forEach(variable -> {
      // The apache/kafka image: KAFKA_ + the key upper-cased, '.' as '_'.
      String key = variable.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
      assertThat(brokerKeys).as("kafka: %s (%s)", variable, key).contains(key);
    });
    assertThat(env).containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
  }

  @Test
  void theToolsAreCalledWithOptionsTheirUsageDocumentsAndTopicsTheyCreate() throws Exception {
    Pattern call = Pattern.compile("(io\\.cartpulse(?:\\.[a-z]+)+\\.[A-Z]\\w+)(.*?)(?=io\\.cartpulse\\.|$)", Pattern.DOTALL);
    int calls = 0;
    for (Map.Entry<String, Map<String, Object>> entry : compose.services().entrySet()) {
      if (!String.valueOf(entry.getValue().get("image")).startsWith("cartpulse/tools")) {
        continue;
      }
      Matcher m = call.matcher(ComposeFile.commandText(entry.getValue()).replaceAll("/app/run-main", ""));
      while (m.find()) {
        calls++;
        Set<String> usage = usageOptions(m.group(1));
        Matcher option = Pattern.compile("--([a-z][a-z0-9-]*)").matcher(m.group(2));
        while (option.find()) {
          assertThat(usage).as("%s: %s --%s", entry.getKey(), m.group(1), option.group(1)).contains(option.group(1));
        }
        Matcher topic = Pattern.compile("--topic\\s+(\\S+)").matcher(m.group(2));
        if (topic.find()) {
          assertThat(LocalTopics.PIPELINE).as("%s: --topic", entry.getKey()).contains(topic.group(1));
        }
      }
    }
    assertThat(calls).as("tool calls found").isGreaterThanOrEqualTo(3);
    assertThat(ComposeFile.commandText(compose.service("init"))).contains("CreateTopics", "RegisterSchemas");
  }

  /** The --options a tool's USAGE text documents (what its Args.parse accepts). */
  static Set<String> usageOptions(String className) throws Exception {
    Class<?> tool = Class.forName(className);
    Field usage = tool.getDeclaredField("USAGE");
    usage.setAccessible(true);
    Set<String> options = new LinkedHashSet<>();
    Matcher m = Pattern.compile("--([a-z][a-z0-9-]*)").matcher((String) usage.get(null));
    while (m.find()) {
      options.add(m.group(1));
    }
    return options;
  }

  @Test
  void theRegistryAndBrokerEndpointsOfTheAppsAreTheComposeServices() {
    Map<String, String> env = ComposeFile.environment(compose.service("streams-app"));
    assertThat(env.get(StreamsAppConfig.envName(RegistryConfig.SCHEMA_REGISTRY_URL))).startsWith("http://schema-registry:");
    assertThat(env.get(StreamsAppConfig.envName(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG))).startsWith("kafka:");
    assertThatCode(() -> StreamsAppConfig.load(new Properties(), env)).doesNotThrowAnyException();
  }
}
