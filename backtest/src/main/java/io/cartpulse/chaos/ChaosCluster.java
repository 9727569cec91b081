package io.cartpulse.chaos;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.avro.PvUvPoint;
import io.cartpulse.flink.config.JobConfig;
import io.cartpulse.contract.Subjects;
import io.cartpulse.contract.Topics;
import io.cartpulse.local.kafka.LocalTopics;
import io.cartpulse.local.tools.RegisterSchemas;
import io.cartpulse.platform.kafka.StandaloneKafka;
import io.cartpulse.platform.registry.LocalSchemaRegistry;
import io.cartpulse.registry.RegistryConfig;
import io.cartpulse.registry.SchemaRegistryClient;
import io.cartpulse.registry.SchemaRegistryClients;
import io.cartpulse.streams.CartPulseStreamsApp;
import io.cartpulse.streams.config.StreamsAppConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline of one scenario as separate OS processes on loopback, each restartable on its own
 * directory and port: the broker ({@link StandaloneKafka}), the registry ({@link LocalSchemaRegistry}),
 * two streams-app instances ({@link CartPulseStreamsApp}, exactly-once, static membership) and the
 * Flink job ({@link FlinkJobProcess}, checkpoints retained on disk).
 */
final class ChaosCluster implements AutoCloseable {
  static final String STREAMS_APPLICATION_ID = StreamsAppConfig.DEFAULT_APPLICATION_ID;
  static final String FLINK_GROUP_ID = JobConfig.defaultConfig().groupId();
  private static final Logger LOG = LoggerFactory.getLogger(ChaosCluster.class);
  static final List<String> STREAMS_INSTANCES = List.of("streams-1", "streams-2");
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

  private final Path dir;
  private final int brokerPort;
  private final int controllerPort;
  private final int registryPort;
  private final Properties streamsOverrides;
  private final Properties flinkOverrides;
  private final ManagedProcess broker;
  private final ManagedProcess registry;
  private final Map<String, ManagedProcess> streams = new LinkedHashMap<>();
  /** Each instance's HTTP port (health, metrics, queries), kept across its restarts like a container's. */
  private final Map<String, Integer> streamsHttpPorts = new LinkedHashMap<>();
  private final ManagedProcess flink;
  private int clickEventSchemaId = -1;

  /**
   * @param streamsJavaOptions JVM options for both streams-app instances, after the defaults (what the
   *     image's JAVA_OPTS would add)
   */
  ChaosCluster(Path dir, Properties streamsOverrides, List<String> streamsJavaOptions, Properties flinkOverrides)
      throws IOException {
    this.dir = Files.createDirectories(dir.toAbsolutePath());
    this.streamsOverrides = streamsOverrides;
    this.flinkOverrides = flinkOverrides;
    this.brokerPort = freePort();
    this.controllerPort = freePort();
    this.registryPort = freePort();
    Path logs = dir.resolve("logs");
    List<String> launcherLogging = List.of("log4j2.configurationFile=log4j2-cartpulse.xml");
    this.broker = new ManagedProcess("kafka", logs, StandaloneKafka.class.getName(), "768m", launcherLogging,
        List.of("--dir", dir.resolve("kafka").toString(), "--port", String.valueOf(brokerPort),
            "--controller-port", String.valueOf(controllerPort),
            // Outputs carry event time (2019) as their timestamp: time-based retention would delete them.
            "log.retention.ms=-1"));
    this.registry = new ManagedProcess("registry", logs, LocalSchemaRegistry.class.getName(), "128m", launcherLogging,
        List.of(String.valueOf(registryPort)));
    String streamsAppClasspath = streamsAppClasspath(System.getProperty("java.class.path"));
    List<String> streamsJava = new ArrayList<>(rocksDbLibraryPath(streamsAppClasspath, this.dir.resolve("native")));
    streamsJava.addAll(streamsJavaOptions);
    for (String instance : STREAMS_INSTANCES) {
      streamsHttpPorts.put(instance, freePort());
      Path config = dir.resolve(instance + ".properties");
      streams.put(instance, new ManagedProcess(instance, logs, streamsAppClasspath, CartPulseStreamsApp.class.getName(),
          "512m", streamsJava, List.of(), List.of(config.toString())));
    }
    this.flink = new ManagedProcess("flink", logs, FlinkJobProcess.class.getName(), "1g", launcherLogging,
        List.of("--status", flinkStatusFile().toString(), "--config", dir.resolve("flink.properties").toString()));
  }

  /**
   * The streams-app's own runtime classpath, what its image holds in /app/lib: its jar from
   * {@code launcherClasspath} and the classpath file its build writes next to it
   * (streams-app/pom.xml). The launcher's classpath has every module's dependencies (the broker,
   * Flink, ...), 115 jars against 32: on it, {@code CartPulseStreamsApp --describe} took 2.4 s instead
   * of 1.4 s on an idle machine, with its class-data archive, so a restart would not be the one a
   * container makes. Without the file (e.g. the jar came from a Maven repository) the instances run
   * on the launcher's classpath, and the log says so.
   */
  static String streamsAppClasspath(String launcherClasspath) {
    Optional<Path> jar = jarOn(launcherClasspath, "cartpulse-streams-app-");
    if (jar.isEmpty()) {
      LOG.warn("chaos: the streams-app jar is not on the launcher's classpath; its instances run on the whole of it");
      return launcherClasspath;
    }
    Path dependencies = jar.get().resolveSibling("runtime-classpath.txt");
    try {
      if (Files.isRegularFile(dependencies)) {
        String classpath = Files.readString(dependencies, StandardCharsets.UTF_8).strip();
        return classpath.isEmpty() ? jar.get().toString() : jar.get() + java.io.File.pathSeparator + classpath;
      }
    } catch (IOException e) {
      LOG.warn("chaos: cannot read {} ({})", dependencies, e.toString());
    }
    LOG.warn("chaos: no {}: the streams-app instances run on the launcher's whole classpath, and start slower "
        + "than its image would", dependencies);
    return launcherClasspath;
  }

  /**
   * As the image does (streams-app/Dockerfile): RocksDB's native library unpacked once and found on
   * java.library.path, so that a start does not unpack it into /tmp, where every killed instance
   * would leave its 15 MB copy. Taken from the rocksdbjni jar on the instances' own classpath: this
   * JVM also has Flink's fork of it, whose older library lacks methods the streams-app calls. Nothing
   * to add where that jar has no library for this platform.
   */
  static List<String> rocksDbLibraryPath(String classpath, Path nativeDir) throws IOException {
    String library = org.rocksdb.util.Environment.getJniLibraryFileName("rocksdb");
    Optional<Path> jar = jarOn(classpath, "rocksdbjni-").filter(Files::isRegularFile);
    if (jar.isEmpty()) {
      return List.of();
    }
    try (ZipFile zip = new ZipFile(jar.get().toFile())) {
      ZipEntry packed = zip.getEntry(library);
      if (packed == null) {
        return List.of();
      }
      Files.createDirectories(nativeDir);
      try (InputStream in = zip.getInputStream(packed)) {
        Files.copy(in, nativeDir.resolve(library), StandardCopyOption.REPLACE_EXISTING);
      }
      return List.of("-Djava.library.path=" + nativeDir);
    }
  }

  /** The first jar on {@code classpath} whose file name starts with {@code namePrefix}; test jars do not count. */
  private static Optional<Path> jarOn(String classpath, String namePrefix) {
    for (String entry : classpath.split(java.io.File.pathSeparator)) {
      Path path = Path.of(entry);
      String file = path.getFileName() == null ? "" : path.getFileName().toString();
      if (file.startsWith(namePrefix) && file.endsWith(".jar") && !file.endsWith("-tests.jar")) {
        return Optional.of(path);
      }
    }
    return Optional.empty();
  }

  String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  String registryUrl() {
    return "http://127.0.0.1:" + registryPort;
  }

  Path dir() {
    return dir;
  }

  int clickEventSchemaId() {
    return clickEventSchemaId;
  }

  ManagedProcess broker() {
    return broker;
  }

  ManagedProcess registry() {
    return registry;
  }

  ManagedProcess streams(String instance) {
    return streams.get(instance);
  }

  ManagedProcess flink() {
    return flink;
  }

  /** Starts everything and waits until the broker, the registry and the Flink job are ready. */
  void start() throws Exception {
    broker.start();
    awaitBroker();
    createTopics();
    registry.start();
    awaitRegistry();
    registerSchemas();
    for (String instance : STREAMS_INSTANCES) {
      writeStreamsConfig(instance);
      // As the streams-app image starts: from the class-data-sharing archive of its start.
      streams.get(instance).shareClassData(dir.resolve("streams-app.jsa"), List.of(CartPulseStreamsApp.DESCRIBE));
      streams.get(instance).start();
    }
    writeFlinkConfig();
    startFlink();
    awaitFlinkRunning();
  }

  void awaitBroker() throws Exception {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (true) {
      try (Admin admin = admin()) {
        admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
        return;
      } catch (Exception e) {
        if (!broker.alive()) {
          throw new IllegalStateException("the broker process ended (see " + dir.resolve("logs/kafka.out") + ")");
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the broker did not answer within " + READY_TIMEOUT.toSeconds() + " s", e);
        }
        Thread.sleep(500);
      }
    }
  }

  private void createTopics() throws Exception {
    List<NewTopic> topics = new ArrayList<>();
    for (String topic : LocalTopics.ALL) {
      topics.add(new NewTopic(topic, LocalTopics.defaultPartitions(topic), (short) 1)
          .configs(LocalTopics.COMPACTED.contains(topic) ? Map.of("cleanup.policy", "compact")
              : Map.of("retention.ms", "-1")));
    }
    try (Admin admin = admin()) {
      admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
    }
  }

  private void awaitRegistry() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (true) {
      try {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(registryUrl() + "/subjects"))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (!registry.alive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("the registry did not answer (see " + dir.resolve("logs/registry.out") + ")");
      }
      Thread.sleep(200);
    }
  }

  /**
   * Registers the schemas the engines write and read with (their generated classes' schemas, which
   * the engines look up: they do not auto-register) once the registry answers; remembers the ClickEvent id.
   */
  private void registerSchemas() throws Exception {
    SchemaRegistryClient client = SchemaRegistryClients.create(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, registryUrl(),
        RegistryConfig.MAX_RETRIES, "20"));
    for (Map.Entry<String, Schema> entry : RegisterSchemas.bundledSchemas().entrySet()) {
      int id = client.register(entry.getKey(), entry.getValue());
      if (entry.getKey().equals(Subjects.valueSubject(Topics.CLICKSTREAM))) {
        clickEventSchemaId = id;
      }
    }
  }

  private void writeStreamsConfig(String instance) throws IOException {
    Properties props = new Properties();
    props.setProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.setProperty(RegistryConfig.SCHEMA_REGISTRY_URL, registryUrl());
    props.setProperty(StreamsConfig.APPLICATION_ID_CONFIG, STREAMS_APPLICATION_ID);
    props.setProperty(StreamsConfig.CLIENT_ID_CONFIG, instance);
    props.setProperty(StreamsConfig.STATE_DIR_CONFIG, streamsStateDir(instance).toString());
    props.setProperty(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1");
    props.setProperty(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
    // Fast recovery (docs/RELIABILITY.md): static membership, and a session timeout longer than a restart.
    props.setProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instance);
    props.setProperty(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "30000");
    props.setProperty(StreamsAppConfig.INPUT_KEYED_BY_USER.key(), "true");
    // Two instances on one host: each needs its own HTTP port.
    props.setProperty(StreamsAppConfig.HTTP_PORT, String.valueOf(streamsHttpPorts.get(instance)));
    props.putAll(streamsOverrides);
    // An empty override removes a setting (e.g. group.instance.id= for dynamic membership).
    props.stringPropertyNames().stream().filter(key -> props.getProperty(key).isBlank()).forEach(props::remove);
    store(props, dir.resolve(instance + ".properties"));
  }

  private void writeFlinkConfig() throws IOException {
    Properties props = new Properties();
    props.setProperty(JobConfig.BOOTSTRAP_SERVERS, bootstrapServers());
    props.setProperty(JobConfig.SCHEMA_REGISTRY_URL, registryUrl());
    props.setProperty(JobConfig.CHECKPOINT_DIR, dir.resolve("flink-checkpoints").toUri().toString());
    props.setProperty(JobConfig.CHECKPOINT_INTERVAL_MS, "2000");
    // As in run-local: RocksDB round trips would keep the job behind the clicks on two cores.
    props.setProperty(JobConfig.STATE_BACKEND, JobConfig.STATE_BACKEND_HASHMAP);
    props.putAll(flinkOverrides);
    store(props, dir.resolve("flink.properties"));
  }

  Path streamsStateDir(String instance) {
    return dir.resolve(instance + "-state");
  }

  /** Deletes an instance's state directory (it must not be running): its restart restores from the changelogs. */
  void wipeStreamsState(String instance) throws IOException {
    deleteTree(streamsStateDir(instance));
  }

  /** Deletes what the processes of the scenario in {@code dir} stored (broker data, state, checkpoints), not logs. */
  static void deleteData(Path dir) throws IOException {
    List<Path> data = new ArrayList<>(List.of(dir.resolve("kafka"), dir.resolve("flink-checkpoints"),
        dir.resolve("flink-tmp")));
    STREAMS_INSTANCES.forEach(instance -> data.add(dir.resolve(instance + "-state")));
    for (Path path : data) {
      deleteTree(path);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (Files.exists(root)) {
      try (Stream<Path> paths = Files.walk(root)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
  }

  Path flinkStatusFile() {
    return dir.resolve("flink.status");
  }

  void startFlink() throws IOException {
    Files.deleteIfExists(flinkStatusFile());
    flink.start();
  }

  /** Waits for the Flink process to report its job running; returns the status line. */
  String awaitFlinkRunning() throws Exception {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (true) {
      if (Files.exists(flinkStatusFile())) {
        String status = Files.readString(flinkStatusFile(), StandardCharsets.UTF_8).trim();
        if (status.startsWith("RUNNING")) {
          return status;
        }
      }
      if (!flink.alive()) {
        throw new IllegalStateException("the Flink process ended (see " + dir.resolve("logs/flink.out") + ")");
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the Flink job did not run within " + READY_TIMEOUT.toSeconds() + " s");
      }
      Thread.sleep(200);
    }
  }

  /** The processes that died on their own (not killed by a fault). */
  List<String> unexpectedlyDead(List<ManagedProcess> expectedDown) {
    List<String> dead = new ArrayList<>();
    for (ManagedProcess process : all()) {
      if (!process.alive() && !expectedDown.contains(process)) {
        dead.add(process.name());
      }
    }
    return dead;
  }

  List<ManagedProcess> all() {
    List<ManagedProcess> all = new ArrayList<>();
    all.add(broker);
    all.add(registry);
    all.addAll(streams.values());
    all.add(flink);
    return all;
  }

  Admin admin() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
    return Admin.create(props);
  }

  /** Stops the engines, then the registry and the broker (SIGTERM, kill -9 after a grace period). */
  @Override
  public void close() throws InterruptedException {
    List<ManagedProcess> order = new ArrayList<>(streams.values());
    order.add(flink);
    order.add(registry);
    order.add(broker);
    for (ManagedProcess process : order) {
      try {
        // A frozen process cannot act on SIGTERM.
        process.signal("CONT");
      } catch (IOException e) {
        // it was not frozen
      }
      process.stop(Duration.ofSeconds(20));
    }
  }

  private static void store(Properties props, Path file) throws IOException {
    try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      props.store(writer, "written by scripts/chaos");
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }
}
