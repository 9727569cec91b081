package io.cartpulse.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.contract.Subjects;
import io.cartpulse.contract.Topics;
import io.cartpulse.registry.AvroWireCodec;
import io.cartpulse.registry.InMemorySchemaRegistryClient;
import io.cartpulse.registry.SchemaRegistryClient;
import io.cartpulse.registry.SchemaRegistryException;
import io.cartpulse.registry.SpecificAvroSerde;
import io.cartpulse.streams.processor.ShopperAlertsProcessor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class CartPulseStreamsAppTest {

  @Test
  void aBadConfigurationStopsStartUpWithExitCode2() {
    assertThat(CartPulseStreamsApp.run(new String[0], Map.of())).isEqualTo(2);
    assertThat(CartPulseStreamsApp.run(new String[0], Map.of(
        "CARTPULSE_BOOTSTRAP_SERVERS", "kafka:9092",
        "CARTPULSE_SCHEMA_REGISTRY_URL", "mock://x",
        "CARTPULSE_COUPON_TIERS", "500,200"))).isEqualTo(2);
  }

  @Test
  void encodingAnAlertWaitsOutARegistryOutage() {
    InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    registry.register(Subjects.valueSubject(Topics.ALERTS), AvroWireCodec.registryForm(Alert.getClassSchema()));
    AtomicInteger lookUps = new AtomicInteger();
    SchemaRegistryClient flaky = (SchemaRegistryClient) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {SchemaRegistryClient.class}, (proxy, method, args) -> {
          if (method.getName().equals("lookUpId") && lookUps.incrementAndGet() == 1) {
            throw new SchemaRegistryException(SchemaRegistryException.UNREACHABLE, "connection refused");
          }
          try {
            return method.invoke(registry, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
    Serde<Alert> serde = CartPulseStreamsApp.waitingForTheRegistry(new SpecificAvroSerde<>(Alert.class, flaky, false,
        false));
    Alert alert = Alert.newBuilder().setAlertId("a-1").setType(AlertType.CROSS_SELL).setEventTime(Instant.EPOCH)
        .setDetectedAt(Instant.EPOCH).setSource("streams-app").setMessage("m").build();

    byte[] bytes = serde.serializer().serialize("alerts", alert);

    assertThat(lookUps).hasValue(2);
    assertThat(serde.deserializer().deserialize("alerts", bytes)).isEqualTo(alert);
  }

  @Test
  void describeBuildsTheTopologyPrintsItAndExitsWithoutConnecting() throws IOException {
    Path file = Files.createDirectories(Path.of("target", "config-test")).resolve("describe.properties");
    // Nothing listens on port 1: a run would wait for the broker, describe must not try.
    Files.writeString(file, "bootstrap.servers=127.0.0.1:1\nschema.registry.url=http://127.0.0.1:1\n");
    PrintStream stdout = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      code = CartPulseStreamsApp.run(new String[] {CartPulseStreamsApp.DESCRIBE, file.toString()}, Map.of());
    } finally {
      System.setOut(stdout);
    }

    assertThat(code).isZero();
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Source: clickstream-source (topics: [clickstream])")
        .contains(ShopperAlertsProcessor.USER_STATE_STORE);
  }

  @Test
  void aMissingConfigFileStopsStartUpWithExitCode2() {
    assertThat(CartPulseStreamsApp.run(new String[] {"target/no-such-file.properties"}, Map.of())).isEqualTo(2);
  }

  @Test
  void theConfigFileComesFromTheFirstArgumentOrTheEnvironment() throws IOException {
    Path file = Files.createDirectories(Path.of("target", "config-test")).resolve("streams.properties");
    Files.writeString(file, "bootstrap.servers=kafka:9092\ncoupon.zone=Europe/Berlin\n");

    Properties fromArg = CartPulseStreamsApp.readConfigFile(new String[] {file.toString()}, Map.of());
    Properties fromEnv = CartPulseStreamsApp.readConfigFile(new String[0],
        Map.of(CartPulseStreamsApp.CONFIG_FILE_ENV, file.toString()));

    assertThat(fromArg).containsEntry("coupon.zone", "Europe/Berlin");
    assertThat(fromEnv).isEqualTo(fromArg);
    assertThatThrownBy(() -> CartPulseStreamsApp.readConfigFile(new String[] {"target/missing.properties"}, Map.of()))
        .isInstanceOf(IOException.class).hasMessageContaining("target/missing.properties");
  }
}
