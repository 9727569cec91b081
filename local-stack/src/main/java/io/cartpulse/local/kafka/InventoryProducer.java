package io.cartpulse.local.kafka;

import io.cartpulse.avro.InventoryLevel;
import io.cartpulse.registry.RegistryConfig;
import io.cartpulse.registry.SpecificAvroSerde;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.StringSerializer;

/** Sends inventory levels (Avro {@code InventoryLevel}) keyed by productId, like {@link ClickProducer} does clicks. */
public final class InventoryProducer implements AutoCloseable {
  private final KafkaProducer<String, InventoryLevel> producer;
  private final String topic;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicReference<Exception> firstError = new AtomicReference<>();

  public InventoryProducer(String bootstrapServers, String registryUrl, boolean autoRegister, String topic) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "cartpulse-inventory-producer");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    Map<String, Object> registry = new HashMap<>();
    registry.put(RegistryConfig.SCHEMA_REGISTRY_URL, registryUrl);
    registry.put(RegistryConfig.AUTO_REGISTER_SCHEMAS, autoRegister);
    SpecificAvroSerde<InventoryLevel> serde = new SpecificAvroSerde<>(InventoryLevel.class);
    serde.configure(registry, false);
    this.producer = new KafkaProducer<>(config, new StringSerializer(), serde);
    this.topic = topic;
  }

  /** Sends one level keyed by its productId; false when it cannot be encoded (nothing sent). */
  public boolean send(InventoryLevel level) {
    try {
      producer.send(new ProducerRecord<>(topic, level.getProductId(), level), (metadata, error) -> {
        if (error != null) {
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

  public Exception firstError() {
    return firstError.get();
  }

  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close();
  }
}
