package io.cartpulse.dashboard.products;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The one place the dashboard meets the streams-app's product API (ALERTS.md section 7):
 * {@code GET /products/top?by=&window=&limit=} and {@code GET /products/{id}}, each product as the
 * section's JSON line ({@code productId}, {@code today{views,carts,purchases,revenue,viewers}},
 * {@code lastHour{...}}, {@code available}, {@code related[{productId,score,available}]}). Any
 * instance answers for any product, so one URL is enough.
 *
 * <p>Not there is an answer too: no URL configured, nothing listening, or a streams-app without
 * the product routes (its plain-text 404 "no route") all give {@link Status#NOT_AVAILABLE}, which
 * the page shows as "product data not available". An unknown product is the API's JSON 404; a
 * rebalance or restore its 503 with Retry-After.
 */
public final class ProductApiClient {
  /** The rankings the API offers. */
  public static final List<String> RANK_BY = List.of("views", "carts", "purchases", "revenue");
  public static final List<String> WINDOWS = List.of("today", "lastHour");
  public static final int MAX_LIMIT = 100;
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  public enum Status { OK, UNKNOWN_PRODUCT, RETRY_LATER, NOT_AVAILABLE }

  /**
   * An answer: {@code body} is an array of product lines for {@link #top}, one product line for
   * {@link #product} (null unless OK); {@code reason} says why not OK.
   */
  public record Answer(Status status, JsonNode body, String reason) {
    static Answer notAvailable(String reason) {
      return new Answer(Status.NOT_AVAILABLE, null, reason);
    }
  }

  private final String baseUrl;
  private final ObjectMapper json;
  private final HttpClient http;

  /** {@code baseUrl}: the streams-app's HTTP endpoint (http://host:7070), or null when there is none. */
  public ProductApiClient(String baseUrl, ObjectMapper json) {
    this.baseUrl = baseUrl;
    this.json = json;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  }

  /** The top {@code limit} products by {@code by} in {@code window} (the caller checked both against the lists). */
  public Answer top(String by, String window, int limit) {
    Answer answer = get("/products/top?by=" + encode(by) + "&window=" + encode(window) + "&limit=" + limit, false);
    if (answer.status() != Status.OK) {
      return answer;
    }
    // A list of product lines, bare or under "products".
    JsonNode list = answer.body().isArray() ? answer.body() : answer.body().path("products");
    if (!list.isArray()) {
      return Answer.notAvailable("the streams-app's /products/top answered without a list of products");
    }
    return new Answer(Status.OK, list, null);
  }

  /** One product's statistics, stock and related products now. */
  public Answer product(String productId) {
    return get("/products/" + encode(productId), true);
  }

  private Answer get(String pathAndQuery, boolean notFoundIsUnknownProduct) {
    if (baseUrl == null) {
      return Answer.notAvailable("no streams-app URL is configured (dashboard.streams-url)");
    }
    HttpResponse<String> response;
    try {
      response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(TIMEOUT)
          .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return Answer.notAvailable("the streams-app at " + baseUrl + " does not answer (" + e.getClass().getSimpleName()
          + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Answer.notAvailable("interrupted");
    }
    boolean isJson = response.headers().firstValue("Content-Type").orElse("").contains("json");
    int status = response.statusCode();
    if (status == 200 && isJson) {
      try {
        return new Answer(Status.OK, json.readTree(response.body()), null);
      } catch (JsonProcessingException e) {
        return Answer.notAvailable("the streams-app answered " + pathAndQuery + " with malformed JSON");
      }
    }
    if (status == 404 && isJson && notFoundIsUnknownProduct) {
      return new Answer(Status.UNKNOWN_PRODUCT, null, errorText(response.body()));
    }
    if (status == 503) {
      return new Answer(Status.RETRY_LATER, null, "the streams-app is rebalancing or restoring its state ("
          + errorText(response.body()) + ")");
    }
    if (status == 404) {
      return Answer.notAvailable("the streams-app at " + baseUrl + " has no product API");
    }
    return Answer.notAvailable("the streams-app answered HTTP " + status + ": " + errorText(response.body()));
  }

  /** The "error" of a JSON error body, else the body's first line, shortened. */
  private String errorText(String body) {
    String text = body == null ? "" : body.strip();
    try {
      JsonNode node = json.readTree(text);
      if (node != null && node.hasNonNull("error")) {
        text = node.get("error").asText();
      }
    } catch (JsonProcessingException e) {
      // not JSON: the text as it is
    }
    text = text.lines().findFirst().orElse("");
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
