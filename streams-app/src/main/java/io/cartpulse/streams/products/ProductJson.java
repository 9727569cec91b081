package io.cartpulse.streams.products;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cartpulse.click.Money;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The JSON form of a product's data (ALERTS.md section 7), the same in the backtest's
 * {@code --products-out} lines and the HTTP answers:
 * {@code {"productId","today":{"views","carts","purchases","revenue","viewers"},
 * "lastHour":{"views","carts","purchases","revenue"},"available","related":[{"productId","score","available"}]}}
 * with {@code revenue} a string like {@code "612.40"} and {@code available} a number or null.
 */
public final class ProductJson {
  public static final ObjectMapper JSON = new ObjectMapper();

  private ProductJson() {}

  public static ObjectNode toNode(ProductView view) {
    ObjectNode node = JSON.createObjectNode();
    node.put("productId", view.productId());
    ObjectNode today = node.putObject("today");
    counts(today, view.today());
    today.put("viewers", view.todayViewers());
    counts(node.putObject("lastHour"), view.lastHour());
    putAvailable(node, view.available());
    ArrayNode related = node.putArray("related");
    for (ProductView.Related entry : view.related()) {
      ObjectNode item = related.addObject();
      item.put("productId", entry.productId());
      item.put("score", entry.score());
      putAvailable(item, entry.available());
    }
    return node;
  }

  /** One line of {@code --products-out} (no newline). */
  public static String toLine(ProductView view) {
    return toNode(view).toString();
  }

  /** Writes {@code views} (already in productId order) as JSON lines. */
  public static void write(Path file, List<ProductView> views) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (ProductView view : views) {
        out.write(toLine(view));
        out.write('\n');
      }
    }
  }

  private static void counts(ObjectNode node, ProductView.Counts counts) {
    node.put("views", counts.views());
    node.put("carts", counts.carts());
    node.put("purchases", counts.purchases());
    node.put("revenue", Money.format(counts.revenueCents()));
  }

  private static void putAvailable(ObjectNode node, Integer available) {
    if (available == null) {
      node.putNull("available");
    } else {
      node.put("available", available.intValue());
    }
  }
}
