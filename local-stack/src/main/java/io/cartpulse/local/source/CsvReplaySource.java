package io.cartpulse.local.source;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.click.Rees46Csv;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays a REES46 CSV (.csv or .csv.gz) row by row. A valid row becomes its {@link ClickEvent};
 * an invalid row becomes what can be read of it (unreadable fields null, a row of the wrong
 * shape an all-null record), so the pipeline receives it and must dead-letter it.
 */
public final class CsvReplaySource implements ClickSource {
  /** The precision of ClickEvent.price: a larger value cannot be encoded at all. */
  private static final int PRICE_PRECISION = 12;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private final Path file;
  private final BufferedReader reader;
  private long lineNumber = 1;

  private CsvReplaySource(Path file, BufferedReader reader) {
    this.file = file;
    this.reader = reader;
  }

  /** Opens {@code file} and checks its header; fails with the file name and the reason. */
  public static CsvReplaySource open(Path file) throws IOException {
    BufferedReader reader = Rees46Csv.open(file);
    try {
      String header = reader.readLine();
      if (header == null) {
        throw new IOException(file + ": empty file (expected the header " + Rees46Csv.HEADER + ")");
      }
      String normalized = header.startsWith("\uFEFF") ? header.substring(1) : header;
      if (!normalized.trim().equals(Rees46Csv.HEADER)) {
        throw new IOException(file + ": line 1 is not the REES46 header " + Rees46Csv.HEADER);
      }
      return new CsvReplaySource(file, reader);
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  @Override
  public SourcedClick next() throws IOException {
    String line;
    while ((line = reader.readLine()) != null) {
      lineNumber++;
      if (line.isEmpty()) {
        continue;
      }
      Rees46Csv.Row row = Rees46Csv.parseLine(lineNumber, line);
      if (row.isValid()) {
        return new SourcedClick(row.event(), lineNumber, null);
      }
      return new SourcedClick(readable(line), lineNumber, row.error());
    }
    return null;
  }

  @Override
  public String describe() {
    return "replay of " + file;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }

  /** What can be read of an invalid row: every field that parses, the rest null. */
  static ClickEvent readable(String line) {
    ClickEvent event = new ClickEvent();
    List<String> fields = split(line);
    if (fields == null || fields.size() != 9) {
      return event;
    }
    event.setEventTime(parseTime(fields.get(0)));
    event.setEventType(emptyToNull(fields.get(1)));
    event.setProductId(emptyToNull(fields.get(2)));
    event.setCategoryId(emptyToNull(fields.get(3)));
    event.setCategoryCode(emptyToNull(fields.get(4)));
    event.setBrand(emptyToNull(fields.get(5)));
    event.setPrice(parsePrice(fields.get(6)));
    event.setUserId(emptyToNull(fields.get(7)));
    event.setUserSession(emptyToNull(fields.get(8)));
    return event;
  }

  private static Instant parseTime(String text) {
    String value = text.endsWith(" UTC") ? text.substring(0, text.length() - 4) : text;
    try {
      return LocalDateTime.parse(value.trim(), TIME).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static BigDecimal parsePrice(String text) {
    try {
      BigDecimal price = new BigDecimal(text.trim()).setScale(2, RoundingMode.HALF_UP);
      return price.precision() <= PRICE_PRECISION ? price : null;
    } catch (NumberFormatException | ArithmeticException e) {
      return null;
    }
  }

  private static String emptyToNull(String value) {
    return value.isEmpty() ? null : value;
  }

  /** RFC 4180 split; null when a quote is left open. */
  static List<String> split(String line) {
    List<String> fields = new ArrayList<>(9);
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
}
