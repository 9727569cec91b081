package io.cartpulse.alert;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartpulse.avro.Alert;
import io.cartpulse.avro.PvUvPoint;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
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
  private static final SerializedString LINE_SEPARATOR = new SerializedString("\n");

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
    return line(alert, BacktestOutput::writeAlert);
  }

  public static String pvuvLine(PvUvPoint point) {
    return line(point, BacktestOutput::writePvUv);
  }

  public static void writeAlerts(Path file, Collection<Alert> alerts) throws IOException {
    List<Alert> sorted = new ArrayList<>(alerts);
    sorted.sort(ALERT_ORDER.thenComparing(BacktestOutput::alertLine));
    writeLines(file, sorted, BacktestOutput::writeAlert);
  }

  public static void writePvUv(Path file, Collection<PvUvPoint> points) throws IOException {
    List<PvUvPoint> sorted = new ArrayList<>(points);
    sorted.sort(PVUV_ORDER);
    writeLines(file, sorted, BacktestOutput::writePvUv);
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

  // Written through one streaming generator per file rather than a tree and a String per line: a
  // million-event backtest writes about 1.8 million PV/UV lines, and building each one as an object
  // tree first cost seconds of the run.
  private static <T> void writeLines(Path file, List<T> values, LineWriter<T> writer) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        JsonGenerator generator = JSON.getFactory().createGenerator(out)) {
      generator.setRootValueSeparator(LINE_SEPARATOR);
      for (T value : values) {
        writer.write(generator, value);
      }
      if (!values.isEmpty()) {
        generator.writeRaw('\n');
      }
    }
  }

  private static <T> String line(T value, LineWriter<T> writer) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator generator = JSON.getFactory().createGenerator(out)) {
      writer.write(generator, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void writeAlert(JsonGenerator generator, Alert alert) throws IOException {
    generator.writeStartObject();
    generator.writeStringField("alertId", alert.getAlertId());
    generator.writeStringField("type", alert.getType().name());
    generator.writeStringField("userId", alert.getUserId());
    generator.writeStringField("userSession", alert.getUserSession());
    generator.writeStringField("productId", alert.getProductId());
    generator.writeNumberField("eventTime", alert.getEventTime().toEpochMilli());
    generator.writeStringField("source", alert.getSource());
    generator.writeObjectFieldStart("attributes");
    for (Map.Entry<String, String> attribute : new TreeMap<>(alert.getAttributes()).entrySet()) {
      generator.writeStringField(attribute.getKey(), attribute.getValue());
    }
    generator.writeEndObject();
    generator.writeEndObject();
  }

  private static void writePvUv(JsonGenerator generator, PvUvPoint point) throws IOException {
    generator.writeStartObject();
    generator.writeStringField("day", point.getDay());
    generator.writeNumberField("windowEnd", point.getWindowEnd().toEpochMilli());
    generator.writeStringField("dimension", point.getDimension());
    generator.writeNumberField("pv", point.getPv());
    generator.writeNumberField("uv", point.getUv());
    generator.writeEndObject();
  }

  @FunctionalInterface
  private interface LineWriter<T> {
    void write(JsonGenerator generator, T value) throws IOException;
  }
}
