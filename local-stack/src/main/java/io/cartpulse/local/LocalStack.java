package io.cartpulse.local;

import io.cartpulse.contract.Topics;
import io.cartpulse.flink.CartPulseJob;
import io.cartpulse.flink.LocalCluster;
import io.cartpulse.flink.config.JobConfig;
import io.cartpulse.flink.config.JobConfigException;
import io.cartpulse.avro.RuleSettings;
import io.cartpulse.local.cli.Args;
import io.cartpulse.registry.SpecificAvroSerde;
import io.cartpulse.settings.RuleSettingsTopic;
import io.cartpulse.settings.SettingsVersion;
import io.cartpulse.local.cli.Cli;
import io.cartpulse.local.cli.EngineSettings;

import io.cartpulse.local.kafka.LocalTopics;
import io.cartpulse.local.tools.RegisterSchemas;
import io.cartpulse.platform.kafka.EmbeddedKafka;
import io.cartpulse.platform.registry.LocalSchemaRegistry;
import io.cartpulse.registry.RegistryConfig;
import io.cartpulse.registry.SchemaRegistryClient;
import io.cartpulse.registry.SchemaRegistryClients;
import io.cartpulse.registry.SchemaRegistryException;
import io.cartpulse.streams.CartPulseStreamsApp;
import io.cartpulse.settings.CommonSettings;
import io.cartpulse.streams.config.StreamsAppConfig;
import io.cartpulse.streams.http.StreamsAppHttp;
import io.cartpulse.streams.metrics.StreamsAppMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in one JVM, wired from the production classes: an embedded single-node
 * Kafka, the local Schema Registry (or an external one), the topics, the registered schemas, the streams-app
 * ({@link CartPulseStreamsApp}, exactly-once, two stream threads) and the Flink job
 * ({@link CartPulseJob#wireKafka} on a MiniCluster bound to 127.0.0.1, exactly-once sinks
 * committed on short checkpoints). Used by run-local and the end-to-end test.
 */
public final class LocalStack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration EXTERNAL_REGISTRY_TIMEOUT = Duration.ofSeconds(10);
  private static final String LOOPBACK = "127.0.0.1";

  /**
   * How to run the stack.
   *
   * @param runDir where the broker data, state, checkpoints and logs go (created if missing)
   * @param registryPort the stand-in registry's port; 0 picks a free one
   * @param externalRegistryUrl a Confluent-compatible registry to use instead of starting the stand-in; null: start it
   * @param ruleOverrides rule settings passed to both engines (keys of StreamsAppConfig and JobConfig)
   * @param checkpointIntervalMs Flink checkpoint interval: exactly-once output becomes visible at this pace
   * @param watermarkIdleMs after this long without input a quiet partition stops holding Flink's clock back
   * @param httpPort the streams-app's HTTP endpoint (health, metrics) on 127.0.0.1; 0 (the default here) picks a free one
   */
  public record Settings(Path runDir, int registryPort, String externalRegistryUrl, Properties ruleOverrides,
      long checkpointIntervalMs, long watermarkIdleMs, int streamThreads, int httpPort,
      List<SettingsVersion> settingsVersions) {

    public static Settings defaults(Path runDir) {
      return new Settings(runDir, LocalSchemaRegistry.DEFAULT_PORT, null, new Properties(), 2_000, 3_000, 2, 0,
          List.of());
    }

    public Settings withRegistryPort(int port) {
      return new Settings(runDir, port, externalRegistryUrl, ruleOverrides, checkpointIntervalMs, watermarkIdleMs,
          streamThreads, httpPort, settingsVersions);
    }

    public Settings withExternalRegistry(String url) {
      return new Settings(runDir, registryPort, url, ruleOverrides, checkpointIntervalMs, watermarkIdleMs,
          streamThreads, httpPort, settingsVersions);
    }

    public Settings withRuleOverrides(Properties overrides) {
      return new Settings(runDir, registryPort, externalRegistryUrl, overrides, checkpointIntervalMs, watermarkIdleMs,
          streamThreads, httpPort, settingsVersions);
    }

    public Settings withCheckpointIntervalMs(long millis) {
      return new Settings(runDir, registryPort, externalRegistryUrl, ruleOverrides, millis, watermarkIdleMs,
          streamThreads, httpPort, settingsVersions);
    }

    public Settings withWatermarkIdleMs(long millis) {
      return new Settings(runDir, registryPort, externalRegistryUrl, ruleOverrides, checkpointIntervalMs, millis,
          streamThreads, httpPort, settingsVersions);
    }

    /** The streams-app's stream threads (run-local: 2, one per core of a small machine). */
    public Settings withStreamThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("stream threads must be at least 1, got " + threads);
      }
      return new Settings(runDir, registryPort, externalRegistryUrl, ruleOverrides, checkpointIntervalMs,
          watermarkIdleMs, threads, httpPort, settingsVersions);
    }

    public Settings withHttpPort(int port) {
      return new Settings(runDir, registryPort, externalRegistryUrl, ruleOverrides, checkpointIntervalMs,
          watermarkIdleMs, streamThreads, port, settingsVersions);
    }

    /** Settings versions published on rule-settings before the engines start (ALERTS.md section 8). */
    public Settings withSettingsVersions(List<SettingsVersion> versions) {
      return new Settings(runDir, registryPort, externalRegistryUrl, ruleOverrides, checkpointIntervalMs,
          watermarkIdleMs, streamThreads, httpPort, List.copyOf(versions));
    }
  }

  /** Consumer lag of one engine on clickstream; {@code committed} false while it has committed nothing. */
  public record Lag(String group, long lag, boolean committed) {}

  /** The streams-app's store type in the embedded stack unless --config sets {@code store.type}. */
  public static final String LOCAL_STORE_TYPE = "in-memory";

  private final Settings settings;
  private LocalSchemaRegistry registry;
  private String registryUrl;
  private EmbeddedKafka kafka;
  private KafkaStreams streams;
  private StreamsAppHttp streamsHttp;
  private JobClient flinkJob;
  private StreamsAppConfig streamsConfig;
  private JobConfig jobConfig;
  private volatile boolean stopping;
  private boolean enginesStopped;
  private final AtomicReference<String> engineFailure = new AtomicReference<>();

  private LocalStack(Settings settings) {
    this.settings = settings;
  }

  /**
   * Starts everything; {@code status} receives one line per step. On failure, whatever started is
   * stopped again and the failure names the step.
   */
  public static LocalStack start(Settings settings, Consumer<String> status) throws Cli.Failure, InterruptedException {
    LocalStack stack = new LocalStack(settings);
    try {
      stack.startAll(status);
      return stack;
    } catch (Cli.Failure | InterruptedException | RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  private void startAll(Consumer<String> status) throws Cli.Failure, InterruptedException {
    Path runDir = settings.runDir().toAbsolutePath();
    createDirectories(runDir);

    if (settings.externalRegistryUrl() != null) {
      registryUrl = settings.externalRegistryUrl();
      status.accept("schema registry  " + requireExternalRegistry(registryUrl) + " (external)");
    } else {
      try {
        registry = LocalSchemaRegistry.start(settings.registryPort());
      } catch (RuntimeException e) {
        throw new Cli.Failure("cannot start the Schema Registry on 127.0.0.1:" + settings.registryPort()
            + " (port in use? pick another with --registry-port, 0 = any free port): " + Cli.describe(e), e);
      }
      registryUrl = registry.url();
      status.accept("schema registry  " + registryUrl);
    }

    // Kafka's test kit prints its storage formatting to System.out: into the log with it.
    PrintStream console = System.out;
    ByteArrayOutputStream formatting = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(formatting, true, StandardCharsets.UTF_8));
      // Outputs carry event time as their record timestamp, and replayed or synthetic events are from
      // 2019: time-based retention would delete them at once. Nothing is deleted in a local run.
      kafka = EmbeddedKafka.builder().baseDir(runDir.resolve("kafka"))
          .brokerProperty("log.retention.ms", "-1")
          .start();
    } catch (RuntimeException e) {
      throw new Cli.Failure("cannot start the embedded Kafka broker: " + Cli.describe(e), e);
    } finally {
      System.setOut(console);
      LOG.info("Embedded Kafka start-up output: {}", formatting.toString(StandardCharsets.UTF_8).trim());
    }
    status.accept("kafka            " + kafka.bootstrapServers());

    Map<String, Integer> topics = new LinkedHashMap<>();
    LocalTopics.ALL.forEach(topic -> topics.put(topic, LocalTopics.defaultPartitions(topic)));
    // rule-settings and the product topics are compacted, as scripts/create-topics makes them.
    List<org.apache.kafka.clients.admin.NewTopic> newTopics = topics.entrySet().stream().map(topic -> {
      var newTopic = new org.apache.kafka.clients.admin.NewTopic(topic.getKey(), topic.getValue(), (short) 1);
      return LocalTopics.COMPACTED.contains(topic.getKey()) ? newTopic.configs(Map.of("cleanup.policy", "compact"))
          : newTopic;
    }).toList();
    try {
      kafka.createTopics(newTopics);
    } catch (RuntimeException e) {
      throw new Cli.Failure("cannot create the topics " + topics.keySet() + ": " + Cli.describe(e), e);
    }
    status.accept("topics           " + topics);

    SchemaRegistryClient client = SchemaRegistryClients.create(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, registryUrl));
    StringBuilder ids = new StringBuilder();
    for (Map.Entry<String, Schema> entry : RegisterSchemas.bundledSchemas().entrySet()) {
      int id;
      try {
        id = client.register(entry.getKey(), entry.getValue());
      } catch (SchemaRegistryException e) {
        throw new Cli.Failure("cannot register the schema of subject " + entry.getKey() + ": " + Cli.describe(e), e);
      }
      ids.append(ids.length() == 0 ? "" : ", ").append(entry.getKey()).append('=').append(id);
    }
    status.accept("schemas          " + ids);
    publishSettingsVersions(status);

    startStreams(runDir);
    status.accept("streams-app      running (" + settings.streamThreads() + " stream threads, exactly_once_v2, "
        + streamsConfig.get(StreamsAppConfig.STORE_TYPE) + " stores, "
        + "application.id " + streamsConfig.applicationId() + "), " + streamsHttpUrl() + "/metrics, /health/ready");

    startFlink(runDir);
    status.accept("flink-jobs       running (MiniCluster, checkpoints every " + settings.checkpointIntervalMs()
        + " ms, job " + flinkJob.getJobID() + ")");
  }

  /**
   * Fails with one line unless a Confluent-compatible registry answers at {@code url}, so a wrong
   * --registry stops run-local before anything starts. Returns the URL as it may be printed.
   */
  private static String requireExternalRegistry(String url) throws Cli.Failure {
    try (SchemaRegistryClient client = SchemaRegistryClients.create(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, url,
        RegistryConfig.REQUEST_TIMEOUT_MS, EXTERNAL_REGISTRY_TIMEOUT.toMillis(), RegistryConfig.MAX_RETRIES, 0))) {
      try {
        client.latest("cartpulse-connectivity-check-value");
      } catch (SchemaRegistryException e) {
        if (!e.isNotFound()) {
          throw new Cli.Failure("cannot use the Schema Registry at " + client.describe() + ": " + e.getMessage(), e);
        }
      }
      return client.describe();
    } catch (ConfigException e) {
      throw new Cli.Failure(Cli.USAGE, "bad Schema Registry URL: " + e.getMessage(), e);
    }
  }

  private void startStreams(Path runDir) throws Cli.Failure, InterruptedException {
    Properties file = new Properties();
    file.putAll(engineSettings().streams());
    file.setProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    file.setProperty(RegistryConfig.SCHEMA_REGISTRY_URL, registryUrl);
    file.setProperty(RegistryConfig.AUTO_REGISTER_SCHEMAS, "true");
    file.setProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    file.setProperty(StreamsConfig.NUM_STREAM_THREADS_CONFIG, String.valueOf(settings.streamThreads()));
    file.setProperty(StreamsConfig.STATE_DIR_CONFIG, runDir.resolve("streams-state").toString());
    file.setProperty(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
    // run-local's producer keys clicks by userId: no repartition topic needed.
    file.setProperty(StreamsAppConfig.INPUT_KEYED_BY_USER.key(), "true");
    // Kafka's in-memory stores (with changelogs) unless --config names a store type: the embedded broker is
    // new on every start, so there is never local state to keep across a restart, and RocksDB cost the stream
    // threads about a quarter of their CPU in bench-live (its JNI calls, iterators and compactions on 2 cores).
    file.putIfAbsent(StreamsAppConfig.STORE_TYPE.key(), LOCAL_STORE_TYPE);
    file.setProperty(CommonSettings.TOPIC_CLICKSTREAM.key(), Topics.CLICKSTREAM);
    file.setProperty(CommonSettings.TOPIC_ALERTS.key(), Topics.ALERTS);
    file.setProperty(CommonSettings.TOPIC_CLICKSTREAM_DLQ.key(), Topics.CLICKSTREAM_DLQ);
    try {
      streamsHttp = StreamsAppHttp.start(new StreamsAppConfig.HttpSettings(LOOPBACK, settings.httpPort()),
          StreamsAppMetrics.prometheus());
    } catch (IOException e) {
      throw new Cli.Failure(e.getMessage() + " (port in use? pick another with --http-port, 0 = any free port)", e);
    }
    file.setProperty(StreamsConfig.APPLICATION_SERVER_CONFIG, LOOPBACK + ":" + streamsHttp.port());
    try {
      streamsConfig = StreamsAppConfig.load(file, Map.of());
    } catch (ConfigException | IllegalArgumentException e) {
      throw new Cli.Failure(Cli.USAGE, "bad streams-app settings: " + e.getMessage(), e);
    }
    LOG.info("streams-app configuration: {}", streamsConfig.describe());
    streams = new KafkaStreams(CartPulseStreamsApp.build(streamsConfig, streamsHttp.metrics()),
        CartPulseStreamsApp.streamsProperties(streamsConfig));
    streamsHttp.attach(streams);
    io.cartpulse.streams.products.ProductQueries.register(streamsHttp.endpoint(), streams, streamsConfig);
    streams.setUncaughtExceptionHandler(error -> {
      Cli.detailsLog().error("streams-app failed", error);
      engineFailure.compareAndSet(null, "streams-app failed: " + Cli.describe(error));
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    streams.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.ERROR) {
        engineFailure.compareAndSet(null, "streams-app went into state ERROR (see the log)");
      }
    });
    streams.start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (streams.state() != KafkaStreams.State.RUNNING) {
      if (engineFailure.get() != null) {
        throw new Cli.Failure(engineFailure.get());
      }
      if (System.nanoTime() > deadline) {
        throw new Cli.Failure("streams-app did not reach RUNNING within " + START_TIMEOUT.toSeconds()
            + " s (state " + streams.state() + ")");
      }
      Thread.sleep(50);
    }
  }

  /** The --settings versions, on rule-settings before either engine reads it. */
  private void publishSettingsVersions(Consumer<String> status) throws Cli.Failure {
    if (settings.settingsVersions().isEmpty()) {
      return;
    }
    SpecificAvroSerde<RuleSettings> serde = new SpecificAvroSerde<>(RuleSettings.class);
    serde.configure(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, registryUrl), false);
    Properties client = new Properties();
    client.put("bootstrap.servers", kafka.bootstrapServers());
    try {
      RuleSettingsTopic.publish(client, Topics.RULE_SETTINGS, serde, settings.settingsVersions());
    } catch (Exception e) {
      throw new Cli.Failure("cannot publish the settings versions: " + Cli.describe(e), e);
    }
    status.accept("rule-settings    versions " + settings.settingsVersions().stream()
        .map(v -> v.version() + "@" + v.effectiveFrom()).toList());
  }

  /** The --config keys each engine knows (RunLocal refused the others already). */
  private EngineSettings engineSettings() throws Cli.Failure {
    try {
      return EngineSettings.split(settings.ruleOverrides());
    } catch (Args.UsageException e) {
      throw new Cli.Failure(Cli.USAGE, "bad --config: " + e.getMessage(), e);
    }
  }

  private void startFlink(Path runDir) throws Cli.Failure, InterruptedException {
    Map<String, String> values = new LinkedHashMap<>();
    Properties flinkSettings = engineSettings().flink();
    flinkSettings.stringPropertyNames().forEach(key -> values.put(key, flinkSettings.getProperty(key)));
    values.put(JobConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
    values.put(JobConfig.SCHEMA_REGISTRY_URL, registryUrl);
    values.put(RegistryConfig.AUTO_REGISTER_SCHEMAS, "true");
    values.put(JobConfig.TOPIC_CLICKSTREAM, Topics.CLICKSTREAM);
    values.put(JobConfig.TOPIC_ALERTS, Topics.ALERTS);
    values.put(JobConfig.TOPIC_PVUV, Topics.PVUV);
    values.put(JobConfig.TOPIC_DLQ, Topics.CLICKSTREAM_DLQ);
    values.put(JobConfig.TOPIC_LATE, Topics.CLICKSTREAM_LATE);
    values.put(JobConfig.CHECKPOINT_INTERVAL_MS, String.valueOf(settings.checkpointIntervalMs()));
    values.put(JobConfig.CHECKPOINT_DIR, runDir.resolve("flink-checkpoints").toUri().toString());
    values.put(JobConfig.WATERMARK_IDLE_MS, String.valueOf(settings.watermarkIdleMs()));
    // State in memory: on a laptop the RocksDB round trips would keep the job behind the clicks.
    values.putIfAbsent(JobConfig.STATE_BACKEND, JobConfig.STATE_BACKEND_HASHMAP);
    try {
      jobConfig = JobConfig.from(values).requireKafka();
    } catch (JobConfigException e) {
      throw new Cli.Failure(Cli.USAGE, "bad flink-jobs settings: " + e.getMessage(), e);
    }
    LOG.info("flink-jobs configuration: {}", jobConfig);

    // Loopback only; a failure ends the job and run-local reports it, instead of restarting in a loop.
    Configuration conf = LocalCluster.loopbackConfiguration();
    // Exactly-once output becomes visible only when a checkpoint completes; under backpressure aligned
    // barriers queue behind the data, so unaligned checkpoints keep the output flowing.
    conf.set(CheckpointingOptions.ENABLE_UNALIGNED, true);
    conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, runDir.resolve("flink-savepoints").toUri().toString());
    conf.set(CoreOptions.TMP_DIRS, createDirectories(runDir.resolve("flink-tmp")).toString());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(jobConfig.parallelism(), conf);
    try {
      jobConfig = CartPulseJob.withSettingsOnTopic(jobConfig);
      CartPulseJob.wireKafka(env, jobConfig);
      flinkJob = env.executeAsync(CartPulseJob.JOB_NAME);
    } catch (Exception e) {
      throw new Cli.Failure("cannot start the Flink job: " + Cli.describe(e), e);
    }
    flinkJob.getJobExecutionResult().whenComplete((result, error) -> {
      if (error != null && !stopping) {
        Cli.detailsLog().error("flink-jobs failed", error);
        engineFailure.compareAndSet(null, "flink-jobs failed: " + Cli.describe(error));
      } else if (error == null && !stopping) {
        engineFailure.compareAndSet(null, "flink-jobs finished unexpectedly");
      }
    });
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      JobStatus status;
      try {
        status = flinkJob.getJobStatus().get(10, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        throw new Cli.Failure("cannot ask the Flink job for its status: " + Cli.describe(e), e);
      }
      if (status == JobStatus.RUNNING) {
        return;
      }
      if (status.isTerminalState() || engineFailure.get() != null) {
        throw new Cli.Failure(engineFailure.get() != null ? engineFailure.get()
            : "the Flink job ended right after it started (" + status + ")");
      }
      if (System.nanoTime() > deadline) {
        throw new Cli.Failure("the Flink job did not reach RUNNING within " + START_TIMEOUT.toSeconds()
            + " s (status " + status + ")");
      }
      Thread.sleep(100);
    }
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /** The stand-in's URL, or the external registry's when one was given. */
  public String registryUrl() {
    return registryUrl;
  }

  /** The running streams-app (a test waits on its state, e.g. a version in its rule-settings store). */
  public KafkaStreams streamsApp() {
    return streams;
  }

  /** The streams-app's HTTP endpoint, {@code http://127.0.0.1:<port>}. */
  public String streamsHttpUrl() {
    return "http://" + LOOPBACK + ":" + streamsHttp.port();
  }

  public Endpoints endpoints() {
    return new Endpoints(bootstrapServers(), registryUrl());
  }

  public Settings settings() {
    return settings;
  }

  /** Why an engine stopped on its own, or null while both run. */
  public String engineFailure() {
    return engineFailure.get();
  }

  /** How far each engine's committed offsets on clickstream are behind its end. */
  public List<Lag> clickstreamLag() throws InterruptedException, ExecutionException, TimeoutException {
    try (Admin admin = kafka.createAdmin()) {
      List<TopicPartition> partitions = new java.util.ArrayList<>();
      for (int p = 0; p < LocalTopics.CLICKSTREAM_PARTITIONS; p++) {
        partitions.add(new TopicPartition(Topics.CLICKSTREAM, p));
      }
      Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
      partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end =
          admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
      List<Lag> lags = new java.util.ArrayList<>();
      for (String group : List.of(streamsConfig.applicationId(), jobConfig.groupId())) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        long lag = 0;
        boolean any = false;
        for (TopicPartition tp : partitions) {
          OffsetAndMetadata offset = committed.get(tp);
          long position = offset == null ? 0 : offset.offset();
          any |= offset != null;
          lag += Math.max(0, end.get(tp).offset() - position);
        }
        lags.add(new Lag(group, lag, any));
      }
      return lags;
    }
  }

  /**
   * Stops both engines so that everything they emitted is committed: the Flink job with a final
   * savepoint (its sinks commit their transactions; falls back to cancel), Kafka Streams with a
   * clean close (commits the open transaction). Returns problems as lines, never throws.
   */
  public List<String> stopEngines() {
    if (enginesStopped) {
      return List.of();
    }
    enginesStopped = true;
    stopping = true;
    List<String> problems = new java.util.ArrayList<>();
    if (flinkJob != null) {
      try {
        JobStatus status = flinkJob.getJobStatus().get(10, TimeUnit.SECONDS);
        if (!status.isTerminalState()) {
          try {
            String savepoint = flinkJob.stopWithSavepoint(false,
                settings.runDir().toAbsolutePath().resolve("flink-savepoints").toUri().toString(),
                SavepointFormatType.CANONICAL).get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            LOG.info("Flink job stopped with savepoint {}", savepoint);
          } catch (ExecutionException | TimeoutException e) {
            Cli.detailsLog().warn("Stopping the Flink job with a savepoint failed; cancelling it", e);
            flinkJob.cancel().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            problems.add("flink-jobs was cancelled (stop with savepoint failed: " + Cli.describe(e)
                + "); output after its last checkpoint is not committed");
          }
        }
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        Cli.detailsLog().warn("Stopping the Flink job failed", e);
        problems.add("stopping flink-jobs failed: " + Cli.describe(e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        problems.add("interrupted while stopping flink-jobs");
      }
    }
    if (streams != null) {
      try {
        if (!streams.close(STOP_TIMEOUT)) {
          problems.add("streams-app did not close within " + STOP_TIMEOUT.toSeconds() + " s");
        }
      } catch (RuntimeException e) {
        Cli.detailsLog().warn("Closing the streams-app failed", e);
        problems.add("closing streams-app failed: " + Cli.describe(e));
      }
    }
    return problems;
  }

  @Override
  public void close() {
    stopEngines().forEach(problem -> LOG.warn("{}", problem));
    if (streamsHttp != null) {
      streamsHttp.close();
    }
    if (kafka != null) {
      try {
        kafka.close();
      } catch (RuntimeException e) {
        LOG.warn("Closing the embedded Kafka failed", e);
      }
    }
    if (registry != null) {
      registry.close();
    }
  }

  private static Path createDirectories(Path dir) throws Cli.Failure {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new Cli.Failure("cannot create the directory " + dir + ": " + Cli.describe(e), e);
    }
  }
}
