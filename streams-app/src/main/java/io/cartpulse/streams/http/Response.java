package io.cartpulse.streams.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a route answers: status, content type, body and extra headers. */
public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
  public static final String TEXT = "text/plain; charset=utf-8";
  public static final String JSON = "application/json";

  public Response {
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  public static Response of(int status, String contentType, byte[] body) {
    return new Response(status, contentType, body, Map.of());
  }

  /** A plain-text answer; a line break is appended so that curl output ends cleanly. */
  public static Response text(int status, String text) {
    return of(status, TEXT, (text + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * 503 with {@code Retry-After} (whole seconds, at least 1): the answer of a route that cannot
   * answer yet, e.g. while the instance is rebalancing or restoring its state.
   */
  public static Response unavailable(Duration retryAfter, String why) {
    long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    return text(503, why).withHeader("Retry-After", String.valueOf(seconds));
  }

  public Response withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Response(status, contentType, body, more);
  }
}
