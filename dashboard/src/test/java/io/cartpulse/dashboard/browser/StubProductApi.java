package io.cartpulse.dashboard.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stand-in for the streams-app's HTTP endpoint as ALERTS.md section 7 documents it:
 * {@code /products/top} (a JSON array of product lines), {@code /products/{id}} (one line, or a
 * JSON 404 for an unknown product) and {@code /health/ready}. With {@code withProducts = false}
 * it is a streams-app without the product API (plain-text 404 "no route", as today's endpoint).
 */
public final class StubProductApi implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, String> products = new LinkedHashMap<>();
  private final boolean withProducts;

  public StubProductApi(boolean withProducts) throws IOException {
    this.withProducts = withProducts;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Adds a product as its section 7 JSON line; {@code /products/top} lists them in the order added. */
  public StubProductApi product(String productId, String jsonLine) {
    products.put(productId, jsonLine);
    return this;
  }

  /** A section 7 line with the given numbers and related products ({@code "[...]"} JSON). */
  public static String line(String productId, long views, long purchases, String revenue, Integer available,
      String relatedJson) {
    return "{\"productId\":\"" + productId + "\",\"today\":{\"views\":" + views + ",\"carts\":" + (purchases + 1)
        + ",\"purchases\":" + purchases + ",\"revenue\":\"" + revenue + "\",\"viewers\":" + Math.max(1, views / 2)
        + "},\"lastHour\":{\"views\":" + views / 3 + ",\"carts\":1,\"purchases\":" + purchases / 3
        + ",\"revenue\":\"" + revenue + "\"},\"available\":" + available + ",\"related\":" + relatedJson + "}";
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      if (path.equals("/health/ready")) {
        send(exchange, 200, "text/plain", "ready: RUNNING");
      } else if (!withProducts || !path.startsWith("/products/")) {
        send(exchange, 404, "text/plain; charset=utf-8", "no route " + path);
      } else if (path.equals("/products/top")) {
        send(exchange, 200, "application/json", "[" + String.join(",", products.values()) + "]");
      } else {
        String id = URLDecoder.decode(path.substring("/products/".length()), StandardCharsets.UTF_8);
        String line = products.get(id);
        if (line == null) {
          send(exchange, 404, "application/json", "{\"error\":\"unknown product " + id + "\"}");
        } else {
          send(exchange, 200, "application/json", line);
        }
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
