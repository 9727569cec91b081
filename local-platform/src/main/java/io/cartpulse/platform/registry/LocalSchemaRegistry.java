package io.cartpulse.platform.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cartpulse.platform.registry.SchemaStore.RegistryError;
import io.cartpulse.platform.registry.SchemaStore.Stored;
import io.cartpulse.platform.registry.SchemaStore.Version;
import io.cartpulse.registry.AvroCompatibility.Level;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A development stand-in for the Confluent Schema Registry: the subset of its REST API that
 * CartPulse and Confluent-style clients use, held in memory, on the JDK's HTTP server bound to
 * 127.0.0.1. Production points {@code schema.registry.url} at a real registry (Confluent,
 * Apicurio ccompat, Karapace, Redpanda); this exists so tests and the local stack need no Docker.
 *
 * <p>Endpoints ({@code application/vnd.schemaregistry.v1+json}; errors as
 * {@code {"error_code": N, "message": "..."}}):
 * <ul>
 *   <li>{@code GET /subjects}, {@code GET /subjects/{s}/versions},
 *       {@code GET /subjects/{s}/versions/{version|latest}}</li>
 *   <li>{@code POST /subjects/{s}/versions} (register, idempotent; 409 when incompatible, the
 *       message naming the field), {@code POST /subjects/{s}} (look up)</li>
 *   <li>{@code GET /schemas/ids/{id}}</li>
 *   <li>{@code POST /compatibility/subjects/{s}/versions/{version|latest}} ({@code ?verbose=true}
 *       adds the reasons)</li>
 *   <li>{@code GET|PUT /config}, {@code GET|PUT /config/{s}} (levels NONE, BACKWARD (default),
 *       BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE)</li>
 * </ul>
 * Error codes: 40401 unknown subject, 40402 unknown version, 40403 unknown schema id, 409
 * incompatible, 42201 invalid schema, 42202 invalid version, 42203 invalid level, 401 missing or
 * wrong credentials (when started with {@link #start(int, String)}). Nothing is persisted.
 */
public final class LocalSchemaRegistry implements AutoCloseable {

  public static final int DEFAULT_PORT = 8081;
  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private static final Logger LOG = LoggerFactory.getLogger(LocalSchemaRegistry.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final HttpServer server;
  private final ExecutorService executor;
  private final SchemaStore store = new SchemaStore();
  private final byte[] expectedAuthorization;
  private final String url;

  private LocalSchemaRegistry(int port, String requiredUserInfo) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 (any free port) to 65535, was " + port);
    }
    if (requiredUserInfo != null && !requiredUserInfo.contains(":")) {
      throw new IllegalArgumentException("credentials must look like user:password");
    }
    this.expectedAuthorization = requiredUserInfo == null ? null
        : ("Basic " + Base64.getEncoder().encodeToString(requiredUserInfo.getBytes(StandardCharsets.UTF_8)))
            .getBytes(StandardCharsets.UTF_8);
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    try {
      this.server = HttpServer.create(address, 0);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the local Schema Registry on 127.0.0.1:" + port + ": " + e, e);
    }
    int instance = INSTANCES.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(4, runnable -> {
      Thread thread = new Thread(runnable, "local-schema-registry-" + instance + "-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    this.url = "http://127.0.0.1:" + server.getAddress().getPort();
    LOG.info("Local Schema Registry (development stand-in, in memory) listening on {}{}", url,
        requiredUserInfo == null ? "" : " with basic auth");
  }

  /** Starts a registry on a free port. */
  public static LocalSchemaRegistry start() {
    return start(0);
  }

  /** Starts a registry on {@code port} (0 = any free port). */
  public static LocalSchemaRegistry start(int port) {
    return new LocalSchemaRegistry(port, null);
  }

  /**
   * Starts a registry that answers only requests with basic auth {@code userInfo}
   * ({@code user:password}); others get 401.
   */
  public static LocalSchemaRegistry start(int port, String userInfo) {
    return new LocalSchemaRegistry(port, userInfo);
  }

  /** {@code http://127.0.0.1:PORT}, the value for {@code schema.registry.url}. */
  public String url() {
    return url;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** Runs a registry until the process is stopped: {@code [port]}, default 8081. */
  public static void main(String[] args) throws InterruptedException {
    int port = DEFAULT_PORT;
    if (args.length > 0) {
      try {
        port = Integer.parseInt(args[0]);
      } catch (NumberFormatException e) {
        System.err.println("usage: LocalSchemaRegistry [port]  (port must be a number, was '" + args[0] + "')");
        System.exit(2);
      }
    }
    LocalSchemaRegistry registry = start(port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      registry.close();
      stopped.countDown();
    }, "local-schema-registry-shutdown"));
    System.out.println("Local Schema Registry listening on " + registry.url() + " (Ctrl-C stops it)");
    stopped.await();
  }

  // --- REST -------------------------------------------------------------------------------------

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      int status = 200;
      JsonNode answer;
      try {
        if (!authorized(exchange)) {
          exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"cartpulse-local-registry\"");
          throw new RegistryError(401, 401, "Unauthorized");
        }
        answer = route(exchange);
      } catch (RegistryError e) {
        status = e.status;
        answer = error(e.errorCode, e.getMessage());
      } catch (RuntimeException e) {
        LOG.error("Local Schema Registry failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        status = 500;
        answer = error(50001, "Internal error in the local Schema Registry: " + e);
      }
      byte[] body = JSON.writeValueAsBytes(answer);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  private boolean authorized(HttpExchange exchange) {
    if (expectedAuthorization == null) {
      return true;
    }
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    return header != null
        && MessageDigest.isEqual(expectedAuthorization, header.getBytes(StandardCharsets.UTF_8));
  }

  private JsonNode route(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    List<String> path = segments(exchange.getRequestURI().getRawPath());
    String query = exchange.getRequestURI().getRawQuery();
    int n = path.size();
    String root = n == 0 ? "" : path.get(0);
    switch (root) {
      case "" -> {
        requireMethod(method, "GET");
        return JSON.createObjectNode();
      }
      case "subjects" -> {
        if (n == 1) {
          requireMethod(method, "GET");
          return JSON.valueToTree(store.subjects());
        }
        String subject = path.get(1);
        if (n == 2) {
          requireMethod(method, "POST");
          return versionNode(store.lookUp(subject, schemaFrom(exchange)));
        }
        if (path.get(2).equals("versions") && n == 3) {
          if (method.equals("GET")) {
            return JSON.valueToTree(store.versions(subject));
          }
          requireMethod(method, "POST");
          ObjectNode id = JSON.createObjectNode();
          id.put("id", store.register(subject, schemaFrom(exchange)));
          return id;
        }
        if (path.get(2).equals("versions") && n == 4) {
          requireMethod(method, "GET");
          return versionNode(store.version(subject, path.get(3)));
        }
      }
      case "schemas" -> {
        if (n == 3 && path.get(1).equals("ids")) {
          requireMethod(method, "GET");
          ObjectNode schema = JSON.createObjectNode();
          schema.put("schema", store.byId(schemaId(path.get(2))).text());
          return schema;
        }
      }
      case "compatibility" -> {
        if ((n == 4 || n == 5) && path.get(1).equals("subjects") && path.get(3).equals("versions")) {
          requireMethod(method, "POST");
          List<String> problems = store.compatibility(path.get(2), n == 5 ? path.get(4) : null, schemaFrom(exchange));
          ObjectNode result = JSON.createObjectNode();
          result.put("is_compatible", problems.isEmpty());
          if (query != null && Arrays.asList(query.split("&")).contains("verbose=true")) {
            result.set("messages", JSON.valueToTree(problems));
          }
          return result;
        }
      }
      case "config" -> {
        if (n == 1) {
          if (method.equals("GET")) {
            return levelNode("compatibilityLevel", store.globalLevel());
          }
          requireMethod(method, "PUT");
          Level level = levelFrom(exchange);
          store.globalLevel(level);
          return levelNode("compatibility", level);
        }
        if (n == 2) {
          String subject = path.get(1);
          if (method.equals("GET")) {
            Level level = store.subjectLevel(subject);
            if (level == null) {
              if (query != null && Arrays.asList(query.split("&")).contains("defaultToGlobal=true")) {
                return levelNode("compatibilityLevel", store.globalLevel());
              }
              throw new RegistryError(404, SchemaStore.SUBJECT_LEVEL_NOT_CONFIGURED, "Subject '" + subject
                  + "' does not have subject-level compatibility configured");
            }
            return levelNode("compatibilityLevel", level);
          }
          requireMethod(method, "PUT");
          Level level = levelFrom(exchange);
          store.subjectLevel(subject, level);
          return levelNode("compatibility", level);
        }
      }
      default -> {
        // falls through to 404 below
      }
    }
    throw new RegistryError(404, 404, "HTTP 404 Not Found: " + method + " " + exchange.getRequestURI().getRawPath()
        + " is not an endpoint of the local Schema Registry");
  }

  private static void requireMethod(String method, String expected) {
    if (!method.equals(expected)) {
      throw new RegistryError(405, 405, "HTTP 405 Method Not Allowed: " + method);
    }
  }

  private static ObjectNode versionNode(Version version) {
    ObjectNode node = JSON.createObjectNode();
    node.put("subject", version.subject());
    node.put("version", version.version());
    node.put("id", version.stored().id());
    node.put("schema", version.stored().text());
    return node;
  }

  private static ObjectNode levelNode(String key, Level level) {
    ObjectNode node = JSON.createObjectNode();
    node.put(key, level.name());
    return node;
  }

  private static ObjectNode error(int code, String message) {
    ObjectNode node = JSON.createObjectNode();
    node.put("error_code", code);
    node.put("message", message);
    return node;
  }

  private static JsonNode body(HttpExchange exchange) throws IOException {
    byte[] bytes;
    try (InputStream in = exchange.getRequestBody()) {
      bytes = in.readAllBytes();
    }
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new RegistryError(400, 400, "The request body must be a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new RegistryError(400, 400, "The request body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static Schema schemaFrom(HttpExchange exchange) throws IOException {
    JsonNode body = body(exchange);
    String type = body.path("schemaType").asText("AVRO");
    if (!type.equalsIgnoreCase("AVRO")) {
      throw new RegistryError(422, SchemaStore.INVALID_SCHEMA, "Invalid schema: schemaType " + type
          + " is not supported by the local Schema Registry (Avro only)");
    }
    JsonNode text = body.get("schema");
    if (text == null || !text.isTextual()) {
      throw new RegistryError(422, SchemaStore.INVALID_SCHEMA, "Invalid schema: the body needs a \"schema\" string");
    }
    try {
      return new Schema.Parser().parse(text.asText());
    } catch (RuntimeException e) {
      throw new RegistryError(422, SchemaStore.INVALID_SCHEMA, "Invalid schema: " + e.getMessage());
    }
  }

  private static Level levelFrom(HttpExchange exchange) throws IOException {
    JsonNode value = body(exchange).get("compatibility");
    Level level = value == null ? null : Level.parse(value.asText());
    if (level == null) {
      throw new RegistryError(422, SchemaStore.INVALID_COMPATIBILITY_LEVEL, "Invalid compatibility level "
          + value + ". Valid values are: " + Arrays.toString(Level.values()));
    }
    return level;
  }

  private static int schemaId(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new RegistryError(404, SchemaStore.SCHEMA_NOT_FOUND, "Schema " + text + " not found");
    }
  }

  /** The decoded path segments; '+' stays a plus (it is not a space in a path). */
  private static List<String> segments(String rawPath) {
    List<String> segments = new ArrayList<>();
    for (String raw : rawPath.split("/")) {
      if (!raw.isEmpty()) {
        segments.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
      }
    }
    return segments;
  }
}
