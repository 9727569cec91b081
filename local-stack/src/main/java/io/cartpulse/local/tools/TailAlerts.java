package io.cartpulse.local.tools;

import io.cartpulse.alert.BacktestOutput;
import io.cartpulse.avro.Alert;
import io.cartpulse.click.Rees46Csv;
import io.cartpulse.contract.Topics;
import io.cartpulse.local.Endpoints;
import io.cartpulse.local.cli.Args;
import io.cartpulse.local.cli.Cli;
import io.cartpulse.local.kafka.PipelineOutput;
import io.cartpulse.local.kafka.TopicReader;
import io.cartpulse.registry.SchemaRegistryClient;
import io.cartpulse.registry.SpecificAvroSerde;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * {@code scripts/tail-alerts}: follows the {@code alerts} topic of a running cluster and prints
 * each alert decoded through the Schema Registry, as a downstream consumer sees it
 * ({@code read_committed}: exactly-once output only once its transaction commits).
 */
public final class TailAlerts {
  static final String USAGE = """
      Usage: scripts/tail-alerts [--bootstrap HOST:PORT] [--registry URL] [--from-beginning] [--json]
                                 [--topic NAME] [--max N] [--seconds N] [--command-config FILE]
                                 [--basic-auth USER:PASSWORD] [--timeout S]
        Prints the alerts written to the alerts topic, one per line, until Ctrl-C.
        --bootstrap       Kafka bootstrap servers (default: the running scripts/run-local, else 127.0.0.1:9092)
        --registry        Schema Registry URL (default: the running scripts/run-local, else http://127.0.0.1:8081)
        --from-beginning  start with the oldest alert instead of only new ones
        --json            print the backtest's JSON line (docs/ALERTS.md section 6) instead of text
        --topic           topic to follow (default alerts)
        --max N           stop after N alerts;  --seconds N  stop after N seconds
        --command-config  client properties of a secured cluster: Kafka keys (security.protocol, sasl.*, ssl.*)
                          and registry keys (basic.auth.user.info, schema.registry.ssl.*)
        --basic-auth      Schema Registry credentials
        --timeout         seconds to wait for the broker and the registry at start (default 15)
      """;

  private TailAlerts() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err, null));
  }

  /** Runs the tool; {@code stop} (optional) ends it early, like Ctrl-C. */
  public static int run(String[] argv, PrintStream out, PrintStream err, CountDownLatch stop) {
    return Cli.run("tail-alerts", USAGE, out, err, () -> {
      Args args = Args.parse(argv,
          Set.of("bootstrap", "registry", "topic", "max", "seconds", "command-config", "basic-auth", "timeout"),
          Set.of("from-beginning", "json"));
      Endpoints endpoints = Endpoints.resolve(args.get("bootstrap"), args.get("registry"));
      String topic = args.get("topic", Topics.ALERTS);
      long max = args.longValue("max", Long.MAX_VALUE, 1, Long.MAX_VALUE);
      long seconds = args.longValue("seconds", 0, 1, Long.MAX_VALUE);
      Path commandConfig = args.has("command-config") ? args.existingFile("command-config") : null;
      Duration timeout = Connectivity.timeout(args);
      Map<String, Object> kafkaConfig = Connectivity.kafkaConfig(endpoints.bootstrapServers(), commandConfig, timeout);
      try (Admin admin = Admin.create(kafkaConfig)) {
        Connectivity.requireKafka(admin, endpoints.bootstrapServers(), timeout);
      }
      SchemaRegistryClient registry = Connectivity.registry(endpoints.registryUrl(), args.get("basic-auth"),
          Connectivity.commandConfig(commandConfig), timeout);
      SpecificAvroSerde<Alert> serde = new SpecificAvroSerde<>(Alert.class, registry, false, false);
      return tail(kafkaConfig, topic, timeout, serde, args.has("from-beginning"), args.has("json"), max,
          seconds == 0 ? Long.MAX_VALUE : System.nanoTime() + Duration.ofSeconds(seconds).toNanos(), out, err, stop);
    });
  }

  private static int tail(Map<String, Object> kafkaConfig, String topic, Duration timeout,
      SpecificAvroSerde<Alert> serde,
      boolean fromBeginning, boolean json, long max, long deadlineNanos, PrintStream out, PrintStream err,
      CountDownLatch stop) throws Cli.Failure {
    Map<String, Object> config = TopicReader.consumerConfig(
        kafkaConfig.get("bootstrap.servers").toString(), "cartpulse-tail-alerts");
    kafkaConfig.forEach(config::putIfAbsent);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions;
      try {
        partitions = TopicReader.partitions(consumer, topic, timeout);
      } catch (IllegalStateException e) {
        throw new Cli.Failure(e.getMessage() + " on " + config.get("bootstrap.servers"));
      }
      consumer.assign(partitions);
      if (fromBeginning) {
        consumer.seekToBeginning(partitions);
      } else {
        consumer.seekToEnd(partitions);
      }
      Thread main = Thread.currentThread();
      Thread hook = new Thread(consumer::wakeup, "tail-alerts-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      long printed = 0;
      try {
        while (printed < max && System.nanoTime() < deadlineNanos && (stop == null || stop.getCount() > 0)) {
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            Alert alert = PipelineOutput.decode(serde, record);
            if (alert == null) {
              err.println("tail-alerts: " + record.topic() + "-" + record.partition() + " offset " + record.offset()
                  + ": cannot decode the record (not an Alert in the registry's wire format)");
              continue;
            }
            out.println(json ? BacktestOutput.alertLine(alert) : format(alert));
            if (++printed >= max) {
              break;
            }
          }
          out.flush();
        }
      } catch (WakeupException e) {
        // Ctrl-C: end quietly.
      } finally {
        if (main == Thread.currentThread()) {
          try {
            Runtime.getRuntime().removeShutdownHook(hook);
          } catch (IllegalStateException shuttingDown) {
            // The JVM is already stopping; the hook has run.
          }
        }
      }
      return Cli.OK;
    }
  }

  /** One readable line: time, type, who and what, source, message, attributes. */
  public static String format(Alert alert) {
    StringBuilder line = new StringBuilder();
    line.append(Rees46Csv.formatTime(alert.getEventTime().toEpochMilli())).append("  ");
    line.append(String.format("%-17s", alert.getType().name()));
    if (alert.getUserId() != null) {
      line.append(" user=").append(alert.getUserId());
    }
    if (alert.getProductId() != null) {
      line.append(" product=").append(alert.getProductId());
    }
    line.append("  [").append(alert.getSource()).append("]  ").append(alert.getMessage());
    if (!alert.getAttributes().isEmpty()) {
      line.append("  ").append(new TreeMap<>(alert.getAttributes()));
    }
    return line.toString();
  }
}
