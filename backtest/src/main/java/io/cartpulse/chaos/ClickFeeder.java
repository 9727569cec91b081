package io.cartpulse.chaos;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.contract.Topics;
import io.cartpulse.local.source.CsvReplaySource;
import io.cartpulse.local.source.Pacer;
import io.cartpulse.local.source.SourcedClick;
import io.cartpulse.registry.SpecificAvroSerde;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Replays the input CSV into clickstream at a steady rate, as the synthetic shop's producers would
 * (keyed by userId, idempotent, acks=all, retrying through a broker outage), with a burst of poison
 * records mixed in. Remembers where every poison record landed, so each dead letter can be matched
 * to the record it stands for.
 */
final class ClickFeeder implements AutoCloseable {
  /** Where a poison record landed and why it must be dead-lettered. */
  record Landed(int partition, long offset, PoisonRecords.Reason reason) {}

  private final KafkaProducer<byte[], byte[]> producer;
  private final SpecificAvroSerde<ClickEvent> serde;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong acked = new AtomicLong();
  private final AtomicReference<Exception> firstError = new AtomicReference<>();
  private final Map<String, Landed> poison = new ConcurrentHashMap<>();
  private final AtomicLong poisonSent = new AtomicLong();

  ClickFeeder(String bootstrapServers, SpecificAvroSerde<ClickEvent> serde) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "chaos-feeder");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // A broker restart must delay the input, never lose it: wait out the outage.
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Duration.ofMinutes(10).toMillis());
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Duration.ofMinutes(10).toMillis());
    config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
    this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    this.serde = serde;
  }

  /**
   * Sends the CSV's events at {@code rate} per second; before the valid event number
   * {@code poisonFrom} (0-based) and the following ones it also sends {@code poisonPerEvent} records
   * of {@code poisonSource} until {@code poisonCount} are out. {@code progress} hears the number of
   * valid events sent after each one. Returns the number of valid events sent.
   */
  long feed(Path csv, double rate, PoisonRecords poisonSource, long poisonCount, long poisonFrom, int poisonPerEvent,
      LongConsumer progress) throws Exception {
    Pacer pacer = Pacer.rate(rate);
    long valid = 0;
    try (CsvReplaySource source = CsvReplaySource.open(csv)) {
      SourcedClick click;
      while ((click = source.next()) != null) {
        if (!click.valid()) {
          throw new IllegalStateException("the input CSV has an invalid row at line " + click.lineNumber() + ": "
              + click.invalidReason());
        }
        pacer.awaitNext(click.eventTimeMillis(), () -> false);
        if (poisonSource != null && valid >= poisonFrom) {
          for (int i = 0; i < poisonPerEvent && poisonSent.get() < poisonCount; i++) {
            sendPoison(poisonSource.next());
          }
        }
        ClickEvent event = click.event();
        send(event.getUserId().getBytes(StandardCharsets.UTF_8), serde.serialize(Topics.CLICKSTREAM, event), null);
        valid++;
        progress.accept(valid);
      }
    }
    while (poisonSource != null && poisonSent.get() < poisonCount) {
      sendPoison(poisonSource.next());
    }
    producer.flush();
    return valid;
  }

  private void sendPoison(PoisonRecords.Poison record) {
    poisonSent.incrementAndGet();
    send(record.key(), record.value(), record.reason());
  }

  private void send(byte[] key, byte[] value, PoisonRecords.Reason reason) {
    sent.incrementAndGet();
    producer.send(new ProducerRecord<>(Topics.CLICKSTREAM, key, value), (metadata, error) -> {
      if (error != null) {
        firstError.compareAndSet(null, error);
        return;
      }
      acked.incrementAndGet();
      if (reason != null) {
        poison.put(metadata.partition() + "@" + metadata.offset(),
            new Landed(metadata.partition(), metadata.offset(), reason));
      }
    });
  }

  long sent() {
    return sent.get();
  }

  long acked() {
    return acked.get();
  }

  Exception firstError() {
    return firstError.get();
  }

  /** The poison records acknowledged so far, by "partition@offset". */
  Map<String, Landed> poison() {
    return Map.copyOf(poison);
  }

  List<Landed> poisonList() {
    return List.copyOf(poison.values());
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(30));
  }
}
