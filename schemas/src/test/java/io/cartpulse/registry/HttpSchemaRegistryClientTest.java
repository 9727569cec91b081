package io.cartpulse.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartpulse.avro.Alert;
import io.cartpulse.avro.PvUvPoint;
import io.cartpulse.registry.StubHttpServer.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST client against a scripted server: requests sent, answers and errors mapped, retries. */
class HttpSchemaRegistryClientTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private StubHttpServer server;

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private static HttpSchemaRegistryClient client(String url, Object... extra) {
    Map<String, Object> props = new HashMap<>();
    props.put(RegistryConfig.SCHEMA_REGISTRY_URL, url);
    props.put(RegistryConfig.RETRY_BACKOFF_MS, 1);
    props.put(RegistryConfig.MAX_RETRIES, 2);
    for (int i = 0; i < extra.length; i += 2) {
      props.put((String) extra[i], extra[i + 1]);
    }
    return new HttpSchemaRegistryClient(RegistryConfig.from(props));
  }

  private static Response ok(String json) {
    return new Response(200, json);
  }

  private static String schemaAnswer(org.apache.avro.Schema schema, String... more) throws IOException {
    Map<String, Object> answer = new HashMap<>();
    answer.put("schema", schema.toString());
    for (int i = 0; i < more.length; i += 2) {
      answer.put(more[i], more[i + 1].matches("\\d+") ? Integer.parseInt(more[i + 1]) : more[i + 1]);
    }
    return JSON.writeValueAsString(answer);
  }

  @Test
  void registerPostsTheSchemaAsAJsonStringAndReturnsTheId() throws IOException {
    server = StubHttpServer.http(request -> ok("{\"id\":7}"));

    int id = client(server.url()).register("alerts-value", Alert.getClassSchema());

    assertThat(id).isEqualTo(7);
    StubHttpServer.Request request = server.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.rawPath()).isEqualTo("/subjects/alerts-value/versions");
    assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
    assertThat(JSON.readTree(request.body()).get("schema").asText()).isEqualTo(Alert.getClassSchema().toString());
    assertThat(request.authorization()).isNull();
  }

  @Test
  void subjectsAreUrlEncodedAndAPathPrefixIsKept() throws IOException {
    server = StubHttpServer.http(request -> ok("{\"subject\":\"x\",\"version\":1,\"id\":3,\"schema\":\"\\\"string\\\"\"}"));

    int id = client(server.url() + "/apis/ccompat/v7/").lookUpId("shop orders/v+1-value",
        org.apache.avro.Schema.create(org.apache.avro.Schema.Type.STRING));

    assertThat(id).isEqualTo(3);
    assertThat(server.requests().get(0).rawPath()).isEqualTo("/apis/ccompat/v7/subjects/shop%20orders%2Fv%2B1-value");
    assertThat(server.requests().get(0).method()).isEqualTo("POST");
  }

  @Test
  void getByIdAndLatestParseTheSchema() throws IOException {
    server = StubHttpServer.http(request -> {
      try {
        return request.rawPath().equals("/schemas/ids/5") ? ok(schemaAnswer(PvUvPoint.getClassSchema()))
            : ok(schemaAnswer(Alert.getClassSchema(), "subject", "alerts-value", "version", "4", "id", "9"));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    HttpSchemaRegistryClient client = client(server.url());

    assertThat(client.getById(5)).isEqualTo(PvUvPoint.getClassSchema());
    SchemaRegistryClient.RegisteredSchema latest = client.latest("alerts-value");

    assertThat(latest).isEqualTo(new SchemaRegistryClient.RegisteredSchema("alerts-value", 4, 9, Alert.getClassSchema()));
    assertThat(server.requests()).extracting(StubHttpServer.Request::method).containsExactly("GET", "GET");
    assertThat(server.requests().get(1).rawPath()).isEqualTo("/subjects/alerts-value/versions/latest");
  }

  @Test
  void compatibilityAnswersAndAnUnknownSubjectIsCompatible() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    server = StubHttpServer.http(request -> switch (calls.incrementAndGet()) {
      case 1 -> ok("{\"is_compatible\":true}");
      case 2 -> ok("{\"is_compatible\":false}");
      default -> new Response(404, "{\"error_code\":40401,\"message\":\"Subject 'new-value' not found.\"}");
    });
    HttpSchemaRegistryClient client = client(server.url());

    assertThat(client.isCompatible("alerts-value", Alert.getClassSchema())).isTrue();
    assertThat(client.isCompatible("alerts-value", Alert.getClassSchema())).isFalse();
    assertThat(client.isCompatible("new-value", Alert.getClassSchema())).isTrue();
    assertThat(server.requests().get(0).rawPath()).isEqualTo("/compatibility/subjects/alerts-value/versions/latest");
    assertThat(server.requests()).hasSize(3);
  }

  @Test
  void clientErrorsAreMappedWithCodeUrlAndSubjectAndNeverRetried() throws IOException {
    server = StubHttpServer.http(request -> new Response(404,
        "{\"error_code\":40403,\"message\":\"Schema not found\"}"));

    assertThatThrownBy(() -> client(server.url()).lookUpId("alerts-value", Alert.getClassSchema()))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
          assertThat(e.isNotFound()).isTrue();
          assertThat(e.getMessage()).contains(server.url()).contains("subject 'alerts-value'")
              .contains("Schema not found");
        });
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void incompatibleRegistrationCarriesTheRegistryMessage() throws IOException {
    server = StubHttpServer.http(request -> new Response(409,
        "{\"error_code\":409,\"message\":\"incompatible: field 'campaign' has no default\"}"));

    assertThatThrownBy(() -> client(server.url()).register("alerts-value", Alert.getClassSchema()))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
          assertThat(e.getMessage()).contains("field 'campaign'").contains("subject 'alerts-value'");
        });
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void serverErrorsAreRetriedUntilOneSucceeds() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    server = StubHttpServer.http(request -> calls.incrementAndGet() < 3
        ? new Response(500, "{\"error_code\":50001,\"message\":\"Error in the backend data store\"}")
        : ok("{\"id\":12}"));

    assertThat(client(server.url()).register("alerts-value", Alert.getClassSchema())).isEqualTo(12);
    assertThat(server.requests()).hasSize(3);
  }

  @Test
  void persistentServerErrorsGiveUpAfterMaxRetriesNamingTheUrl() throws IOException {
    server = StubHttpServer.http(request -> new Response(503, "<html>upstream down</html>"));

    assertThatThrownBy(() -> client(server.url(), RegistryConfig.MAX_RETRIES, 3).getById(1))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.errorCode()).isEqualTo(503);
          assertThat(e.getMessage()).contains(server.url()).contains("after 4 attempts")
              .contains("schema id 1").contains("upstream down");
        });
    assertThat(server.requests()).hasSize(4);
  }

  @Test
  void unreachableRegistryIsClearAboutUrlAttemptsAndCause() throws IOException {
    String url = "http://127.0.0.1:" + closedPort();

    assertThatThrownBy(() -> client(url).register("alerts-value", Alert.getClassSchema()))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.UNREACHABLE);
          assertThat(e.getMessage()).startsWith("Schema Registry at " + url + " is unreachable after 3 attempts: ")
              .contains("ConnectException")
              .contains("subject 'alerts-value'");
        });
  }

  @Test
  void droppedConnectionsAreRetriedAndCounted() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    try (ServerSocket dropper = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        while (!dropper.isClosed()) {
          try (java.net.Socket socket = dropper.accept()) {
            connections.incrementAndGet(); // closed unanswered by try-with-resources
          } catch (IOException e) {
            return;
          }
        }
      }, "dropping-acceptor");
      acceptor.setDaemon(true);
      acceptor.start();
      String url = "http://127.0.0.1:" + dropper.getLocalPort();

      // A POST: the JDK client itself re-sends an idempotent GET once on a dropped connection.
      assertThatThrownBy(() -> client(url, RegistryConfig.MAX_RETRIES, 3).register("alerts-value",
          Alert.getClassSchema()))
          .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.UNREACHABLE);
            assertThat(e.getMessage()).contains(url).contains("after 4 attempts").contains("subject 'alerts-value'");
          });
      assertThat(connections.get()).isEqualTo(4);
    }
  }

  @Test
  void timeoutIsReportedAsUnreachable() throws IOException {
    CountDownLatch release = new CountDownLatch(1);
    server = StubHttpServer.http(request -> {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return ok("{\"id\":1}");
    });
    try {
      assertThatThrownBy(() -> client(server.url(), RegistryConfig.REQUEST_TIMEOUT_MS, 200,
          RegistryConfig.MAX_RETRIES, 0).getById(1))
          .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.UNREACHABLE);
            assertThat(e.getMessage()).contains(server.url()).contains("after 1 attempt:")
                .contains("HttpTimeoutException");
          });
    } finally {
      release.countDown();
    }
  }

  @Test
  void failsOverToTheNextUrlWhenOneIsDown() throws IOException {
    server = StubHttpServer.http(request -> ok("{\"id\":4}"));
    String down = "http://127.0.0.1:" + closedPort();

    HttpSchemaRegistryClient client = client(down + ", " + server.url(), RegistryConfig.MAX_RETRIES, 0);

    assertThat(client.register("alerts-value", Alert.getClassSchema())).isEqualTo(4);
    assertThat(client.describe()).isEqualTo(down + "," + server.url());
  }

  @Test
  void sendsBasicAuthFromUserInfo() throws IOException {
    server = StubHttpServer.http(request -> ok("{\"id\":1}"));

    client(server.url(), RegistryConfig.BASIC_AUTH_USER_INFO, "alice:s3cr:et").register("a-value",
        Alert.getClassSchema());

    assertThat(server.requests().get(0).authorization()).isEqualTo(
        "Basic " + Base64.getEncoder().encodeToString("alice:s3cr:et".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void credentialsInTheUrlAreUsedButNeverDescribed() throws IOException {
    server = StubHttpServer.http(request -> ok("{\"id\":1}"));
    String withCredentials = server.url().replace("http://", "http://bob:pa%40ss@");

    HttpSchemaRegistryClient client = client(withCredentials);
    client.register("a-value", Alert.getClassSchema());

    assertThat(client.describe()).isEqualTo(server.url()).doesNotContain("bob").doesNotContain("pa");
    assertThat(server.requests().get(0).authorization()).isEqualTo(
        "Basic " + Base64.getEncoder().encodeToString("bob:pa@ss".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void unauthorizedSaysWhichSettingToCheck() throws IOException {
    server = StubHttpServer.http(request -> new Response(401, ""));

    assertThatThrownBy(() -> client(server.url()).getById(1))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.errorCode()).isEqualTo(401);
          assertThat(e.getMessage()).contains(server.url()).contains("HTTP 401")
              .contains(RegistryConfig.BASIC_AUTH_USER_INFO);
        });
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void answersThatAreNotTheApiAreReportedAsSuch() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    server = StubHttpServer.http(request -> switch (calls.incrementAndGet()) {
      case 1 -> ok("<html>login page</html>");
      case 2 -> ok("{\"schema\":\"{not avro\"}");
      case 3 -> ok("{\"schema\":\"syntax = \\\"proto3\\\";\",\"schemaType\":\"PROTOBUF\"}");
      default -> ok("{\"unexpected\":true}");
    });
    HttpSchemaRegistryClient client = client(server.url());

    assertThatThrownBy(() -> client.getById(1)).isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("not JSON").hasMessageContaining("login page");
    assertThatThrownBy(() -> client.getById(2)).isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("schema id 2").hasMessageContaining("not valid Avro");
    assertThatThrownBy(() -> client.getById(3)).isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("PROTOBUF");
    assertThatThrownBy(() -> client.register("a-value", Alert.getClassSchema()))
        .isInstanceOf(SchemaRegistryException.class).hasMessageContaining("without a schema id");
  }

  @Test
  void rejectsUrlsItCannotCall() {
    assertThatThrownBy(() -> client("mock://tests"))
        .isInstanceOf(ConfigException.class).hasMessageContaining(RegistryConfig.SCHEMA_REGISTRY_URL);
    assertThatThrownBy(() -> client("ftp://user:secret@registry:21"))
        .isInstanceOf(ConfigException.class).hasMessageContaining(RegistryConfig.SCHEMA_REGISTRY_URL)
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> client("http://registry:8081/a b"))
        .isInstanceOf(ConfigException.class).hasMessageContaining(RegistryConfig.SCHEMA_REGISTRY_URL);
  }

  @Test
  void missingTrustStoreNamesTheKey(@TempDir Path dir) {
    assertThatThrownBy(() -> client("https://127.0.0.1:1", RegistryConfig.SSL_TRUSTSTORE_LOCATION,
        dir.resolve("missing.jks").toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(RegistryConfig.SSL_TRUSTSTORE_LOCATION)
        .hasMessageContaining("missing.jks");
  }

  @Test
  void talksTlsWithTrustStoreAndClientCertificate(@TempDir Path dir) throws Exception {
    Path identity = dir.resolve("registry.p12");
    keytool("-genkeypair", "-alias", "registry", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2",
        "-keystore", identity.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
    // One self-signed identity is server and client certificate, and each side trusts it: the JDK
    // trusts the certificate of a key entry, so the same PKCS12 file is key store and trust store.
    server = StubHttpServer.https(sslContext(identity), true, request -> ok("{\"id\":21}"));

    HttpSchemaRegistryClient client = client(server.url(),
        RegistryConfig.SSL_TRUSTSTORE_LOCATION, identity.toString(),
        RegistryConfig.SSL_TRUSTSTORE_PASSWORD, "changeit",
        RegistryConfig.SSL_TRUSTSTORE_TYPE, "PKCS12",
        RegistryConfig.SSL_KEYSTORE_LOCATION, identity.toString(),
        RegistryConfig.SSL_KEYSTORE_PASSWORD, "changeit",
        RegistryConfig.SSL_KEYSTORE_TYPE, "PKCS12");

    assertThat(client.register("alerts-value", Alert.getClassSchema())).isEqualTo(21);

    HttpSchemaRegistryClient untrusting = client(server.url(), RegistryConfig.MAX_RETRIES, 0);
    assertThatThrownBy(() -> untrusting.register("alerts-value", Alert.getClassSchema()))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.getMessage())
            .contains(server.url()).contains("unreachable").contains("SSLHandshakeException"));
  }

  private static SSLContext sslContext(Path identity) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(identity)) {
      keys.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, "changeit".toCharArray());
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(keys);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
    return context;
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
    assertThat(process.exitValue()).as("keytool " + String.join(" ", args) + ": " + output).isZero();
  }

  /** A port nothing listens on (bound then released; the OS does not hand it out again at once). */
  static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
