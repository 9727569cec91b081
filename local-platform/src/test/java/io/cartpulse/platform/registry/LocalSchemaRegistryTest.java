package io.cartpulse.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.PvUvPoint;
import io.cartpulse.registry.AvroWireCodec;
import io.cartpulse.registry.HttpSchemaRegistryClient;
import io.cartpulse.registry.RegistryConfig;
import io.cartpulse.registry.SchemaRegistryClient;
import io.cartpulse.registry.SchemaRegistryException;
import io.cartpulse.registry.SpecificAvroSerde;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link HttpSchemaRegistryClient} against {@link LocalSchemaRegistry}: the registry contract end to end. */
class LocalSchemaRegistryTest {

  private LocalSchemaRegistry registry;
  private HttpSchemaRegistryClient client;

  @BeforeEach
  void start() {
    registry = LocalSchemaRegistry.start();
    client = client(registry.url());
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  static HttpSchemaRegistryClient client(String url, Object... extra) {
    Map<String, Object> props = new HashMap<>();
    props.put(RegistryConfig.SCHEMA_REGISTRY_URL, url);
    props.put(RegistryConfig.RETRY_BACKOFF_MS, 1);
    for (int i = 0; i < extra.length; i += 2) {
      props.put((String) extra[i], extra[i + 1]);
    }
    return new HttpSchemaRegistryClient(RegistryConfig.from(props));
  }

  /** PvUvPoint with one more field: {@code region} with or without a default. */
  static Schema pointWithRegion(boolean withDefault) {
    SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("PvUvPoint").namespace("io.cartpulse.avro")
        .fields().requiredString("day")
        .name("windowEnd").type(PvUvPoint.getClassSchema().getField("windowEnd").schema()).noDefault()
        .requiredString("dimension").requiredLong("pv").requiredLong("uv");
    return withDefault ? fields.name("region").type().stringType().stringDefault("eu").endRecord()
        : fields.requiredString("region").endRecord();
  }

  @Test
  void urlAndPortDescribeALoopbackServer() {
    assertThat(registry.url()).isEqualTo("http://127.0.0.1:" + registry.port());
    assertThat(registry.port()).isPositive();
  }

  @Test
  void registerIsIdempotentAndIdsAreGlobal() {
    int alertId = client.register("alerts-value", Alert.getClassSchema());
    int pointId = client.register("pvuv-value", PvUvPoint.getClassSchema());

    assertThat(pointId).isNotEqualTo(alertId);
    assertThat(client.register("alerts-value", Alert.getClassSchema())).isEqualTo(alertId);
    assertThat(client.register("alerts-replay-value", Alert.getClassSchema()))
        .as("the same schema under another subject keeps its id").isEqualTo(alertId);
    assertThat(client.latest("alerts-value").version()).isEqualTo(1);
  }

  @Test
  void schemasComeBackByIdLatestAndLookup() {
    int v1 = client.register("pvuv-value", PvUvPoint.getClassSchema());
    int v2 = client.register("pvuv-value", pointWithRegion(true));

    assertThat(client.getById(v1)).isEqualTo(PvUvPoint.getClassSchema());
    assertThat(client.getById(v2)).isEqualTo(pointWithRegion(true));
    assertThat(client.latest("pvuv-value"))
        .isEqualTo(new SchemaRegistryClient.RegisteredSchema("pvuv-value", 2, v2, pointWithRegion(true)));
    assertThat(client.lookUpId("pvuv-value", PvUvPoint.getClassSchema())).isEqualTo(v1);
    assertThat(client.register("pvuv-value", PvUvPoint.getClassSchema()))
        .as("re-registering an older version returns its id, no new version").isEqualTo(v1);
    assertThat(client.latest("pvuv-value").version()).isEqualTo(2);
  }

  @Test
  void unknownSubjectSchemaAndIdAreNotFound() {
    client.register("alerts-value", Alert.getClassSchema());

    assertThatThrownBy(() -> client.lookUpId("nope-value", Alert.getClassSchema()))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
          assertThat(e.getMessage()).contains(registry.url()).contains("nope-value");
        });
    assertThatThrownBy(() -> client.lookUpId("alerts-value", PvUvPoint.getClassSchema()))
        .isInstanceOfSatisfying(SchemaRegistryException.class,
            e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));
    assertThatThrownBy(() -> client.getById(77))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
          assertThat(e.getMessage()).contains("schema id 77");
        });
    assertThatThrownBy(() -> client.latest("nope-value"))
        .isInstanceOfSatisfying(SchemaRegistryException.class,
            e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
  }

  @Test
  void compatibilityCheckFollowsBackwardByDefault() {
    assertThat(client.isCompatible("pvuv-value", pointWithRegion(false))).as("nothing registered yet").isTrue();
    client.register("pvuv-value", PvUvPoint.getClassSchema());

    assertThat(client.isCompatible("pvuv-value", pointWithRegion(true))).isTrue();
    assertThat(client.isCompatible("pvuv-value", pointWithRegion(false))).isFalse();
  }

  @Test
  void incompatibleSchemaIsRefusedWith409NamingTheField() {
    client.register("pvuv-value", PvUvPoint.getClassSchema());

    assertThatThrownBy(() -> client.register("pvuv-value", pointWithRegion(false)))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
          assertThat(e.getMessage()).contains(registry.url()).contains("subject 'pvuv-value'")
              .contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("field 'region'");
        });
    assertThat(client.latest("pvuv-value").version()).isEqualTo(1);
  }

  @Test
  void subjectLevelNoneAllowsWhatTheGlobalLevelRefuses() throws Exception {
    client.register("pvuv-value", PvUvPoint.getClassSchema());
    client.register("other-value", PvUvPoint.getClassSchema());
    RawHttp http = new RawHttp(registry.url());

    assertThat(http.put("/config/pvuv-value", "{\"compatibility\":\"NONE\"}").body())
        .isEqualTo("{\"compatibility\":\"NONE\"}");

    assertThat(client.isCompatible("pvuv-value", pointWithRegion(false))).isTrue();
    int id = client.register("pvuv-value", pointWithRegion(false));
    assertThat(client.latest("pvuv-value").id()).isEqualTo(id);
    assertThatThrownBy(() -> client.register("other-value", pointWithRegion(false)))
        .isInstanceOfSatisfying(SchemaRegistryException.class,
            e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA));
  }

  @Test
  void transitiveLevelChecksEveryEarlierVersion() throws Exception {
    Schema v1 = SchemaBuilder.record("Point").fields().requiredString("id").requiredInt("size").endRecord();
    Schema v2 = SchemaBuilder.record("Point").fields().requiredString("id").endRecord();
    Schema v3 = SchemaBuilder.record("Point").fields().requiredString("id")
        .name("size").type().stringType().stringDefault("n/a").endRecord();
    client.register("backward-value", v1);
    client.register("backward-value", v2);
    client.register("transitive-value", v1);
    client.register("transitive-value", v2);
    new RawHttp(registry.url()).put("/config/transitive-value", "{\"compatibility\":\"BACKWARD_TRANSITIVE\"}");

    assertThat(client.register("backward-value", v3)).isPositive();
    assertThatThrownBy(() -> client.register("transitive-value", v3))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.getMessage())
            .contains("version 1").contains("TYPE_MISMATCH").contains("field 'size'"));
  }

  @Test
  void forwardAndFullLevelsProtectOldReaders() throws Exception {
    RawHttp http = new RawHttp(registry.url());
    client.register("pvuv-value", PvUvPoint.getClassSchema());
    Schema withoutUv = SchemaBuilder.record("PvUvPoint").namespace("io.cartpulse.avro").fields()
        .requiredString("day").name("windowEnd").type(PvUvPoint.getClassSchema().getField("windowEnd").schema())
        .noDefault().requiredString("dimension").requiredLong("pv").endRecord();
    assertThat(client.isCompatible("pvuv-value", withoutUv)).as("BACKWARD: a new reader may drop a field").isTrue();

    http.put("/config", "{\"compatibility\":\"FULL\"}");

    assertThat(client.isCompatible("pvuv-value", withoutUv)).isFalse();
    assertThat(client.isCompatible("pvuv-value", pointWithRegion(true))).isTrue();
    assertThatThrownBy(() -> client.register("pvuv-value", withoutUv))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.getMessage())
            .contains("version 1 cannot read data written with the new schema").contains("field 'uv'"));
  }

  @Test
  void basicAuthIsSentAndRequired() {
    try (LocalSchemaRegistry secured = LocalSchemaRegistry.start(0, "alice:s3cret")) {
      HttpSchemaRegistryClient authorized = client(secured.url(), RegistryConfig.BASIC_AUTH_USER_INFO, "alice:s3cret");
      HttpSchemaRegistryClient anonymous = client(secured.url());
      HttpSchemaRegistryClient wrong = client(secured.url(), RegistryConfig.BASIC_AUTH_USER_INFO, "alice:guess");

      int id = authorized.register("alerts-value", Alert.getClassSchema());

      assertThat(authorized.getById(id)).isEqualTo(Alert.getClassSchema());
      assertThatThrownBy(() -> anonymous.getById(id))
          .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(401);
            assertThat(e.getMessage()).contains(secured.url()).contains("HTTP 401")
                .contains("set " + RegistryConfig.BASIC_AUTH_USER_INFO);
          });
      assertThatThrownBy(() -> wrong.getById(id))
          .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(401);
            assertThat(e.getMessage()).contains("check the credentials").doesNotContain("guess");
          });
    }
  }

  @Test
  void closedPortIsUnreachableAfterEveryRetry() throws IOException {
    String url;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      url = "http://127.0.0.1:" + socket.getLocalPort();
    }

    assertThatThrownBy(() -> client(url, RegistryConfig.MAX_RETRIES, 4).register("alerts-value", Alert.getClassSchema()))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.UNREACHABLE);
          assertThat(e.getMessage()).startsWith("Schema Registry at " + url + " is unreachable after 5 attempts: ")
              .contains("ConnectException");
        });
  }

  @Test
  void aStoppedRegistryIsUnreachable() {
    String url = registry.url();
    registry.close();

    assertThatThrownBy(() -> client(url, RegistryConfig.MAX_RETRIES, 0).getById(1))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.UNREACHABLE);
          assertThat(e.getMessage()).contains(url).contains("after 1 attempt");
        });
  }

  @Test
  void kafkaSerdeRoundTripsAnAlertThroughTheRegistry() {
    Map<String, Object> producerProps = Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, registry.url(),
        RegistryConfig.AUTO_REGISTER_SCHEMAS, "true");
    Map<String, Object> consumerProps = Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, registry.url(),
        RegistryConfig.SPECIFIC_AVRO_READER, "true");
    Alert alert = Alert.newBuilder().setAlertId("3a1f0f61-5f9e-3c2e-8a53-0c6f0fd3b2a1").setType(AlertType.CROSS_SELL)
        .setUserId("u1").setUserSession("s1").setProductId("p2").setEventTime(Instant.parse("2019-10-01T00:05:00Z"))
        .setDetectedAt(Instant.parse("2026-01-01T00:00:00Z")).setSource("streams-app")
        .setMessage("u1 moved from electronics to appliances.")
        .setAttributes(Map.of("fromCategory", "electronics", "toCategory", "appliances")).build();

    try (SpecificAvroSerde<Alert> producer = new SpecificAvroSerde<>(Alert.class);
        SpecificAvroSerde<Alert> consumer = new SpecificAvroSerde<>(Alert.class)) {
      producer.configure(producerProps, false);
      consumer.configure(consumerProps, false);

      byte[] bytes = producer.serialize("alerts", alert);

      assertThat(consumer.deserialize("alerts", bytes)).isEqualTo(alert);
      SchemaRegistryClient.RegisteredSchema registered = client.latest("alerts-value");
      assertThat(registered.schema()).isEqualTo(AvroWireCodec.registryForm(Alert.getClassSchema()));
      assertThat(java.nio.ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(registered.id());
    }
  }

  @Test
  void concurrentRegistrationsOfOneSchemaGetOneId() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        String subject = "topic-" + (i % 4) + "-value";
        calls.add(() -> client.register(subject, Alert.getClassSchema()));
      }
      List<Integer> ids = new ArrayList<>();
      for (Future<Integer> result : pool.invokeAll(calls)) {
        ids.add(result.get());
      }
      assertThat(ids).containsOnly(ids.get(0));
      for (int s = 0; s < 4; s++) {
        assertThat(client.latest("topic-" + s + "-value").version()).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
