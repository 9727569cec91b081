package io.cartpulse.local.tools;

import io.cartpulse.contract.Topics;
import io.cartpulse.local.Endpoints;
import io.cartpulse.local.cli.Args;
import io.cartpulse.local.cli.Cli;
import io.cartpulse.local.kafka.LocalTopics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * {@code scripts/create-topics}: creates the CartPulse topics on a real cluster. Topics that
 * already exist are reported with their partition count and left alone.
 */
public final class CreateTopics {
  static final String USAGE = """
      Usage: scripts/create-topics --bootstrap HOST:PORT [--partitions N] [--output-partitions N]
                                   [--replication-factor N] [--retention-ms MS] [--command-config FILE]
                                   [--timeout S]
        Creates clickstream, alerts, pvuv, clickstream-dlq and clickstream-late.
        --bootstrap           Kafka bootstrap servers (default: the running scripts/run-local)
        --partitions          partitions of clickstream (default 4; the engines' parallelism)
        --output-partitions   partitions of alerts, pvuv, clickstream-dlq, clickstream-late (default 1)
        --replication-factor  replication factor of every topic (default: the broker's default.replication.factor)
        --retention-ms        retention.ms of every topic (default: the broker's); -1 keeps everything, which
                              replays of old data need: the engines stamp their output with event time
        --command-config      Kafka client properties file (security settings)
        --timeout             seconds to wait for the cluster (default 15)
      """;

  private CreateTopics() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  public static int run(String[] argv, PrintStream out, PrintStream err) {
    return Cli.run("create-topics", USAGE, out, err, () -> {
      Args args = Args.parse(argv,
          Set.of("bootstrap", "partitions", "output-partitions", "replication-factor", "retention-ms", "command-config", "timeout"), Set.of());
      Duration timeout = Connectivity.timeout(args);
      Endpoints endpoints = Endpoints.resolve(args.get("bootstrap"), null);
      int partitions = args.intValue("partitions", LocalTopics.CLICKSTREAM_PARTITIONS, 1, 10_000);
      int outputPartitions = args.intValue("output-partitions", 1, 1, 10_000);
      Optional<Short> replication = args.has("replication-factor")
          ? Optional.of((short) args.intValue("replication-factor", 1, 1, Short.MAX_VALUE)) : Optional.empty();
      Long retentionMs = args.has("retention-ms") ? args.longValue("retention-ms", -1, -1, Long.MAX_VALUE) : null;
      Path commandConfig = args.has("command-config") ? args.existingFile("command-config") : null;
      Map<String, Object> config = Connectivity.kafkaConfig(endpoints.bootstrapServers(), commandConfig, timeout);
      try (Admin admin = Admin.create(config)) {
        Connectivity.requireKafka(admin, endpoints.bootstrapServers(), timeout);
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : LocalTopics.ALL) {
          int count = Topics.CLICKSTREAM.equals(topic) || Topics.INVENTORY.equals(topic) ? partitions : outputPartitions;
          NewTopic newTopic = new NewTopic(topic, Optional.of(count), replication);
          if (LocalTopics.COMPACTED.contains(topic)) {
            newTopic.configs(Map.of("cleanup.policy", "compact"));
          } else if (retentionMs != null) {
            newTopic.configs(Map.of("retention.ms", String.valueOf(retentionMs)));
          }
          topics.add(newTopic);
        }
        boolean failed = false;
        var results = admin.createTopics(topics).values();
        for (NewTopic topic : topics) {
          try {
            results.get(topic.name()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            out.printf("created %-18s partitions=%d replication=%s%n", topic.name(), topic.numPartitions(),
                replication.map(String::valueOf).orElse("broker default"));
          } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
              out.printf("exists  %-18s %s%n", topic.name(), describe(admin, topic, timeout));
            } else {
              failed = true;
              err.println("create-topics: cannot create " + topic.name() + ": " + Cli.describe(e.getCause()));
            }
          } catch (TimeoutException e) {
            failed = true;
            err.println("create-topics: creating " + topic.name() + " timed out after " + timeout.toSeconds() + " s");
          }
        }
        return failed ? Cli.FAILED : Cli.OK;
      }
    });
  }

  private static String describe(Admin admin, NewTopic wanted, Duration timeout) throws InterruptedException {
    try {
      TopicDescription description = admin.describeTopics(List.of(wanted.name())).topicNameValues()
          .get(wanted.name()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      int actual = description.partitions().size();
      int replicas = description.partitions().isEmpty() ? 0 : description.partitions().get(0).replicas().size();
      String text = "partitions=" + actual + " replication=" + replicas;
      return actual == wanted.numPartitions() ? text
          : text + " (left as is; wanted " + wanted.numPartitions() + " partitions)";
    } catch (ExecutionException | TimeoutException e) {
      return "(cannot describe: " + Cli.describe(e) + ")";
    }
  }
}
