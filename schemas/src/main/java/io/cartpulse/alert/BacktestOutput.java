package io.cartpulse.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cartpulse.avro.Alert;
import io.cartpulse.avro.PvUvPoint;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON-lines files of ALERTS.md section 6, shared by the backtest and run-local so both
 * write the same format. Lines are sorted by eventTime, type, userId, productId (absent first),
 * then by the line itself so that ties (several coupon tiers of one purchase) are stable.
 */
public final class BacktestOutput {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());

  public static final Comparator<Alert> ALERT_ORDER = Comparator
      .comparing((Alert a) -> a.getEventTime().toEpochMilli())
      .thenComparing(a -> a.getType().name())
      .thenComparing(Alert::getUserId, NULLS_FIRST)
      .thenComparing(Alert::getProductId, NULLS_FIRST);

  public static final Comparator<PvUvPoint> PVUV_ORDER = Comparator
      .comparing((PvUvPoint p) -> p.getWindowEnd().toEpochMilli())
      .thenComparing(PvUvPoint::getDimension);

  private BacktestOutput() {}

  public static String alertLine(Alert alert) {
    ObjectNode node = JSON.createObjectNode();
    node.put("alertId", alert.getAlertId());
    node.put("type", alert.getType().name());
    node.put("userId", alert.getUserId());
    node.put("userSession", alert.getUserSession());
    node.put("productId", alert.getProductId());
    node.put("eventTime", alert.getEventTime().toEpochMilli());
    node.put("source", alert.getSource());
    ObjectNode attributes = node.putObject("attributes");
    new TreeMap<>(alert.getAttributes()).forEach(attributes::put);
    return write(node);
  }

  public static String pvuvLine(PvUvPoint point) {
    ObjectNode node = JSON.createObjectNode();
    node.put("day", point.getDay());
    node.put("windowEnd", point.getWindowEnd().toEpochMilli());
    node.put("dimension", point.getDimension());
    node.put("pv", point.getPv());
    node.put("uv", point.getUv());
    return write(node);
  }

  public static void writeAlerts(Path file, Collection<Alert> alerts) throws IOException {
    List<Alert> sorted = new ArrayList<>(alerts);
    sorted.sort(ALERT_ORDER.thenComparing(BacktestOutput::alertLine));
    writeLines(file, sorted.stream().map(BacktestOutput::alertLine).toList());
  }

  public static void writePvUv(Path file, Collection<PvUvPoint> points) throws IOException {
    List<PvUvPoint> sorted = new ArrayList<>(points);
    sorted.sort(PVUV_ORDER);
    writeLines(file, sorted.stream().map(BacktestOutput::pvuvLine).toList());
  }

  /** Reads an alerts file back into maps (tests and comparisons). */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> readLines(Path file) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        rows.add(JSON.readValue(line, Map.class));
      }
    }
    return rows;
  }

  private static void writeLines(Path file, List<String> lines) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (String line : lines) {
        out.write(line);
        out.write('\n');
      }
    }
  }

  private static String write(ObjectNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
