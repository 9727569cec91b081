package io.cartpulse.inventory;

import io.cartpulse.avro.InventoryLevel;
import io.cartpulse.click.Rees46Csv;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The CSV form of inventory levels (ALERTS.md section 7): header required, with the columns
 * {@code event_time,product_id,available} found by name (any order, other columns ignored), the
 * time as in the click CSV ({@code 2019-10-01 00:00:00 UTC}). A row lacking a field, with a bad
 * {@code available} or a bad time is invalid, with its reason.
 */
public final class InventoryCsv {
  public static final String EVENT_TIME = "event_time";
  public static final String PRODUCT_ID = "product_id";
  public static final String AVAILABLE = "available";
  public static final String HEADER = EVENT_TIME + "," + PRODUCT_ID + "," + AVAILABLE;

  private InventoryCsv() {}

  /** A parsed row: exactly one of {@code level} and {@code error} is set. */
  public record Row(long lineNumber, InventoryLevel level, String error, String text, Columns columns) {
    public boolean isValid() {
      return level != null;
    }
  }

  /** Receives rows in file order. */
  @FunctionalInterface
  public interface RowHandler {
    void accept(Row row) throws IOException;
  }

  /** Where the three columns are, and how many columns a row has. */
  public record Columns(int eventTime, int productId, int available, int count) {
    /** The columns of a header line, or an IOException naming {@code name} and what is missing. */
    public static Columns of(String header, String name) throws IOException {
      if (header == null) {
        throw new IOException(name + ": empty file (expected a header with " + HEADER + ")");
      }
      String line = header.startsWith("\uFEFF") ? header.substring(1) : header;
      List<String> names = Rees46Csv.split(line);
      if (names == null) {
        throw new IOException(name + ": line 1 (the header) has unbalanced quotes");
      }
      List<String> trimmed = names.stream().map(String::strip).toList();
      int[] at = new int[3];
      String[] wanted = {EVENT_TIME, PRODUCT_ID, AVAILABLE};
      List<String> missing = new ArrayList<>();
      for (int i = 0; i < wanted.length; i++) {
        at[i] = trimmed.indexOf(wanted[i]);
        if (at[i] < 0) {
          missing.add(wanted[i]);
        } else if (trimmed.lastIndexOf(wanted[i]) != at[i]) {
          throw new IOException(name + ": line 1 (the header) names the column " + wanted[i] + " twice");
        }
      }
      if (!missing.isEmpty()) {
        throw new IOException(name + ": line 1 is not an inventory header: no column " + String.join(", ", missing)
            + " (expected " + HEADER + ")");
      }
      return new Columns(at[0], at[1], at[2], trimmed.size());
    }
  }

  /** Reads every row of {@code file} (.csv or .csv.gz), checking the header first. */
  public static void read(Path file, RowHandler handler) throws IOException {
    try (BufferedReader reader = Rees46Csv.open(file)) {
      read(reader, file.toString(), handler);
    }
  }

  public static void read(BufferedReader reader, String name, RowHandler handler) throws IOException {
    Columns columns = Columns.of(reader.readLine(), name);
    long lineNumber = 1;
    String line;
    while ((line = reader.readLine()) != null) {
      lineNumber++;
      if (line.isEmpty()) {
        continue;
      }
      handler.accept(parseLine(columns, lineNumber, line));
    }
  }

  /** Fails naming {@code file} unless it is readable and its line 1 is an inventory header. */
  public static void checkHeader(Path file) throws IOException {
    try (BufferedReader reader = Rees46Csv.open(file)) {
      Columns.of(reader.readLine(), file.toString());
    }
  }

  public static Row parseLine(Columns columns, long lineNumber, String line) {
    List<String> fields = Rees46Csv.split(line);
    if (fields == null) {
      return new Row(lineNumber, null, "unbalanced quotes", line, columns);
    }
    if (fields.size() != columns.count()) {
      return new Row(lineNumber, null, "expected " + columns.count() + " columns, found " + fields.size(), line,
          columns);
    }
    String productId = fields.get(columns.productId());
    if (productId.isEmpty()) {
      return new Row(lineNumber, null, "missing product_id", line, columns);
    }
    String availableText = fields.get(columns.available());
    if (availableText.strip().isEmpty()) {
      return new Row(lineNumber, null, "missing available", line, columns);
    }
    Long available = InventoryValidator.parseAvailable(availableText);
    if (available == null || available > InventoryValidator.MAX_AVAILABLE) {
      return new Row(lineNumber, null, "bad available '" + abbreviate(availableText)
          + "' (expected a whole number 0 .. " + InventoryValidator.MAX_AVAILABLE + ")", line, columns);
    }
    String time = fields.get(columns.eventTime());
    if (time.isEmpty()) {
      return new Row(lineNumber, null, "missing event_time", line, columns);
    }
    Long millis = Rees46Csv.parseTime(time);
    if (millis == null) {
      return new Row(lineNumber, null, "unparseable event_time '" + abbreviate(time) + "'", line, columns);
    }
    InventoryLevel level = new InventoryLevel(Instant.ofEpochMilli(millis), productId, available);
    String reason = InventoryValidator.invalidReason(level);
    return reason == null ? new Row(lineNumber, level, null, line, columns)
        : new Row(lineNumber, null, reason, line, columns);
  }

  /**
   * What can be read of a row, valid or not: every field that parses, the rest null. A replay sends
   * invalid rows like this, to be dead-lettered.
   */
  public static InventoryLevel readable(Row row) {
    InventoryLevel level = new InventoryLevel();
    List<String> fields = Rees46Csv.split(row.text());
    Columns columns = row.columns();
    if (fields == null || fields.size() != columns.count()) {
      return level;
    }
    Long millis = Rees46Csv.parseTime(fields.get(columns.eventTime()));
    level.setEventTime(millis == null ? null : Instant.ofEpochMilli(millis));
    String product = fields.get(columns.productId());
    level.setProductId(product.isEmpty() ? null : product);
    String available = fields.get(columns.available()).strip();
    level.setAvailable(available.matches("-?[0-9]{1,18}") ? Long.parseLong(available) : null);
    return level;
  }

  /** Formats a level back into a CSV row of {@link #HEADER} (generators, fixtures). */
  public static String toLine(InventoryLevel level) {
    return Rees46Csv.formatTime(level.getEventTime().toEpochMilli()) + "," + level.getProductId() + ","
        + level.getAvailable();
  }

  private static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }
}
