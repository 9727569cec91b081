package io.cartpulse.click;

import io.cartpulse.avro.ClickEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The REES46 CSV layout of ALERTS.md section 1:
 * {@code event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session}
 * with {@code event_time} like {@code 2019-10-01 00:00:00 UTC}. A header is required.
 *
 * <p>{@link #parseLine} turns a row into a {@link ClickEvent} or a reason; the reason for an
 * invalid row is the same text the live pipeline's dead-letter topic would carry.
 */
public final class Rees46Csv {

  public static final String HEADER =
      "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session";
  static final String[] COLUMNS = HEADER.split(",");

  /** Strict: a real calendar date and time (2019-02-30 is not one), always followed by " UTC". */
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(java.time.format.ResolverStyle.STRICT);
  private static final String UTC_SUFFIX = " UTC";

  private Rees46Csv() {}

  /** A parsed row: exactly one of {@code event} and {@code error} is set. */
  public record Row(long lineNumber, ClickEvent event, String error, String text) {
    public boolean isValid() {
      return event != null;
    }
  }

  /** Receives rows in file order. */
  @FunctionalInterface
  public interface RowHandler {
    void accept(Row row) throws IOException;
  }

  /** Opens a .csv or .csv.gz file for reading as UTF-8. */
  public static BufferedReader open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "no such file");
    }
    InputStream in = Files.newInputStream(file);
    if (file.getFileName().toString().endsWith(".gz")) {
      in = new GZIPInputStream(in, 1 << 16);
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
  }

  /** Reads every row of {@code file}, checking the header first. */
  public static void read(Path file, RowHandler handler) throws IOException {
    try (BufferedReader reader = open(file)) {
      read(reader, file.toString(), handler);
    }
  }

  public static void read(BufferedReader reader, String name, RowHandler handler) throws IOException {
    readHeader(reader, name);
    long lineNumber = 1;
    String line;
    while ((line = reader.readLine()) != null) {
      lineNumber++;
      if (line.isEmpty()) {
        continue;
      }
      handler.accept(parseLine(lineNumber, line));
    }
  }

  /**
   * Fails naming {@code file} unless it is readable and its line 1 is the REES46 header (ALERTS.md
   * section 1: the header is required). Every reader of a REES46 file checks it through here.
   */
  public static void checkHeader(Path file) throws IOException {
    try (BufferedReader reader = open(file)) {
      readHeader(reader, file.toString());
    }
  }

  /** Reads and checks line 1; fails naming {@code name} when it is missing or not the REES46 header. */
  public static void readHeader(BufferedReader reader, String name) throws IOException {
    String header = reader.readLine();
    if (header == null) {
      throw new IOException(name + ": empty file (expected the header " + HEADER + ")");
    }
    if (!isHeader(header)) {
      String normalized = header.startsWith("\uFEFF") ? header.substring(1) : header;
      throw new IOException(name + ": line 1 is not the REES46 header; expected '" + HEADER + "', found '"
          + abbreviate(normalized) + "'");
    }
  }

  /** Whether {@code line} is the REES46 header (a leading byte order mark and surrounding blanks aside). */
  public static boolean isHeader(String line) {
    String normalized = line.startsWith("\uFEFF") ? line.substring(1) : line;
    return normalized.trim().equals(HEADER);
  }

  public static Row parseLine(long lineNumber, String line) {
    List<String> fields = split(line);
    if (fields == null) {
      return new Row(lineNumber, null, "unbalanced quotes", line);
    }
    if (fields.size() != COLUMNS.length) {
      return new Row(lineNumber, null, "expected " + COLUMNS.length + " columns, found " + fields.size(), line);
    }
    ClickEvent event = new ClickEvent();
    String time = fields.get(0);
    if (!time.isEmpty()) {
      Long millis = parseTime(time);
      if (millis == null) {
        return new Row(lineNumber, null, "unparseable event_time '" + abbreviate(time) + "'", line);
      }
      event.setEventTime(Instant.ofEpochMilli(millis));
    }
    event.setEventType(emptyToNull(fields.get(1)));
    event.setProductId(emptyToNull(fields.get(2)));
    event.setCategoryId(emptyToNull(fields.get(3)));
    event.setCategoryCode(emptyToNull(fields.get(4)));
    event.setBrand(emptyToNull(fields.get(5)));
    // Surrounding blanks are no reason to drop a price (the replay's reader ignores them too).
    String price = fields.get(6).strip();
    if (!price.isEmpty()) {
      try {
        event.setPrice(new BigDecimal(price).setScale(2, RoundingMode.HALF_UP));
      } catch (NumberFormatException | ArithmeticException e) {
        return new Row(lineNumber, null, "unparseable price '" + abbreviate(price) + "'", line);
      }
    }
    event.setUserId(emptyToNull(fields.get(7)));
    event.setUserSession(emptyToNull(fields.get(8)));
    String reason = ClickValidator.invalidReason(event);
    return reason == null ? new Row(lineNumber, event, null, line) : new Row(lineNumber, null, reason, line);
  }

  /**
   * What can be read of a row, valid or not: every field that parses, the rest null (a row of the wrong
   * shape gives an all-null record). A replay sends invalid rows like this, so the live pipeline has to
   * dead-letter them as the backtest reports them.
   */
  public static ClickEvent readable(String line) {
    ClickEvent event = new ClickEvent();
    List<String> fields = split(line);
    if (fields == null || fields.size() != COLUMNS.length) {
      return event;
    }
    Long time = parseTime(fields.get(0));
    event.setEventTime(time == null ? null : Instant.ofEpochMilli(time));
    event.setEventType(emptyToNull(fields.get(1)));
    event.setProductId(emptyToNull(fields.get(2)));
    event.setCategoryId(emptyToNull(fields.get(3)));
    event.setCategoryCode(emptyToNull(fields.get(4)));
    event.setBrand(emptyToNull(fields.get(5)));
    try {
      BigDecimal price = new BigDecimal(fields.get(6).strip()).setScale(2, RoundingMode.HALF_UP);
      // A price the schema cannot carry could not be sent at all.
      event.setPrice(price.abs().compareTo(ClickValidator.MAX_PRICE) <= 0 ? price : null);
    } catch (NumberFormatException | ArithmeticException e) {
      event.setPrice(null);
    }
    event.setUserId(emptyToNull(fields.get(7)));
    event.setUserSession(emptyToNull(fields.get(8)));
    return event;
  }

  /** Formats an event back into a CSV row (generators, fixtures). */
  public static String toLine(ClickEvent event) {
    return String.join(",",
        formatTime(event.getEventTime().toEpochMilli()),
        nullToEmpty(event.getEventType()),
        nullToEmpty(event.getProductId()),
        nullToEmpty(event.getCategoryId()),
        nullToEmpty(event.getCategoryCode()),
        nullToEmpty(event.getBrand()),
        event.getPrice() == null ? "" : event.getPrice().toPlainString(),
        nullToEmpty(event.getUserId()),
        nullToEmpty(event.getUserSession()));
  }

  public static String formatTime(long epochMillis) {
    LocalDateTime time = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000),
        (int) Math.floorMod(epochMillis, 1000) * 1_000_000, ZoneOffset.UTC);
    return TIME.format(time) + UTC_SUFFIX;
  }

  /**
   * Epoch millis of {@code 2019-10-01 00:00:00 UTC}, or null when the text is not exactly that form
   * (ALERTS.md section 1 gives the form; a time without its zone, or an impossible date, cannot be
   * decoded: it is an invalid row, never a guess).
   */
  public static Long parseTimeOrNull(String text) {
    return parseTime(text);
  }

  public static Long parseTime(String text) {
    if (!text.endsWith(UTC_SUFFIX)) {
      return null;
    }
    try {
      return LocalDateTime.parse(text.substring(0, text.length() - UTC_SUFFIX.length()), TIME)
          .toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Splits one CSV row (RFC 4180 quoting); null when a quote is left open. */
  public static List<String> split(String line) {
    List<String> fields = new ArrayList<>(COLUMNS.length);
    if (line.indexOf('"') < 0) {
      int start = 0;
      int comma;
      while ((comma = line.indexOf(',', start)) >= 0) {
        fields.add(line.substring(start, comma));
        start = comma + 1;
      }
      fields.add(line.substring(start));
      return fields;
    }
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      return null;
    }
    fields.add(field.toString());
    return fields;
  }

  private static String emptyToNull(String value) {
    return value.isEmpty() ? null : value;
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }

  private static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }
}
