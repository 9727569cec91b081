package io.cartpulse.bench.offline;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.backtest.streams.StreamsBacktest;
import io.cartpulse.registry.InMemorySchemaRegistryClient;
import io.cartpulse.registry.SpecificAvroSerde;
import io.cartpulse.streams.CartPulseStreamsApp;
import io.cartpulse.streams.config.StreamsAppConfig;
import io.cartpulse.streams.processor.ShopperAlertsProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The production streams-app topology in a {@link TopologyTestDriver} with the backtest's settings
 * ({@link StreamsBacktest#settings}: in-memory stores, input keyed by user, no wall-clock advance,
 * no caching or changelog), fed event by event, with its
 * stores open for inspection: how many entries and serialized bytes the rules hold.
 */
public final class StreamsProbe implements AutoCloseable {
  private final String scope = "bench-" + UUID.randomUUID();
  private final Path stateDir;
  private final TopologyTestDriver driver;
  private final TestInputTopic<byte[], byte[]> input;
  private final TestOutputTopic<String, Alert> output;
  private final SpecificAvroSerde<ClickEvent> clickSerde;
  private final String inputTopic;
  private long alerts;

  public StreamsProbe() {
    this(new Properties());
  }

  /** With settings over the backtest's (e.g. {@code related.session-entries}). */
  public StreamsProbe(Properties overrides) {
    try {
      stateDir = Files.createTempDirectory("cartpulse-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StreamsAppConfig config =
        StreamsAppConfig.of(StreamsBacktest.settings(scope, stateDir, overrides));
    driver = new TopologyTestDriver(CartPulseStreamsApp.build(config), CartPulseStreamsApp.streamsProperties(config),
        Instant.now());
    clickSerde = new SpecificAvroSerde<>(ClickEvent.class, InMemorySchemaRegistryClient.forScope(scope), true, false);
    SpecificAvroSerde<Alert> alertSerde =
        new SpecificAvroSerde<>(Alert.class, InMemorySchemaRegistryClient.forScope(scope), true, false);
    inputTopic = config.topics().input();
    input = driver.createInputTopic(inputTopic, new ByteArraySerializer(), new ByteArraySerializer());
    output = driver.createOutputTopic(config.topics().alerts(), new StringDeserializer(), alertSerde);
  }

  /** The Confluent-framed value the input topic carries for {@code event}. */
  public byte[] encode(ClickEvent event) {
    return clickSerde.serialize(inputTopic, event);
  }

  /** One already encoded record, keyed by user. */
  public void pipe(byte[] userKey, byte[] value, long time) {
    input.pipeInput(userKey, value, time);
  }

  public void pipe(ClickEvent event) {
    input.pipeInput(event.getUserId().getBytes(StandardCharsets.UTF_8), clickSerde.serialize(inputTopic, event),
        event.getEventTime().toEpochMilli());
  }

  /** Alerts emitted so far (drained, so the driver's output buffer does not count as state). */
  public long alerts() {
    List<Alert> values = output.readValuesToList();
    alerts += values.size();
    return alerts;
  }

  /** Entries and serialized key + value bytes of the rule stores. */
  public record StoreUse(long users, long deadlines, long expiry, long bytes) {}

  public StoreUse storeUse() {
    alerts();
    long[] bytes = {0};
    long users = count(driver.<String, byte[]>getKeyValueStore(ShopperAlertsProcessor.USER_STATE_STORE), bytes,
        key -> key.getBytes(StandardCharsets.UTF_8).length);
    long deadlines = count(driver.<Bytes, byte[]>getKeyValueStore(ShopperAlertsProcessor.DEADLINE_STORE), bytes,
        key -> key.get().length);
    long expiry = count(driver.<Bytes, byte[]>getKeyValueStore(ShopperAlertsProcessor.EXPIRY_STORE), bytes,
        key -> key.get().length);
    return new StoreUse(users, deadlines, expiry, bytes[0]);
  }

  private static <K> long count(KeyValueStore<K, byte[]> store, long[] bytes,
      java.util.function.ToIntFunction<K> keySize) {
    long n = 0;
    try (KeyValueIterator<K, byte[]> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<K, byte[]> entry = it.next();
        bytes[0] += keySize.applyAsInt(entry.key) + (entry.value == null ? 0 : entry.value.length);
        n++;
      }
    }
    return n;
  }

  @Override
  public void close() {
    try {
      driver.close();
    } finally {
      InMemorySchemaRegistryClient.dropScope(scope);
      BacktestSection.deleteQuietly(stateDir);
    }
  }
}
