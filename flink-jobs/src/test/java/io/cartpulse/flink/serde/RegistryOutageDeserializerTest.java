package io.cartpulse.flink.serde;

import static io.cartpulse.testing.Clicks.click;
import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.flink.model.SourcedClick;
import io.cartpulse.platform.registry.LocalSchemaRegistry;
import io.cartpulse.registry.RegistryConfig;
import io.cartpulse.registry.SpecificAvroSerde;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A Schema Registry outage must never turn a valid record into a dead letter. */
class RegistryOutageDeserializerTest {
  static final long T = 1_569_888_000_000L;

  @Test
  @Timeout(60)
  void decodingWaitsForTheRegistryInsteadOfDeadLetteringTheRecord() throws Exception {
    ClickEvent event = click(T, "view", "u1", "p1", "apparel.shoes");
    byte[] value;
    try (LocalSchemaRegistry before = LocalSchemaRegistry.start(0)) {
      SpecificAvroSerde<ClickEvent> serde = new SpecificAvroSerde<>(ClickEvent.class);
      serde.configure(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, before.url(), RegistryConfig.AUTO_REGISTER_SCHEMAS,
          "true"), false);
      value = serde.serialize("clickstream", event);
    }
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    // The registry comes (back) a moment after the first record needs it: same schema, same id.
    AtomicReference<LocalSchemaRegistry> after = new AtomicReference<>();
    ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    later.schedule(() -> {
      LocalSchemaRegistry registry = LocalSchemaRegistry.start(port);
      after.set(registry);
      SpecificAvroSerde<ClickEvent> serde = new SpecificAvroSerde<>(ClickEvent.class);
      serde.configure(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, registry.url(),
          RegistryConfig.AUTO_REGISTER_SCHEMAS, "true"), false);
      serde.serialize("clickstream", event);
    }, 1, TimeUnit.SECONDS);
    try {
      SourcedClickDeserializer deserializer = new SourcedClickDeserializer("clickstream",
          Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:" + port, RegistryConfig.MAX_RETRIES, "0"));
      deserializer.open(null);
      List<SourcedClick> out = new ArrayList<>();
      deserializer.deserialize(new ConsumerRecord<>("clickstream", 0, 7L, "u1".getBytes(), value),
          new Collector<>() {
            @Override
            public void collect(SourcedClick click) {
              out.add(click);
            }

            @Override
            public void close() {}
          });
      assertThat(out).singleElement().satisfies(click -> {
        assertThat(click.invalidReason).isNull();
        assertThat(click.event.getUserId()).isEqualTo("u1");
      });
    } finally {
      later.shutdownNow();
      if (after.get() != null) {
        after.get().close();
      }
    }
  }
}
