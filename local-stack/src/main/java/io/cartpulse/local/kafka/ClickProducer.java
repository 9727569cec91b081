package io.cartpulse.local.kafka;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.registry.RegistryConfig;
import io.cartpulse.registry.SpecificAvroSerde;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces clicks to {@code clickstream} the way a shop front end would: keyed by userId (so a
 * user's clicks stay in order on one partition), Avro through the Schema Registry, idempotent.
 */
public final class ClickProducer implements AutoCloseable {
  private final KafkaProducer<String, ClickEvent> producer;
  private final String topic;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong acked = new AtomicLong();
  private final AtomicReference<Exception> firstError = new AtomicReference<>();

  public ClickProducer(String bootstrapServers, String registryUrl, boolean autoRegister, String topic) {
    this(bootstrapServers, registryUrl, autoRegister, topic, Map.of());
  }

  /**
   * {@code clientConfig}: the settings of a real cluster (a {@code --command-config} file):
   * Kafka client keys ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}, tuning) go to the
   * producer, registry keys ({@link #isRegistryKey}) to the serializer's registry client.
   */
  public ClickProducer(String bootstrapServers, String registryUrl, boolean autoRegister, String topic,
      Map<String, ?> clientConfig) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "cartpulse-click-producer");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    Map<String, Object> registry = new HashMap<>();
    clientConfig.forEach((key, value) -> (isRegistryKey(key) ? registry : config).put(key, value));
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    registry.put(RegistryConfig.SCHEMA_REGISTRY_URL, registryUrl);
    registry.put(RegistryConfig.AUTO_REGISTER_SCHEMAS, autoRegister);
    SpecificAvroSerde<ClickEvent> serde = new SpecificAvroSerde<>(ClickEvent.class);
    serde.configure(registry, false);
    this.producer = new KafkaProducer<>(config, new StringSerializer(), serde);
    this.topic = topic;
  }

  /** Settings of the Schema Registry client rather than of Kafka's (Confluent's key names). */
  public static boolean isRegistryKey(String key) {
    return key.startsWith("schema.registry.") || key.startsWith("basic.auth.");
  }

  /**
   * Sends one click keyed by its userId. Returns false when the record cannot be encoded (then
   * nothing was sent); delivery failures surface through {@link #firstError()}.
   */
  public boolean send(ClickEvent event) {
    try {
      producer.send(new ProducerRecord<>(topic, event.getUserId(), event), (metadata, error) -> {
        if (error == null) {
          acked.incrementAndGet();
        } else {
          firstError.compareAndSet(null, error);
        }
      });
    } catch (SerializationException e) {
      return false;
    }
    sent.incrementAndGet();
    return true;
  }

  public long sent() {
    return sent.get();
  }

  public long acked() {
    return acked.get();
  }

  /** The first failed delivery, or null. */
  public Exception firstError() {
    return firstError.get();
  }

  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
