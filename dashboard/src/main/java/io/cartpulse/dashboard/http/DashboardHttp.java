package io.cartpulse.dashboard.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cartpulse.avro.AlertType;
import io.cartpulse.dashboard.Dashboard;
import io.cartpulse.dashboard.products.ProductApiClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's HTTP server: the page, its script and style, Chart.js from its webjar, the event
 * stream ({@code /events}, Server-Sent Events: one {@code update} event per second with what
 * changed, see {@link ClientView}), the product API proxy ({@code /api/products/...}) and a health
 * route for the container.
 *
 * <p>The JDK's own server: the dashboard serves a handful of routes to a few browsers, and SSE is a
 * response written in pieces, which it does as it is; a framework would add more dependencies
 * than the routes it would save.
 */
public final class DashboardHttp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardHttp.class);
  static final String WEB = "/io/cartpulse/dashboard/web/";
  static final String CHART_JS = "/webjars/chart.js/chart.umd.js";
  /** Pages open at once; each holds a thread for its event stream. */
  static final int MAX_STREAMS = 32;
  static final long UPDATE_EVERY_MS = 1_000;
  static final long KEEP_ALIVE_EVERY_MS = 15_000;
  private static final Map<String, String> STATIC = Map.of(
      "app.js", "text/javascript; charset=utf-8",
      "app.css", "text/css; charset=utf-8");
  private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
      + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'";

  private final Dashboard dashboard;
  private final ObjectMapper json;
  private final HttpServer server;
  private final ExecutorService executor;
  private final Semaphore streams = new Semaphore(MAX_STREAMS);
  private final CountDownLatch closed = new CountDownLatch(1);
  private final String chartJsResource;

  private DashboardHttp(Dashboard dashboard, ObjectMapper json, HttpServer server, ExecutorService executor) {
    this.dashboard = dashboard;
    this.json = json;
    this.server = server;
    this.executor = executor;
    this.chartJsResource = "/META-INF/resources/webjars/chart.js/" + webjarVersion("org.webjars.npm", "chart.js")
        + "/dist/chart.umd.js";
  }

  /** Listens on {@code bindAddress:port} (0 = any free port). */
  public static DashboardHttp start(Dashboard dashboard, ObjectMapper json, String bindAddress, int port)
      throws IOException {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(bindAddress, port), 0);
    } catch (IOException | RuntimeException e) {
      throw new IOException("cannot listen on " + bindAddress + ":" + port + " (dashboard.bind-address, "
          + "dashboard.port): " + e.getMessage(), e);
    }
    ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "cartpulse-dashboard-http");
      thread.setDaemon(true);
      return thread;
    });
    DashboardHttp http = new DashboardHttp(dashboard, json, server, executor);
    server.setExecutor(executor);
    server.createContext("/", http::handle);
    server.start();
    return http;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
        text(exchange, 405, "only GET");
        return;
      }
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      if (path.equals("/") || path.equals("/index.html")) {
        resource(exchange, WEB + "index.html", "text/html; charset=utf-8");
      } else if (path.startsWith("/static/") && STATIC.containsKey(path.substring(8))) {
        resource(exchange, WEB + path.substring(8), STATIC.get(path.substring(8)));
      } else if (path.equals(CHART_JS)) {
        resource(exchange, chartJsResource, "text/javascript; charset=utf-8");
      } else if (path.equals("/events")) {
        events(exchange, query);
      } else if (path.equals("/api/update")) {
        ClientView view = view(exchange, query);
        if (view != null) {
          send(exchange, 200, "application/json", json.writeValueAsBytes(view.next(System.currentTimeMillis())));
        }
      } else if (path.equals("/api/products/top")) {
        topProducts(exchange, query);
      } else if (path.startsWith("/api/products/") && path.length() > "/api/products/".length()) {
        product(exchange, URLDecoder.decode(path.substring("/api/products/".length()), StandardCharsets.UTF_8));
      } else if (path.equals("/health")) {
        text(exchange, 200, "ok");
      } else {
        text(exchange, 404, "no such page: " + path);
      }
    } catch (IOException e) {
      LOG.debug("A request ended early: {}", e.toString());
    } catch (RuntimeException e) {
      LOG.warn("A request failed", e);
    }
  }

  /** The view for the page's choices, or null after answering 400. */
  private ClientView view(HttpExchange exchange, Map<String, String> query) throws IOException {
    String dimension = query.get("dimension");
    if (dimension != null && (dimension.isBlank() || dimension.length() > 200)) {
      dimension = null;
    }
    AlertType type = null;
    String typeName = query.getOrDefault("type", "ALL");
    if (!typeName.equals("ALL")) {
      try {
        type = AlertType.valueOf(typeName);
      } catch (IllegalArgumentException e) {
        text(exchange, 400, "type: expected ALL or an alert type, got '" + typeName + "'");
        return null;
      }
    }
    return new ClientView(dashboard, json, dimension, type);
  }

  private void events(HttpExchange exchange, Map<String, String> query) throws IOException {
    ClientView view = view(exchange, query);
    if (view == null) {
      return;
    }
    if (!streams.tryAcquire()) {
      exchange.getResponseHeaders().set("Retry-After", "10");
      text(exchange, 503, "too many open dashboards (" + MAX_STREAMS + ")");
      return;
    }
    try {
      exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      out.write("retry: 2000\n\n".getBytes(StandardCharsets.UTF_8));
      long lastWrite = System.currentTimeMillis();
      do {
        long now = System.currentTimeMillis();
        ObjectNode update = view.next(now);
        if (update != null) {
          String event = "event: update\ndata: " + json.writeValueAsString(update) + "\n\n";
          out.write(event.getBytes(StandardCharsets.UTF_8));
          lastWrite = now;
        } else if (now - lastWrite >= KEEP_ALIVE_EVERY_MS) {
          out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
          lastWrite = now;
        }
        out.flush();
      } while (!closed.await(UPDATE_EVERY_MS, TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      streams.release();
    }
  }

  private void topProducts(HttpExchange exchange, Map<String, String> query) throws IOException {
    String by = query.getOrDefault("by", "views");
    String window = query.getOrDefault("window", "today");
    if (!ProductApiClient.RANK_BY.contains(by)) {
      jsonError(exchange, "by: expected one of " + ProductApiClient.RANK_BY + ", got '" + by + "'");
      return;
    }
    if (!ProductApiClient.WINDOWS.contains(window)) {
      jsonError(exchange, "window: expected one of " + ProductApiClient.WINDOWS + ", got '" + window + "'");
      return;
    }
    int limit;
    try {
      limit = Integer.parseInt(query.getOrDefault("limit", "10"));
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > ProductApiClient.MAX_LIMIT) {
      jsonError(exchange, "limit: expected a whole number 1.." + ProductApiClient.MAX_LIMIT);
      return;
    }
    ProductApiClient.Answer answer = dashboard.products().top(by, window, limit);
    ObjectNode body = json.createObjectNode();
    body.put("by", by);
    body.put("window", window);
    describe(body, answer, "products");
    send(exchange, 200, "application/json", json.writeValueAsBytes(body));
  }

  private void product(HttpExchange exchange, String productId) throws IOException {
    ProductApiClient.Answer answer = dashboard.products().product(productId);
    ObjectNode body = json.createObjectNode();
    body.put("productId", productId);
    describe(body, answer, "product");
    send(exchange, 200, "application/json", json.writeValueAsBytes(body));
  }

  /** The page's form of an answer: {@code available}, and the data, or whether to retry, or why not. */
  private static void describe(ObjectNode body, ProductApiClient.Answer answer, String field) {
    switch (answer.status()) {
      case OK -> {
        body.put("available", true);
        body.set(field, answer.body());
      }
      case UNKNOWN_PRODUCT -> {
        body.put("available", true);
        body.put("unknown", true);
        body.put("reason", answer.reason());
      }
      case RETRY_LATER -> {
        body.put("available", true);
        body.put("retry", true);
        body.put("reason", answer.reason());
      }
      case NOT_AVAILABLE -> {
        body.put("available", false);
        body.put("reason", answer.reason());
      }
    }
  }

  private void jsonError(HttpExchange exchange, String message) throws IOException {
    ObjectNode body = json.createObjectNode();
    body.put("error", message);
    send(exchange, 400, "application/json", json.writeValueAsBytes(body));
  }

  private void resource(HttpExchange exchange, String name, String contentType) throws IOException {
    try (InputStream in = DashboardHttp.class.getResourceAsStream(name)) {
      if (in == null) {
        text(exchange, 404, "missing resource " + name);
        return;
      }
      send(exchange, 200, contentType, in.readAllBytes());
    }
  }

  private static void text(HttpExchange exchange, int status, String text) throws IOException {
    send(exchange, status, "text/plain; charset=utf-8", (text + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.getResponseHeaders().set("Content-Security-Policy", CSP);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      exchange.getResponseBody().write(body);
    }
  }

  static Map<String, String> query(String rawQuery) {
    Map<String, String> values = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return values;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      values.putIfAbsent(key, value);
    }
    return values;
  }

  /** The version of a webjar on the classpath, from the pom.properties Maven puts in every jar. */
  static String webjarVersion(String groupId, String artifactId) {
    String name = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
    try (InputStream in = DashboardHttp.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(groupId + ":" + artifactId + " is not on the classpath (" + name + ")");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
