package io.cartpulse.platform.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka (one combined KRaft broker + controller) inside this JVM, for integration
 * tests and the local stack. Built on Kafka's own {@link KafkaClusterTestKit}.
 *
 * <ul>
 *   <li>Listens on 127.0.0.1 only, on free ports; clients use {@link #bootstrapServers()}.</li>
 *   <li>Ready for exactly-once: the offsets and transaction-state topics have replication factor 1
 *       and min.insync.replicas 1 (their defaults of 3 would hang {@code InitProducerId}).</li>
 *   <li>Topics are never auto-created: create them with {@link #createTopic} / {@link #createTopics},
 *       which return once the broker can serve every partition.</li>
 *   <li>Its data lives in a fresh directory under the base directory (default {@code java.io.tmpdir}),
 *       deleted by {@link #close()}.</li>
 * </ul>
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
 *   kafka.createTopic("clicks", 3);
 *   Properties props = kafka.clientProperties();
 *   ...
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

  /** How long topic creation may take before it is reported as failed. */
  static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(60);
  private static final long METADATA_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  /**
   * Broker settings applied unless {@link Builder#brokerProperty} overrides them. Internal topics
   * get one small partition each so that start-up and the first consumer group / transaction stay fast.
   */
  static final Map<String, String> DEFAULT_BROKER_PROPERTIES = defaults();

  /** Settings that point the node at its own sockets and directories. */
  private static final Set<String> MANAGED_PROPERTIES = Set.of(
      "listeners", "advertised.listeners", "listener.security.protocol.map", "controller.listener.names",
      "inter.broker.listener.name", "controller.quorum.voters", "controller.quorum.bootstrap.servers",
      "process.roles", "node.id", "log.dirs", "log.dir", "metadata.log.dir");

  private final KafkaClusterTestKit cluster;
  private final Path dataDir;
  private final String bootstrapServers;
  private final boolean loopbackOnly;
  private final Admin admin;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedKafka(KafkaClusterTestKit cluster, Path dataDir, boolean loopbackOnly) {
    this.cluster = cluster;
    this.dataDir = dataDir;
    this.loopbackOnly = loopbackOnly;
    this.bootstrapServers = cluster.brokers().values().stream()
        .map(broker -> LoopbackSockets.HOST + ":" + broker.boundPort(brokerListener(cluster)))
        .collect(Collectors.joining(","));
    Properties adminProps = clientProperties();
    adminProps.put(CommonClientConfigs.CLIENT_ID_CONFIG, "embedded-kafka-admin");
    this.admin = Admin.create(adminProps);
  }

  /** Starts a broker whose data lives under {@code java.io.tmpdir}. */
  public static EmbeddedKafka start() {
    return builder().start();
  }

  /** Starts a broker whose data lives in a fresh directory under {@code baseDir} (created if missing). */
  public static EmbeddedKafka start(Path baseDir) {
    return builder().baseDir(baseDir).start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** A fresh copy of the settings every client needs to reach this broker ({@code bootstrap.servers}). */
  public Properties clientProperties() {
    Properties props = new Properties();
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return props;
  }

  /** A new Admin client for this broker; the caller closes it. */
  public Admin createAdmin() {
    requireOpen();
    return Admin.create(clientProperties());
  }

  /** The directory holding this broker's logs and metadata; deleted by {@link #close()}. */
  public Path dataDir() {
    return dataDir;
  }

  /** Whether the listeners are bound to 127.0.0.1 only (false: the test kit's wildcard fallback). */
  public boolean loopbackOnly() {
    return loopbackOnly;
  }

  /** Creates {@code name} with {@code partitions} partitions; see {@link #createTopics(Collection)}. */
  public void createTopic(String name, int partitions) {
    createTopic(name, partitions, Map.of());
  }

  /** Creates {@code name} with topic-level {@code configs} (e.g. {@code cleanup.policy=compact}). */
  public void createTopic(String name, int partitions, Map<String, String> configs) {
    createTopics(List.of(newTopic(name, partitions).configs(configs)));
  }

  /** Creates every topic of {@code partitionsByTopic}; see {@link #createTopics(Collection)}. */
  public void createTopics(Map<String, Integer> partitionsByTopic) {
    List<NewTopic> topics = new ArrayList<>();
    partitionsByTopic.forEach((name, partitions) -> topics.add(newTopic(name, Objects.requireNonNull(partitions,
        () -> "partitions of topic '" + name + "'"))));
    createTopics(topics);
  }

  /**
   * Creates the topics (replication factor 1) and returns once this broker leads every partition,
   * so producers, consumers, Kafka Streams and Flink sources see them right away. A topic that
   * already exists with the same partition count is accepted (callers may share a broker); with
   * another count it is an error.
   *
   * @throws IllegalArgumentException for a blank name or fewer than one partition
   * @throws IllegalStateException naming the topic when the broker refuses or does not answer in time
   */
  public void createTopics(Collection<NewTopic> topics) {
    requireOpen();
    if (topics.isEmpty()) {
      return;
    }
    Map<String, NewTopic> byName = new LinkedHashMap<>();
    for (NewTopic topic : topics) {
      validate(topic.name(), topic.numPartitions());
      if (byName.put(topic.name(), topic) != null) {
        throw new IllegalArgumentException("Topic '" + topic.name() + "' is listed twice");
      }
    }
    long deadline = System.nanoTime() + TOPIC_TIMEOUT.toNanos();
    var futures = admin.createTopics(byName.values()).values();
    for (NewTopic topic : byName.values()) {
      try {
        futures.get(topic.name()).get(remainingNanos(deadline), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw topicFailure(topic.name(), "creating it failed: " + e.getCause().getMessage(), e.getCause());
        }
        requireSamePartitionCount(topic, deadline);
      } catch (TimeoutException e) {
        throw topicFailure(topic.name(), "the broker did not confirm its creation within " + TOPIC_TIMEOUT, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw topicFailure(topic.name(), "interrupted while creating it", e);
      }
    }
    awaitLeaders(byName.values(), deadline);
  }

  /** Stops the broker and deletes its data directory. Safe to call more than once. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    RuntimeException failure = null;
    try {
      admin.close(Duration.ofSeconds(10));
    } catch (RuntimeException e) {
      failure = e;
    }
    try {
      cluster.close();
    } catch (Exception e) {
      RuntimeException stop = new IllegalStateException("Embedded Kafka at " + bootstrapServers
          + " did not shut down cleanly: " + e.getMessage(), e);
      if (failure == null) {
        failure = stop;
      } else {
        failure.addSuppressed(stop);
      }
    } finally {
      deleteQuietly(dataDir);
    }
    LOG.info("Embedded Kafka at {} stopped, {} deleted", bootstrapServers, dataDir);
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "EmbeddedKafka[" + bootstrapServers + ", " + dataDir + "]";
  }

  private static NewTopic newTopic(String name, int partitions) {
    validate(name, partitions);
    return new NewTopic(name, Optional.of(partitions), Optional.of((short) 1));
  }

  private static void validate(String name, int partitions) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("Topic name must not be blank");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("Topic '" + name + "' needs at least 1 partition, got " + partitions);
    }
  }

  private void requireSamePartitionCount(NewTopic topic, long deadline) {
    TopicDescription existing;
    try {
      existing = admin.describeTopics(List.of(topic.name())).allTopicNames()
          .get(remainingNanos(deadline), TimeUnit.NANOSECONDS).get(topic.name());
    } catch (ExecutionException e) {
      throw topicFailure(topic.name(), "it exists but cannot be described: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw topicFailure(topic.name(), "it exists but was not described within " + TOPIC_TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw topicFailure(topic.name(), "interrupted while describing it", e);
    }
    if (existing.partitions().size() != topic.numPartitions()) {
      throw topicFailure(topic.name(), "it already exists with " + existing.partitions().size()
          + " partitions, not " + topic.numPartitions(), null);
    }
  }

  /**
   * The controller confirms a new topic before the broker has applied it to its metadata; until
   * then clients get UNKNOWN_TOPIC_OR_PARTITION (and Kafka Streams fails on a missing source
   * topic). Asks the broker until it reports a leader for every partition, or the deadline passes.
   */
  private void awaitLeaders(Collection<NewTopic> topics, long deadline) {
    Map<String, Integer> expected = new HashMap<>();
    topics.forEach(topic -> expected.put(topic.name(), topic.numPartitions()));
    String missing = null;
    while (true) {
      try {
        Map<String, TopicDescription> described = admin.describeTopics(expected.keySet()).allTopicNames()
            .get(remainingNanos(deadline), TimeUnit.NANOSECONDS);
        missing = firstWithoutLeaders(expected, described);
        if (missing == null) {
          return;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw topicFailure(String.join(", ", expected.keySet()),
              "describing it failed: " + e.getCause().getMessage(), e.getCause());
        }
        missing = e.getCause().getMessage();
      } catch (TimeoutException e) {
        missing = "no answer";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw topicFailure(String.join(", ", expected.keySet()), "interrupted while waiting for its leaders", e);
      }
      if (System.nanoTime() - deadline >= 0) {
        throw topicFailure(String.join(", ", expected.keySet()),
            "partitions still without a leader after " + TOPIC_TIMEOUT + " (" + missing + ")", null);
      }
      LockSupport.parkNanos(METADATA_POLL_NANOS);
    }
  }

  private static String firstWithoutLeaders(Map<String, Integer> expected, Map<String, TopicDescription> described) {
    for (Map.Entry<String, Integer> topic : expected.entrySet()) {
      TopicDescription description = described.get(topic.getKey());
      if (description == null || description.partitions().size() < topic.getValue()
          || description.partitions().stream().anyMatch(p -> p.leader() == null || p.leader().isEmpty())) {
        return topic.getKey();
      }
    }
    return null;
  }

  private IllegalStateException topicFailure(String topic, String reason, Throwable cause) {
    return new IllegalStateException("Topic '" + topic + "' on embedded Kafka " + bootstrapServers + ": " + reason, cause);
  }

  private static long remainingNanos(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }

  private void requireOpen() {
    if (closed.get()) {
      throw new IllegalStateException("Embedded Kafka at " + bootstrapServers + " is closed");
    }
  }

  private static ListenerName brokerListener(KafkaClusterTestKit cluster) {
    // KafkaConfig normalises listener names, so look the bound port up under the normalised name.
    return ListenerName.normalised(cluster.nodes().brokerListenerName().value());
  }

  private static void deleteQuietly(Path dir) {
    try {
      Utils.delete(dir.toFile());
    } catch (IOException e) {
      LOG.warn("Could not delete embedded Kafka data directory {}: {}", dir, e.toString());
    }
  }

  private static Map<String, String> defaults() {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("auto.create.topics.enable", "false");
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "1");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("share.coordinator.state.topic.num.partitions", "1");
    props.put("default.replication.factor", "1");
    props.put("min.insync.replicas", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    return Map.copyOf(props);
  }

  /** Options for {@link EmbeddedKafka}; {@link #start()} starts the broker. */
  public static final class Builder {
    private Path baseDir;
    private final Map<String, String> brokerProperties = new LinkedHashMap<>(DEFAULT_BROKER_PROPERTIES);

    private Builder() {}

    /** Where the broker's data directory is created (default {@code java.io.tmpdir}). */
    public Builder baseDir(Path baseDir) {
      this.baseDir = Objects.requireNonNull(baseDir, "baseDir");
      return this;
    }

    /**
     * Sets a broker setting (e.g. {@code log.retention.ms}). The listeners and the controller quorum
     * are managed here and cannot be set.
     */
    public Builder brokerProperty(String key, Object value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, () -> "value of broker property '" + key + "'");
      if (MANAGED_PROPERTIES.contains(key)) {
        throw new IllegalArgumentException("Broker property '" + key
            + "' is managed by EmbeddedKafka (listeners on " + LoopbackSockets.HOST + ", free ports)");
      }
      brokerProperties.put(key, value.toString());
      return this;
    }

    /**
     * Formats the storage, starts the node and waits until the broker is registered, unfenced and
     * has caught up with the metadata log.
     *
     * @throws IllegalStateException naming the data directory and the reason when it cannot start
     */
    public EmbeddedKafka start() {
      Path dataDir = createDataDir();
      KafkaClusterTestKit cluster = null;
      List<ServerSocketChannel> sockets = new ArrayList<>();
      try {
        TestKitNodes.Builder nodesBuilder = new TestKitNodes.Builder()
            .setNumBrokerNodes(1)
            .setNumControllerNodes(1)
            .setCombined(true)
            .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
            .setBaseDirectory(dataDir);
        TestKitNodes nodes = nodesBuilder.build();
        String unsupported = LoopbackSockets.unsupportedReason(new KafkaClusterTestKit.Builder(nodes));
        Listeners listeners = null;
        if (unsupported == null) {
          listeners = Listeners.bind(nodes, sockets);
          nodes = nodesBuilder.setPerServerProperties(listeners.perServerProperties).build();
        }
        KafkaClusterTestKit.Builder clusterBuilder = new KafkaClusterTestKit.Builder(nodes);
        brokerProperties.forEach(clusterBuilder::setConfigProp);
        if (listeners != null) {
          listeners.handOver(clusterBuilder);
        } else {
          LOG.warn("Embedded Kafka listens on all interfaces, not only {}: {}", LoopbackSockets.HOST, unsupported);
          // The kit binds its own sockets; clients are still told to use the loopback address.
          clusterBuilder.setConfigProp("listeners", nodes.brokerListenerName().value() + "://" + LoopbackSockets.HOST
              + ":0," + nodes.controllerListenerName().value() + "://" + LoopbackSockets.HOST + ":0");
        }
        cluster = clusterBuilder.build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        EmbeddedKafka kafka = new EmbeddedKafka(cluster, dataDir, listeners != null);
        LOG.info("Embedded Kafka {} ready at {}, data in {}", kafkaVersion(), kafka.bootstrapServers(), dataDir);
        return kafka;
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        if (cluster != null) {
          try {
            cluster.close();
          } catch (Exception closing) {
            e.addSuppressed(closing);
          }
        }
        sockets.forEach(socket -> Utils.closeQuietly(socket, "embedded Kafka listener socket"));
        deleteQuietly(dataDir);
        throw new IllegalStateException("Embedded Kafka failed to start (data dir " + dataDir + "): " + e, e);
      }
    }

    private Path createDataDir() {
      try {
        Path parent = baseDir != null ? baseDir : Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(parent);
        return Files.createTempDirectory(parent, "embedded-kafka-");
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot create the embedded Kafka data directory under "
            + (baseDir != null ? baseDir : "java.io.tmpdir") + ": " + e.getMessage(), e);
      }
    }

    private static String kafkaVersion() {
      return org.apache.kafka.common.utils.AppInfoParser.getVersion();
    }
  }

  /** The node's loopback sockets and the settings that point the node at them. */
  private static final class Listeners {
    private final Map<Integer, Map<String, ServerSocketChannel>> socketsByNode = new HashMap<>();
    private final Map<Integer, Map<String, String>> perServerProperties = new HashMap<>();

    static Listeners bind(TestKitNodes nodes, List<ServerSocketChannel> opened) throws IOException {
      String brokerListener = nodes.brokerListenerName().value();
      String controllerListener = nodes.controllerListenerName().value();
      Listeners listeners = new Listeners();
      Map<Integer, Map<String, Integer>> portsByNode = new HashMap<>();
      for (int id : nodes.controllerNodes().keySet()) {
        listeners.open(id, controllerListener, opened, portsByNode);
      }
      for (int id : nodes.brokerNodes().keySet()) {
        listeners.open(id, brokerListener, opened, portsByNode);
      }
      String voters = nodes.controllerNodes().keySet().stream()
          .map(id -> id + "@" + LoopbackSockets.HOST + ":" + portsByNode.get(id).get(controllerListener))
          .collect(Collectors.joining(","));
      portsByNode.forEach((id, ports) -> listeners.perServerProperties.put(id, Map.of(
          "listeners", ports.entrySet().stream()
              .map(port -> port.getKey() + "://" + LoopbackSockets.HOST + ":" + port.getValue())
              .collect(Collectors.joining(",")),
          "controller.quorum.voters", voters)));
      return listeners;
    }

    private void open(int nodeId, String listener, List<ServerSocketChannel> opened,
        Map<Integer, Map<String, Integer>> portsByNode) throws IOException {
      ServerSocketChannel socket = LoopbackSockets.open(listener);
      opened.add(socket);
      socketsByNode.computeIfAbsent(nodeId, id -> new HashMap<>()).put(listener, socket);
      portsByNode.computeIfAbsent(nodeId, id -> new TreeMap<>()).put(listener, LoopbackSockets.port(socket));
    }

    void handOver(KafkaClusterTestKit.Builder cluster) {
      socketsByNode.forEach((id, sockets) -> sockets.forEach((listener, socket) ->
          LoopbackSockets.handOver(cluster, id, listener, socket)));
    }
  }
}
