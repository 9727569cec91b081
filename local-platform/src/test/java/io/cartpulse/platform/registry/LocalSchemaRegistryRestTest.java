package io.cartpulse.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartpulse.avro.Alert;
import io.cartpulse.avro.PvUvPoint;
import java.net.http.HttpResponse;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST surface of {@link LocalSchemaRegistry} as Confluent clients see it: paths, bodies, codes. */
class LocalSchemaRegistryRestTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private LocalSchemaRegistry registry;
  private RawHttp http;

  @BeforeEach
  void start() {
    registry = LocalSchemaRegistry.start();
    http = new RawHttp(registry.url());
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  private static String schemaBody(Schema schema) throws Exception {
    return JSON.writeValueAsString(JSON.createObjectNode().put("schema", schema.toString()));
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  private static void assertError(HttpResponse<String> response, int status, int errorCode, String messagePart)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(json(response).get("error_code").asInt()).isEqualTo(errorCode);
    assertThat(json(response).get("message").asText()).contains(messagePart);
  }

  @Test
  void registersListsAndServesVersions() throws Exception {
    HttpResponse<String> registered = http.post("/subjects/alerts-value/versions", schemaBody(Alert.getClassSchema()));
    http.post("/subjects/pvuv-value/versions", schemaBody(PvUvPoint.getClassSchema()));

    assertThat(registered.statusCode()).isEqualTo(200);
    assertThat(registered.headers().firstValue("Content-Type")).hasValue("application/vnd.schemaregistry.v1+json");
    assertThat(registered.body()).isEqualTo("{\"id\":1}");
    assertThat(http.get("/subjects").body()).isEqualTo("[\"alerts-value\",\"pvuv-value\"]");
    assertThat(http.get("/subjects/alerts-value/versions").body()).isEqualTo("[1]");
    JsonNode version = json(http.get("/subjects/alerts-value/versions/1"));
    assertThat(version.get("subject").asText()).isEqualTo("alerts-value");
    assertThat(version.get("version").asInt()).isEqualTo(1);
    assertThat(version.get("id").asInt()).isEqualTo(1);
    assertThat(new Schema.Parser().parse(version.get("schema").asText())).isEqualTo(Alert.getClassSchema());
    assertThat(json(http.get("/subjects/alerts-value/versions/latest"))).isEqualTo(version);
    assertThat(json(http.get("/subjects/alerts-value/versions/-1"))).isEqualTo(version);
    assertThat(new Schema.Parser().parse(json(http.get("/schemas/ids/2")).get("schema").asText()))
        .isEqualTo(PvUvPoint.getClassSchema());
    JsonNode lookedUp = json(http.post("/subjects/pvuv-value", schemaBody(PvUvPoint.getClassSchema())));
    assertThat(lookedUp.get("id").asInt()).isEqualTo(2);
    assertThat(lookedUp.get("version").asInt()).isEqualTo(1);
  }

  @Test
  void equalSchemasWrittenDifferentlyShareAnId() throws Exception {
    String compact = "{\"type\":\"record\",\"name\":\"T\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}";
    String spaced = "{ \"type\": \"record\", \"name\": \"T\",\n \"doc\": \"same shape\",\n"
        + " \"fields\": [ {\"type\": \"string\", \"name\": \"a\"} ] }";

    String first = http.post("/subjects/t-value/versions", "{\"schema\":" + JSON.writeValueAsString(compact) + "}").body();
    String second = http.post("/subjects/u-value/versions", "{\"schema\":" + JSON.writeValueAsString(spaced) + "}").body();

    assertThat(second).isEqualTo(first).isEqualTo("{\"id\":1}");
  }

  @Test
  void invalidSchemaIs422With42201() throws Exception {
    assertError(http.post("/subjects/x-value/versions", "{\"schema\":\"{\\\"type\\\":\\\"recrod\\\"}\"}"),
        422, 42201, "Invalid schema");
    assertError(http.post("/subjects/x-value/versions", "{\"schema\":\"{not json\"}"), 422, 42201, "Invalid schema");
    assertError(http.post("/subjects/x-value/versions", "{\"nothing\":1}"), 422, 42201, "\"schema\"");
    assertError(http.post("/subjects/x-value/versions", "{\"schema\":\"syntax = \\\"proto3\\\";\","
        + "\"schemaType\":\"PROTOBUF\"}"), 422, 42201, "PROTOBUF");
    assertError(http.post("/subjects/x-value/versions", "not json at all"), 400, 400, "not valid JSON");
    assertThat(http.get("/subjects").body()).isEqualTo("[]");
  }

  @Test
  void notFoundCodesMatchConfluent() throws Exception {
    http.post("/subjects/alerts-value/versions", schemaBody(Alert.getClassSchema()));

    assertError(http.get("/subjects/nope-value/versions"), 404, 40401, "nope-value");
    assertError(http.get("/subjects/nope-value/versions/latest"), 404, 40401, "nope-value");
    assertError(http.get("/subjects/alerts-value/versions/2"), 404, 40402, "Version 2");
    assertError(http.get("/subjects/alerts-value/versions/first"), 422, 42202, "not a valid version");
    assertError(http.get("/schemas/ids/9"), 404, 40403, "Schema 9 not found");
    assertError(http.get("/schemas/ids/abc"), 404, 40403, "not found");
    assertError(http.post("/subjects/alerts-value", schemaBody(PvUvPoint.getClassSchema())), 404, 40403,
        "Schema not found");
    assertError(http.post("/compatibility/subjects/nope-value/versions/latest", schemaBody(Alert.getClassSchema())),
        404, 40401, "nope-value");
    assertError(http.get("/no/such/endpoint"), 404, 404, "/no/such/endpoint");
    assertError(http.send("DELETE", "/subjects/alerts-value", null), 405, 405, "DELETE");
  }

  @Test
  void subjectsWithReservedCharactersRoundTrip() throws Exception {
    String subject = "shop orders/v+1-value";
    String encoded = "shop%20orders%2Fv%2B1-value";

    http.post("/subjects/" + encoded + "/versions", schemaBody(Alert.getClassSchema()));

    assertThat(json(http.get("/subjects")).get(0).asText()).isEqualTo(subject);
    assertThat(json(http.get("/subjects/" + encoded + "/versions/latest")).get("subject").asText()).isEqualTo(subject);
  }

  @Test
  void compatibilityEndpointExplainsWhenVerbose() throws Exception {
    http.post("/subjects/pvuv-value/versions", schemaBody(PvUvPoint.getClassSchema()));
    Schema narrowed = new Schema.Parser().parse(PvUvPoint.getClassSchema().toString()
        .replace("{\"name\":\"uv\",\"type\":\"long\"", "{\"name\":\"uv\",\"type\":\"int\""));

    assertThat(http.post("/compatibility/subjects/pvuv-value/versions/latest", schemaBody(narrowed)).body())
        .isEqualTo("{\"is_compatible\":false}");
    JsonNode verbose = json(http.post("/compatibility/subjects/pvuv-value/versions/1?verbose=true",
        schemaBody(narrowed)));
    assertThat(verbose.get("is_compatible").asBoolean()).isFalse();
    assertThat(verbose.get("messages").get(0).asText()).contains("TYPE_MISMATCH").contains("field 'uv'");
    assertThat(http.post("/compatibility/subjects/pvuv-value/versions/latest",
        schemaBody(PvUvPoint.getClassSchema())).body()).isEqualTo("{\"is_compatible\":true}");
  }

  @Test
  void configIsGlobalOrPerSubject() throws Exception {
    assertThat(http.get("/config").body()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
    assertError(http.get("/config/alerts-value"), 404, 40408, "alerts-value");
    assertThat(http.get("/config/alerts-value?defaultToGlobal=true").body())
        .isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");

    assertThat(http.put("/config", "{\"compatibility\":\"full_transitive\"}").body())
        .isEqualTo("{\"compatibility\":\"FULL_TRANSITIVE\"}");
    assertThat(http.put("/config/alerts-value", "{\"compatibility\":\"FORWARD\"}").body())
        .isEqualTo("{\"compatibility\":\"FORWARD\"}");

    assertThat(http.get("/config").body()).isEqualTo("{\"compatibilityLevel\":\"FULL_TRANSITIVE\"}");
    assertThat(http.get("/config/alerts-value").body()).isEqualTo("{\"compatibilityLevel\":\"FORWARD\"}");
    assertError(http.put("/config", "{\"compatibility\":\"SIDEWAYS\"}"), 422, 42203, "SIDEWAYS");
    assertError(http.put("/config/alerts-value", "{}"), 422, 42203, "Invalid compatibility level");
    assertThat(http.get("/config").body()).isEqualTo("{\"compatibilityLevel\":\"FULL_TRANSITIVE\"}");
  }

  @Test
  void rootAnswersLikeConfluent() throws Exception {
    assertThat(http.get("/").statusCode()).isEqualTo(200);
    assertThat(http.get("/").body()).isEqualTo("{}");
  }

  @Test
  void requestsWithoutCredentialsAreRefusedWhenAuthIsOn() throws Exception {
    try (LocalSchemaRegistry secured = LocalSchemaRegistry.start(0, "alice:s3cret")) {
      HttpResponse<String> response = new RawHttp(secured.url()).get("/subjects");
      assertError(response, 401, 401, "Unauthorized");
      assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
    }
  }

  @Test
  void startsOnAGivenPortAndRefusesABusyOne() throws Exception {
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    try (LocalSchemaRegistry fixed = LocalSchemaRegistry.start(port)) {
      assertThat(fixed.port()).isEqualTo(port);
      assertThat(fixed.url()).isEqualTo("http://127.0.0.1:" + port);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> LocalSchemaRegistry.start(port))
          .isInstanceOf(java.io.UncheckedIOException.class)
          .hasMessageContaining("127.0.0.1:" + port);
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> LocalSchemaRegistry.start(70000))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("70000");
  }
}
