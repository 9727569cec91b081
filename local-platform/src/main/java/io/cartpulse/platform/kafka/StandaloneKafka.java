package io.cartpulse.platform.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node Kafka (one combined KRaft broker + controller) as a process of its own, on fixed
 * loopback ports and a fixed log directory: kill it, start it again with the same arguments, and it
 * recovers its logs, offsets and transactions like any broker (scripts/chaos does exactly that).
 * Kafka's own server class runs it; {@link EmbeddedKafka} (Kafka's test kit, a fresh directory per
 * start) stays the choice inside one JVM.
 *
 * <pre>StandaloneKafka --dir DIR --port N --controller-port N [key=value ...]</pre>
 * The directory is formatted on first use only. Extra {@code key=value} arguments are broker
 * settings on top of {@link EmbeddedKafka}'s defaults (replication factor 1 everywhere, no topic
 * auto-creation).
 */
public final class StandaloneKafka {
  static final String CONTROLLER_LISTENER = "CONTROLLER";
  static final int NODE_ID = 1;

  private StandaloneKafka() {}

  public static void main(String[] args) throws Exception {
    Path dir = null;
    int port = -1;
    int controllerPort = -1;
    Map<String, String> extra = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--dir" -> dir = Path.of(value(args, ++i, "--dir"));
        case "--port" -> port = port(value(args, ++i, "--port"), "--port");
        case "--controller-port" -> controllerPort = port(value(args, ++i, "--controller-port"), "--controller-port");
        default -> {
          int eq = args[i].indexOf('=');
          if (eq <= 0) {
            usage("unexpected argument '" + args[i] + "'");
          }
          extra.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
      }
    }
    if (dir == null || port <= 0 || controllerPort <= 0) {
      usage("--dir, --port and --controller-port are required");
    }
    KafkaRaftServer server = start(dir, port, controllerPort, extra);
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "standalone-kafka-shutdown"));
    System.out.println("Kafka ready on " + LoopbackSockets.HOST + ":" + port + ", data in " + dir);
    server.awaitShutdown();
  }

  /** Formats {@code dir} if it is new and starts the node on it; the caller shuts it down. */
  public static KafkaRaftServer start(Path dir, int port, int controllerPort, Map<String, String> extra)
      throws Exception {
    Properties props = serverProperties(dir, port, controllerPort, extra);
    formatIfNeeded(dir.resolve("logs"));
    KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
    server.startup();
    return server;
  }

  /** The broker's settings: loopback listeners on the given ports, logs under {@code dir/logs}. */
  static Properties serverProperties(Path dir, int port, int controllerPort, Map<String, String> extra) {
    Properties props = new Properties();
    EmbeddedKafka.DEFAULT_BROKER_PROPERTIES.forEach(props::setProperty);
    props.setProperty("process.roles", "broker,controller");
    props.setProperty("node.id", String.valueOf(NODE_ID));
    props.setProperty("controller.quorum.voters", NODE_ID + "@" + LoopbackSockets.HOST + ":" + controllerPort);
    props.setProperty("listeners", "PLAINTEXT://" + LoopbackSockets.HOST + ":" + port + "," + CONTROLLER_LISTENER
        + "://" + LoopbackSockets.HOST + ":" + controllerPort);
    props.setProperty("advertised.listeners", "PLAINTEXT://" + LoopbackSockets.HOST + ":" + port);
    props.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    props.setProperty("controller.listener.names", CONTROLLER_LISTENER);
    props.setProperty("inter.broker.listener.name", "PLAINTEXT");
    props.setProperty("log.dirs", dir.resolve("logs").toAbsolutePath().toString());
    extra.forEach(props::setProperty);
    return props;
  }

  /** Formats the log directory for a new single-node cluster, unless it holds one already. */
  static void formatIfNeeded(Path logDir) throws Exception {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return;
    }
    Files.createDirectories(logDir);
    new Formatter()
        .setPrintStream(System.out)
        .setNodeId(NODE_ID)
        .setClusterId(Uuid.randomUuid().toString())
        .setDirectories(List.of(logDir.toAbsolutePath().toString()))
        .setMetadataLogDirectory(logDir.toAbsolutePath().toString())
        .setControllerListenerName(CONTROLLER_LISTENER)
        .setReleaseVersion(MetadataVersion.latestProduction())
        .setIgnoreFormatted(true)
        .run();
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length) {
      usage(option + " needs a value");
    }
    return args[index];
  }

  private static int port(String text, String option) {
    try {
      int port = Integer.parseInt(text);
      if (port > 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    usage(option + " must be a port number 1..65535, was '" + text + "'");
    return -1;
  }

  private static void usage(String problem) {
    System.err.println("StandaloneKafka: " + problem);
    System.err.println("usage: StandaloneKafka --dir DIR --port N --controller-port N [key=value ...]");
    System.exit(2);
  }
}
