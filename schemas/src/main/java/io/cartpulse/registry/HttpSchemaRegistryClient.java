package io.cartpulse.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client for the Confluent Schema Registry REST API (also served by Apicurio's ccompat API,
 * Karapace and Redpanda), on the JDK's {@link HttpClient}.
 *
 * <ul>
 *   <li>{@code schema.registry.url} may list several registries, comma-separated; a call tries
 *       them in order and moves on when one cannot be reached or answers 5xx.</li>
 *   <li>Every call this client makes is idempotent (registering an existing schema returns its
 *       id), so connection failures, timeouts and 5xx answers are retried up to
 *       {@code schema.registry.max.retries} times with exponential backoff from
 *       {@code schema.registry.retry.backoff.ms}. A 4xx answer is final: retrying cannot fix it.
 *       (Beneath that, the JDK client re-sends a GET once by itself when a fresh connection is
 *       closed before any answer.)</li>
 *   <li>Basic auth from {@code basic.auth.user.info}; TLS from the
 *       {@code schema.registry.ssl.*} trust and key stores (JKS or PKCS12).</li>
 * </ul>
 *
 * <p>Failures are {@link SchemaRegistryException}s naming the registry URL, what was being done
 * (subject or id) and the registry's own error code and message. Wrap this client in
 * {@link CachingSchemaRegistryClient} (as {@link SchemaRegistryClients} does): it makes a network
 * call per invocation. Thread-safe.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final String ACCEPT =
      "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger(HttpSchemaRegistryClient.class);

  private final List<String> baseUrls;
  private final String description;
  private final String authorization;
  private final Duration requestTimeout;
  private final int maxRetries;
  private final Duration retryBackoff;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  public HttpSchemaRegistryClient(RegistryConfig config) {
    List<String> urls = new ArrayList<>();
    String userInfoFromUrl = null;
    for (String part : config.url().split(",")) {
      if (part.isBlank()) {
        continue;
      }
      URI uri = parseUrl(part.trim(), config.url());
      if (uri.getRawUserInfo() != null && userInfoFromUrl == null) {
        userInfoFromUrl = URLDecoder.decode(uri.getRawUserInfo(), StandardCharsets.UTF_8);
      }
      urls.add(withoutUserInfo(uri));
    }
    if (urls.isEmpty()) {
      throw new ConfigException(RegistryConfig.SCHEMA_REGISTRY_URL, config.url(), "no URL given");
    }
    this.baseUrls = List.copyOf(urls);
    this.description = String.join(",", urls);
    String userInfo = config.basicAuthUserInfo() != null ? config.basicAuthUserInfo() : userInfoFromUrl;
    this.authorization = userInfo == null ? null
        : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    this.requestTimeout = config.requestTimeout();
    this.maxRetries = config.maxRetries();
    this.retryBackoff = config.retryBackoff();
    HttpClient.Builder builder = HttpClient.newBuilder()
        // Registries speak HTTP/1.1; skipping the h2c upgrade attempt avoids a round trip per connection.
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(requestTimeout)
        .followRedirects(HttpClient.Redirect.NEVER);
    if (config.truststoreLocation() != null || config.keystoreLocation() != null) {
      builder.sslContext(sslContext(config));
    }
    this.http = builder.build();
  }

  @Override
  public int register(String subject, Schema schema) {
    JsonNode answer = call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema),
        "registering a schema under subject '" + subject + "'");
    return requireId(answer, "registering a schema under subject '" + subject + "'");
  }

  @Override
  public int lookUpId(String subject, Schema schema) {
    JsonNode answer = call("POST", "/subjects/" + encode(subject), schemaBody(schema),
        "looking up a schema under subject '" + subject + "'");
    return requireId(answer, "looking up a schema under subject '" + subject + "'");
  }

  @Override
  public Schema getById(int id) {
    String what = "fetching schema id " + id;
    return parseSchema(call("GET", "/schemas/ids/" + id, null, what), what);
  }

  @Override
  public RegisteredSchema latest(String subject) {
    String what = "fetching the latest version of subject '" + subject + "'";
    JsonNode answer = call("GET", "/subjects/" + encode(subject) + "/versions/latest", null, what);
    JsonNode version = answer.get("version");
    if (version == null || !version.canConvertToInt()) {
      throw notTheApi(what, "an answer without a version: " + abbreviate(answer.toString()));
    }
    return new RegisteredSchema(answer.path("subject").asText(subject), version.asInt(), requireId(answer, what),
        parseSchema(answer, what));
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    String what = "checking compatibility under subject '" + subject + "'";
    JsonNode answer;
    try {
      answer = call("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest", schemaBody(schema),
          what);
    } catch (SchemaRegistryException e) {
      if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
          || e.errorCode() == SchemaRegistryException.VERSION_NOT_FOUND) {
        return true; // Nothing registered yet: any schema may become version 1.
      }
      throw e;
    }
    JsonNode compatible = answer.get("is_compatible");
    if (compatible == null || !compatible.isBoolean()) {
      throw notTheApi(what, "an answer without is_compatible: " + abbreviate(answer.toString()));
    }
    return compatible.booleanValue();
  }

  /** The registry URL(s), comma-separated, without credentials. */
  @Override
  public String describe() {
    return description;
  }

  // ---------------------------------------------------------------------------------------------

  private byte[] schemaBody(Schema schema) {
    // Always Avro's own normal form (Schema.toString: fixed member order, no whitespace), whatever
    // text the schema was parsed from, so a registry that hashes the text it gets (Apicurio without
    // canonical hashing) still sees one text per schema from us. Not the Parsing Canonical Form: it
    // drops the defaults, docs and logical types that readers fetching the schema by id need.
    ObjectNode body = json.createObjectNode();
    body.put("schema", schema.toString());
    try {
      return json.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write a registry request body", e);
    }
  }

  /**
   * One REST call with failover across the URLs and retries for what can be transient. Returns
   * the JSON body of a 2xx answer.
   */
  private JsonNode call(String method, String path, byte[] body, String what) {
    int attempts = maxRetries + 1;
    String lastFailure = null;
    Throwable lastCause = null;
    boolean lastWasConnection = true;
    int lastErrorCode = SchemaRegistryException.UNREACHABLE;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      for (String base : baseUrls) {
        HttpResponse<String> response;
        try {
          response = http.send(request(method, base + path, body), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
          lastFailure = base + ": " + causeText(e);
          lastCause = e;
          lastWasConnection = true;
          continue;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SchemaRegistryException(SchemaRegistryException.UNREACHABLE,
              "Interrupted while " + what + " at Schema Registry " + base, e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          return parseBody(base, response, what);
        }
        ErrorBody error = errorBody(status, response.body());
        if (status >= 500) {
          lastFailure = base + " answered HTTP " + status + (error.code == status ? "" : ", error " + error.code)
              + ": " + error.message;
          lastCause = null;
          lastWasConnection = false;
          lastErrorCode = error.code;
          continue;
        }
        throw clientError(base, status, error, what);
      }
      if (attempt < attempts) {
        Duration pause = backoff(attempt);
        LOG.warn("Schema Registry call failed ({}), attempt {} of {}: {}; retrying in {} ms", what, attempt, attempts,
            lastFailure, pause.toMillis());
        sleep(pause, what);
      }
    }
    if (lastWasConnection) {
      throw new SchemaRegistryException(SchemaRegistryException.UNREACHABLE, "Schema Registry at " + description
          + " is unreachable after " + attempts + (attempts == 1 ? " attempt" : " attempts") + ": " + lastFailure
          + " (while " + what + ")", lastCause);
    }
    throw new SchemaRegistryException(lastErrorCode, "Schema Registry at " + description + " failed "
        + what + " after " + attempts + (attempts == 1 ? " attempt" : " attempts") + ": " + lastFailure);
  }

  private HttpRequest request(String method, String url, byte[] body) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
        .timeout(requestTimeout)
        .header("Accept", ACCEPT);
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    if (body == null) {
      builder.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      builder.header("Content-Type", CONTENT_TYPE).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    }
    return builder.build();
  }

  private JsonNode parseBody(String base, HttpResponse<String> response, String what) {
    try {
      JsonNode node = json.readTree(response.body());
      if (node == null || !node.isObject()) {
        throw notTheApi(base, what, "a body that is not a JSON object: " + abbreviate(response.body()));
      }
      return node;
    } catch (IOException e) {
      throw notTheApi(base, what, "a body that is not JSON: " + abbreviate(response.body()));
    }
  }

  private ErrorBody errorBody(int status, String body) {
    try {
      JsonNode node = json.readTree(body);
      if (node != null && node.isObject() && node.has("error_code")) {
        return new ErrorBody(node.get("error_code").asInt(status), node.path("message").asText(""));
      }
    } catch (IOException e) {
      // Not the API's error format (a proxy's HTML page, say): report what came back.
    }
    return new ErrorBody(status, body == null || body.isBlank() ? "(empty body)" : abbreviate(body));
  }

  private SchemaRegistryException clientError(String base, int status, ErrorBody error, String what) {
    String hint = "";
    if (status == 401 || status == 403) {
      hint = authorization == null
          ? " (the registry wants credentials: set " + RegistryConfig.BASIC_AUTH_USER_INFO + ")"
          : " (check the credentials in " + RegistryConfig.BASIC_AUTH_USER_INFO + ")";
    }
    return new SchemaRegistryException(error.code, "Schema Registry at " + base + " rejected " + what
        + ": HTTP " + status + ", error " + error.code + ": " + error.message + hint);
  }

  private int requireId(JsonNode answer, String what) {
    JsonNode id = answer.get("id");
    if (id == null || !id.canConvertToInt()) {
      throw notTheApi(what, "an answer without a schema id: " + abbreviate(answer.toString()));
    }
    return id.asInt();
  }

  private Schema parseSchema(JsonNode answer, String what) {
    String type = answer.path("schemaType").asText("AVRO");
    if (!type.equalsIgnoreCase("AVRO")) {
      throw new SchemaRegistryException(SchemaRegistryException.INVALID_SCHEMA, "Schema Registry at " + description
          + " answered " + what + " with a " + type + " schema; CartPulse reads Avro only");
    }
    JsonNode text = answer.get("schema");
    if (text == null || !text.isTextual()) {
      throw notTheApi(what, "an answer without a schema: " + abbreviate(answer.toString()));
    }
    try {
      return new Schema.Parser().parse(text.asText());
    } catch (SchemaParseException e) {
      throw new SchemaRegistryException(SchemaRegistryException.INVALID_SCHEMA, "Schema Registry at " + description
          + " answered " + what + " with a schema that is not valid Avro: " + e.getMessage(), e);
    }
  }

  private SchemaRegistryException notTheApi(String what, String detail) {
    return notTheApi(description, what, detail);
  }

  private static SchemaRegistryException notTheApi(String base, String what, String detail) {
    return new SchemaRegistryException(SchemaRegistryException.UNREACHABLE, "Schema Registry at " + base
        + " answered " + what + " with " + detail + " (is this URL a Confluent-compatible registry?)");
  }

  private Duration backoff(int attempt) {
    long millis = retryBackoff.toMillis();
    for (int i = 1; i < attempt && millis < MAX_BACKOFF.toMillis(); i++) {
      millis *= 2;
    }
    return Duration.ofMillis(Math.min(millis, Math.max(MAX_BACKOFF.toMillis(), retryBackoff.toMillis())));
  }

  private static void sleep(Duration pause, String what) {
    if (pause.isZero()) {
      return;
    }
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException(SchemaRegistryException.UNREACHABLE,
          "Interrupted while waiting to retry " + what, e);
    }
  }

  private record ErrorBody(int code, String message) {}

  // --- configuration --------------------------------------------------------------------------

  private static URI parseUrl(String text, String configured) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new ConfigException(RegistryConfig.SCHEMA_REGISTRY_URL, redact(configured),
          "not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || uri.getHost() == null) {
      throw new ConfigException(RegistryConfig.SCHEMA_REGISTRY_URL, redact(configured),
          "expected http://host:port or https://host:port (or mock://name for an in-memory registry)");
    }
    return uri;
  }

  /** scheme://host[:port][/path prefix], credentials and trailing slash removed. */
  private static String withoutUserInfo(URI uri) {
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[") ? "[" + uri.getHost() + "]" : uri.getHost();
    return uri.getScheme().toLowerCase() + "://" + host + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + path;
  }

  private static String redact(String urls) {
    return java.util.Arrays.stream(urls.split(","))
        .map(u -> u.replaceFirst("//[^/@]*@", "//"))
        .collect(Collectors.joining(","));
  }

  static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static SSLContext sslContext(RegistryConfig config) {
    try {
      KeyManager[] keyManagers = null;
      if (config.keystoreLocation() != null) {
        char[] password = chars(config.keystorePassword());
        KeyStore keyStore = load(config.keystoreLocation(), password, config.keystoreType(),
            RegistryConfig.SSL_KEYSTORE_LOCATION);
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keyStore, password);
        keyManagers = factory.getKeyManagers();
      }
      TrustManager[] trustManagers = null;
      if (config.truststoreLocation() != null) {
        KeyStore trustStore = load(config.truststoreLocation(), chars(config.truststorePassword()),
            config.truststoreType(), RegistryConfig.SSL_TRUSTSTORE_LOCATION);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trustStore);
        trustManagers = factory.getTrustManagers();
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers, trustManagers, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new ConfigException("Cannot set up TLS for the Schema Registry from the "
          + "schema.registry.ssl.* settings: " + e.getMessage());
    }
  }

  private static KeyStore load(String location, char[] password, String type, String key) {
    try (InputStream in = Files.newInputStream(Path.of(location))) {
      KeyStore store = KeyStore.getInstance(type == null ? "JKS" : type);
      store.load(in, password);
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException(key, location, "cannot load it as a " + type + " store: " + e);
    }
  }

  private static char[] chars(String password) {
    return password == null ? null : password.toCharArray();
  }

  private static String causeText(Throwable error) {
    StringBuilder text = new StringBuilder(error.getClass().getSimpleName());
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        if (t != error) {
          text.append(" (").append(t.getClass().getSimpleName()).append(')');
        }
        return text.append(": ").append(t.getMessage()).toString();
      }
    }
    if (error instanceof java.net.ConnectException) {
      // The JDK client gives no message here; say what it means.
      text.append(": could not connect (connection refused, or the host is unreachable)");
    }
    return text.toString();
  }

  private static String abbreviate(String text) {
    String oneLine = text.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 197) + "...";
  }
}
