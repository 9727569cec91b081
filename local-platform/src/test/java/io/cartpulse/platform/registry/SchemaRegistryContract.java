package io.cartpulse.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cartpulse.contract.Subjects;
import io.cartpulse.avro.Alert;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.avro.PvUvPoint;
import io.cartpulse.registry.AvroCompatibility;
import io.cartpulse.registry.AvroWireCodec;
import io.cartpulse.registry.HttpSchemaRegistryClient;
import io.cartpulse.registry.RegistryConfig;
import io.cartpulse.registry.SampleRecords;
import io.cartpulse.registry.SchemaRegistryClient;
import io.cartpulse.registry.SchemaRegistryClient.RegisteredSchema;
import io.cartpulse.registry.SchemaRegistryException;
import io.cartpulse.registry.SpecificAvroSerde;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What CartPulse relies on from a Confluent-compatible Schema Registry, run against a real one
 * (Apicurio's ccompat API, {@link ApicurioRegistryContractTest}) and against our stand-in
 * ({@link LocalSchemaRegistryContractTest}), so the stand-in the other tests use is held to the
 * real registry's answers: our HTTP client (register, look up, by id, latest, compatibility),
 * the wire-format serde both ways, and the schema evolution guard's verdicts next to the
 * registry's own on the released schemas.
 *
 * <p>Registries may be shared between test classes: every test works on subjects of its own.
 */
abstract class SchemaRegistryContract {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** The schemas with released versions (schemas/released, on the classpath as avro-released/). */
  private static final List<Schema> RELEASED_TYPES =
      List.of(ClickEvent.getClassSchema(), Alert.getClassSchema(), PvUvPoint.getClassSchema());

  /** The registry's Confluent-compatible base URL. */
  abstract String registryUrl();

  private SchemaRegistryClient client;
  private RawHttp http;

  @BeforeEach
  void connect() {
    // Uncached: every call below is an answer of the registry, not of a cache.
    client = new HttpSchemaRegistryClient(RegistryConfig.from(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, registryUrl())));
    http = new RawHttp(registryUrl());
  }

  @AfterEach
  void disconnect() {
    client.close();
  }

  // --- the client ------------------------------------------------------------------------------

  @Test
  void registersIdempotentlyAndServesTheSchemaByIdSubjectAndLatestVersion() {
    String subject = freshSubject();

    int id = client.register(subject, Alert.getClassSchema());

    assertThat(client.register(subject, Alert.getClassSchema())).as("registering the same schema again").isEqualTo(id);
    assertThat(client.lookUpId(subject, Alert.getClassSchema())).isEqualTo(id);
    assertThat(client.getById(id)).isEqualTo(Alert.getClassSchema());
    assertThat(client.latest(subject)).isEqualTo(new RegisteredSchema(subject, 1, id, Alert.getClassSchema()));
  }

  @Test
  void theSameSchemaInAnotherTextFormKeepsItsIdAndVersion() throws Exception {
    String subject = freshSubject();
    String fileText = resource("avro/PvUvPoint.avsc");
    String reordered = reorderedCompact(fileText);
    assertThat(reordered).isNotEqualTo(fileText);
    assertThat(new Schema.Parser().parse(reordered)).isEqualTo(new Schema.Parser().parse(fileText));

    // As another tool (curl, a script) would register it: the file's own text, then another form.
    int id = registerRaw(subject, fileText);

    assertThat(registerRaw(subject, reordered)).as("the same schema, members reordered, no whitespace").isEqualTo(id);
    assertThat(client.register(subject, new Schema.Parser().parse(fileText))).isEqualTo(id);
    assertThat(client.lookUpId(subject, new Schema.Parser().parse(reordered))).isEqualTo(id);
    assertThat(client.latest(subject).version()).isEqualTo(1);
  }

  @Test
  void refusesAnIncompatibleChangeWithAnErrorNamingSubjectAndField() throws IOException {
    String subject = freshSubject();
    Schema released = latestRelease(PvUvPoint.getClassSchema());
    int first = client.register(subject, released);
    Schema narrowed = withPvAsInt(released);

    assertThat(client.isCompatible(subject, narrowed)).isFalse();
    assertThatThrownBy(() -> client.register(subject, narrowed))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
          assertThat(e.getMessage())
              .contains("Schema Registry at " + registryUrl())
              .contains("subject '" + subject + "'")
              .contains("HTTP 409")
              .contains("/fields/");
        });
    assertThat(client.latest(subject).id()).as("nothing registered by the refused change").isEqualTo(first);

    Schema compatible = withOptionalCampaign(released);
    assertThat(client.isCompatible(subject, compatible)).isTrue();
    int second = client.register(subject, compatible);
    assertThat(second).isNotEqualTo(first);
    assertThat(client.latest(subject)).isEqualTo(new RegisteredSchema(subject, 2, second, compatible));
  }

  @Test
  void anySchemaIsCompatibleWithASubjectThatHasNoVersionYet() {
    assertThat(client.isCompatible(freshSubject(), ClickEvent.getClassSchema())).isTrue();
  }

  @Test
  void unknownIdsSubjectsAndSchemasAreNotFound() {
    String subject = freshSubject();
    client.register(subject, Alert.getClassSchema());

    assertThatThrownBy(() -> client.getById(Integer.MAX_VALUE))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isNotFound()).isTrue());
    assertThatThrownBy(() -> client.latest(freshSubject()))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isNotFound()).isTrue());
    assertThatThrownBy(() -> client.lookUpId(subject, PvUvPoint.getClassSchema()))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isNotFound()).isTrue());
  }

  @Test
  void globalCompatibilityIsBackward() throws Exception {
    HttpResponse<String> config = http.get("/config");

    assertThat(config.statusCode()).as(config.body()).isEqualTo(200);
    assertThat(JSON.readTree(config.body()).path("compatibilityLevel").asText()).isEqualTo("BACKWARD");
  }

  // --- the evolution guard next to the registry's verdict -----------------------------------------

  @Test
  void everyCurrentSchemaMayFollowItsReleasedVersionsByGuardAndRegistry() throws IOException {
    for (Schema type : RELEASED_TYPES) {
      String subject = freshSubject();
      List<Schema> releases = releases(type);
      for (Schema release : releases) {
        client.register(subject, release);
      }
      Schema current = new Schema.Parser().parse(resource("avro/" + type.getName() + ".avsc"));

      assertThat(AvroCompatibility.readerIncompatibilities(current, releases.get(releases.size() - 1)))
          .as("the guard on %s", type.getName()).isEmpty();
      assertThat(client.isCompatible(subject, current)).as("the registry on %s", type.getName()).isTrue();
      assertThat(client.register(subject, current)).as("registering the current %s", type.getName()).isPositive();
    }
  }

  /** A released schema, a candidate next version, and whether BACKWARD allows it. */
  record Evolution(String change, Schema released, Schema candidate, boolean allowed) {
    @Override
    public String toString() {
      return change;
    }
  }

  static Stream<Evolution> evolutions() throws IOException {
    Schema alert = latestRelease(Alert.getClassSchema());
    Schema pvuv = latestRelease(PvUvPoint.getClassSchema());
    Schema alertWithoutEnumDefault = new Schema.Parser().parse(alert.toString().replace(",\"default\":\"UNKNOWN\"", ""));
    Schema alertWithoutSurges = new Schema.Parser().parse(
        alertWithoutEnumDefault.toString().replace(",\"TRAFFIC_SURGE\"", ""));
    Schema alertWithNewType = new Schema.Parser().parse(alert.toString()
        .replace("\"TRAFFIC_SURGE\"]", "\"TRAFFIC_SURGE\",\"LOYALTY_MILESTONE\"]"));
    return Stream.of(
        new Evolution("a new field without default", alert, withField(alert,
            new Schema.Field("campaign", Schema.create(Schema.Type.STRING), "no default")), false),
        new Evolution("a long narrowed to int", pvuv, withPvAsInt(pvuv), false),
        new Evolution("an enum symbol removed, no enum default", alertWithoutEnumDefault, alertWithoutSurges, false),
        new Evolution("an optional field with default null", pvuv, withOptionalCampaign(pvuv), true),
        new Evolution("a new enum symbol", alert, alertWithNewType, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("evolutions")
  void theGuardAndTheRegistryJudgeAChangeAlike(Evolution evolution) {
    String subject = freshSubject();
    client.register(subject, evolution.released());

    List<String> guard = AvroCompatibility.readerIncompatibilities(evolution.candidate(), evolution.released());
    boolean registry = client.isCompatible(subject, evolution.candidate());

    assertThat(guard.isEmpty()).as("the guard allows it (%s)", guard).isEqualTo(evolution.allowed());
    assertThat(registry).as("the registry allows it").isEqualTo(evolution.allowed());
  }

  // --- the wire-format serde ------------------------------------------------------------------

  @Test
  void serdeWritesTheRegisteredIdAndReadsItsOwnRecordsBack() {
    assertRoundTrip(Alert.class, SampleRecords.alert());
    ClickEvent withNulls = ClickEvent.newBuilder(SampleRecords.click()).setBrand(null).setUserSession(null).build();
    assertRoundTrip(ClickEvent.class, withNulls);
    assertRoundTrip(PvUvPoint.class, SampleRecords.pvUvPoint());
  }

  @Test
  void aWriterThatMayNotRegisterNamesTheMissingSubject() {
    String topic = freshTopic();

    assertThatThrownBy(() -> serde(ClickEvent.class, false).serialize(topic, SampleRecords.click()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("subject '" + Subjects.subject(topic, false) + "'")
        .hasMessageContaining(RegistryConfig.AUTO_REGISTER_SCHEMAS);
  }

  @Test
  void aWriterThatMayNotRegisterFindsTheSchemaRegisteredFromItsFile() throws IOException {
    // Production: scripts/register-schemas registers the .avsc files, the engines only look up.
    String topic = freshTopic();
    int id = client.register(Subjects.subject(topic, false), new Schema.Parser().parse(resource("avro/Alert.avsc")));

    byte[] written = serde(Alert.class, false).serialize(topic, SampleRecords.alert());

    assertThat(ByteBuffer.wrap(written, 1, 4).getInt()).as("schema id").isEqualTo(id);
  }

  private <T extends SpecificRecord> void assertRoundTrip(Class<T> type, T record) {
    String topic = freshTopic();
    byte[] written = serde(type, true).serialize(topic, record);

    RegisteredSchema registered = client.latest(Subjects.subject(topic, false));
    assertThat(written[0]).as("magic byte").isEqualTo(AvroWireCodec.MAGIC_BYTE);
    assertThat(ByteBuffer.wrap(written, 1, 4).getInt()).as("schema id").isEqualTo(registered.id());
    assertThat(registered.schema()).isEqualTo(AvroWireCodec.registryForm(record.getSchema()));
    SpecificAvroSerde<T> reader = serde(type, false);
    assertThat(reader.deserialize(topic, written)).isEqualTo(record);
    assertThat(reader.serialize(topic, record)).as("a writer that only looks the schema up").isEqualTo(written);
  }

  private <T extends SpecificRecord> SpecificAvroSerde<T> serde(Class<T> type, boolean autoRegister) {
    SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
    serde.configure(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, registryUrl(),
        RegistryConfig.AUTO_REGISTER_SCHEMAS, autoRegister), false);
    return serde;
  }

  // --- helpers --------------------------------------------------------------------------------

  private static String freshTopic() {
    return "contract-" + UUID.randomUUID();
  }

  private static String freshSubject() {
    return Subjects.subject(freshTopic(), false);
  }

  private int registerRaw(String subject, String schemaText) throws Exception {
    String body = JSON.writeValueAsString(JSON.createObjectNode().put("schema", schemaText));
    HttpResponse<String> response = http.post("/subjects/" + subject + "/versions", body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).get("id").asInt();
  }

  /** The same JSON with every object's members in reverse order and no whitespace. */
  private static String reorderedCompact(String json) throws IOException {
    return JSON.writeValueAsString(reversed(JSON.readTree(json)));
  }

  private static JsonNode reversed(JsonNode node) {
    if (node.isObject()) {
      List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        members.add(it.next());
      }
      ObjectNode copy = JSON.createObjectNode();
      for (int i = members.size() - 1; i >= 0; i--) {
        copy.set(members.get(i).getKey(), reversed(members.get(i).getValue()));
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JSON.createArrayNode();
      node.forEach(element -> copy.add(reversed(element)));
      return copy;
    }
    return node;
  }

  /** Released versions of {@code type}, oldest first (avro-released/Name/v1.avsc, v2.avsc, ...). */
  private static List<Schema> releases(Schema type) throws IOException {
    List<Schema> releases = new ArrayList<>();
    for (int version = 1; ; version++) {
      String path = "avro-released/" + type.getName() + "/v" + version + ".avsc";
      if (SchemaRegistryContract.class.getClassLoader().getResource(path) == null) {
        break;
      }
      releases.add(new Schema.Parser().parse(resource(path)));
    }
    assertThat(releases).as("released versions of %s on the classpath", type.getName()).isNotEmpty();
    return releases;
  }

  private static Schema latestRelease(Schema type) throws IOException {
    List<Schema> releases = releases(type);
    return releases.get(releases.size() - 1);
  }

  private static String resource(String path) throws IOException {
    try (InputStream in = SchemaRegistryContract.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new UncheckedIOException(new IOException("not on the classpath: " + path));
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Schema withPvAsInt(Schema pvuv) {
    Schema narrowed = new Schema.Parser().parse(pvuv.toString()
        .replace("{\"name\":\"pv\",\"type\":\"long\"", "{\"name\":\"pv\",\"type\":\"int\""));
    assertThat(narrowed.getField("pv").schema().getType()).isEqualTo(Schema.Type.INT);
    return narrowed;
  }

  private static Schema withOptionalCampaign(Schema record) {
    Schema optionalString = Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));
    return withField(record, new Schema.Field("campaign", optionalString, "optional", Schema.Field.NULL_DEFAULT_VALUE));
  }

  private static Schema withField(Schema record, Schema.Field extra) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : record.getFields()) {
      fields.add(new Schema.Field(field, field.schema()));
    }
    fields.add(extra);
    return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
  }
}
