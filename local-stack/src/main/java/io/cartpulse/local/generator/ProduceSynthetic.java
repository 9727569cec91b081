package io.cartpulse.local.generator;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.click.Rees46Csv;
import io.cartpulse.contract.Subjects;
import io.cartpulse.contract.Topics;
import io.cartpulse.local.cli.Args;
import io.cartpulse.local.cli.Cli;
import io.cartpulse.local.generator.SyntheticShop.ShopConfig;
import io.cartpulse.local.kafka.ClickProducer;
import io.cartpulse.local.source.Pacer;
import java.io.PrintStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The synthetic shop as a standalone producer (the {@code generator} service of compose/): clicks
 * keyed by userId, Avro in the Confluent wire format, paced at {@code --rate} events per wall
 * second. The shop's event clock then runs {@code --time-speed} times faster than the wall clock
 * (see {@link SyntheticShop} for why the default compresses 7 days into 42 seconds).
 */
public final class ProduceSynthetic {
  static final String USAGE = """
      Usage: produce-synthetic --bootstrap HOST:PORT --registry URL [--topic clickstream] [--rate 2000]
                               [--time-speed 14400] [--seed S] [--users U] [--max-events N]
                               [--start 2019-10-01T00:00:00Z] [--realtime] [--auto-register]
                               [--command-config FILE]
        Produces the synthetic shop to Kafka until stopped (or --max-events).
        --bootstrap      Kafka bootstrap servers (required)
        --registry       Schema Registry URL (required)
        --topic          target topic (default clickstream)
        --rate           events per wall second (default 2000; 200 with --realtime)
        --time-speed     event ms per wall ms (default 14400 = 4 event hours per second; 1 with --realtime)
        --seed           random seed (default 20191001)
        --users          background shoppers (default 20000)
        --max-events     stop after N events (default: never)
        --start          event time of the first click, ISO-8601 instant or epoch ms (default 2019-10-01T00:00:00Z)
        --realtime       no time compression (ShopConfig.realTime())
        --auto-register  register the ClickEvent schema if missing (default: expect it registered)
        --command-config properties for a secured cluster: Kafka client keys (security.protocol, sasl.*,
                         ssl.*) and registry keys (basic.auth.user.info, schema.registry.ssl.*)
      """;

  private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

  private ProduceSynthetic() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  public static int run(String[] argv, PrintStream out, PrintStream err) {
    return Cli.run("produce-synthetic", USAGE, out, err, () -> {
      Args args = Args.parse(argv, Set.of("bootstrap", "registry", "topic", "rate", "time-speed", "seed", "users",
          "max-events", "start", "command-config"), Set.of("realtime", "auto-register"));
      Map<String, Object> clientConfig = new HashMap<>();
      args.propertiesFile("command-config").forEach((key, value) -> clientConfig.put(key.toString(), value));
      String bootstrap = args.required("bootstrap");
      String registry = args.required("registry");
      String topic = args.get("topic", Topics.CLICKSTREAM);
      ShopConfig base = args.has("realtime") ? ShopConfig.realTime() : ShopConfig.defaults();
      ShopConfig config;
      try {
        config = base
            .withEventsPerSecond(args.intValue("rate", base.eventsPerSecond(), 1, 10_000_000))
            .withTimeSpeed(args.doubleValue("time-speed", base.timeSpeed(), 0))
            .withSeed(args.longValue("seed", base.seed(), Long.MIN_VALUE, Long.MAX_VALUE))
            .withUsers(args.intValue("users", base.users(), 1, Integer.MAX_VALUE))
            .withMaxEvents(args.longValue("max-events", 0, 0, Long.MAX_VALUE))
            .withStartEpochMs(start(args.get("start"), base.startEpochMs()));
      } catch (IllegalArgumentException e) {
        throw new Args.UsageException(e.getMessage());
      }
      return produce(config, bootstrap, registry, topic, args.has("auto-register"), clientConfig, out);
    });
  }

  static long start(String value, long fallback) throws Args.UsageException {
    if (value == null) {
      return fallback;
    }
    try {
      return value.chars().allMatch(Character::isDigit) ? Long.parseLong(value) : Instant.parse(value).toEpochMilli();
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new Args.UsageException("--start " + value + ": expected an ISO-8601 instant or epoch milliseconds");
    }
  }

  private static int produce(ShopConfig config, String bootstrap, String registry, String topic, boolean autoRegister,
      Map<String, Object> clientConfig, PrintStream out) throws Exception {
    SyntheticShop shop = new SyntheticShop(config);
    Pacer pacer = Pacer.rate(config.eventsPerSecond());
    CountDownLatch stopped = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(1);
    // On SIGTERM (docker stop) let the loop end and flush what it sent before the JVM exits.
    Thread hook = new Thread(() -> {
      stopped.countDown();
      try {
        finished.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "produce-synthetic-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    out.printf("produce-synthetic: %s -> %s (%s), %s, event clock x%s from %s%n", bootstrap, topic, registry,
        pacer.describe(), config.timeSpeed(), Rees46Csv.formatTime(config.startEpochMs()));
    try (ClickProducer producer = new ClickProducer(bootstrap, registry, autoRegister, topic, clientConfig)) {
      long nextProgress = System.nanoTime() + PROGRESS_EVERY_NANOS;
      ClickEvent event;
      while ((event = shop.next()) != null) {
        if (!pacer.awaitNext(event.getEventTime().toEpochMilli(), () -> stopped.getCount() == 0)) {
          break;
        }
        if (!producer.send(event)) {
          throw new Cli.Failure("cannot encode a click for " + topic + " (is ClickEvent registered under "
              + Subjects.valueSubject(topic) + " at " + registry + "? use --auto-register to register it)");
        }
        if (producer.firstError() != null) {
          throw new Cli.Failure("producing to " + topic + " at " + bootstrap + " failed: "
              + Cli.describe(producer.firstError()), producer.firstError());
        }
        if (System.nanoTime() >= nextProgress) {
          nextProgress += PROGRESS_EVERY_NANOS;
          out.printf("produce-synthetic: sent %,d acked %,d, event clock %s%n", producer.sent(), producer.acked(),
              Rees46Csv.formatTime(shop.eventClock()));
        }
      }
      producer.flush();
      out.printf("produce-synthetic: done, sent %,d acked %,d, event clock %s%n", producer.sent(), producer.acked(),
          Rees46Csv.formatTime(shop.eventClock()));
      return producer.firstError() == null ? Cli.OK : Cli.FAILED;
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is already stopping: the hook has run and the producer is closed above.
      }
    }
  }
}
