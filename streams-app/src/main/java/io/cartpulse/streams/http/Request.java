package io.cartpulse.streams.http;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A GET (or HEAD) request as a route sees it.
 *
 * @param path the decoded path, e.g. {@code /products/42}
 * @param query the decoded query parameters (the first value of each name)
 */
public record Request(String method, String path, Map<String, String> query) {
  public Request {
    query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
  }

  static Request of(String method, URI uri) {
    Map<String, String> query = new LinkedHashMap<>();
    String raw = uri.getRawQuery();
    if (raw != null && !raw.isEmpty()) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        query.putIfAbsent(name, value);
      }
    }
    return new Request(method, uri.getPath(), query);
  }

  /** The path below {@code prefix} (a route registered as {@code /products/} gets {@code 42} for {@code /products/42}). */
  public String pathBelow(String prefix) {
    return path.startsWith(prefix) ? path.substring(prefix.length()) : "";
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
