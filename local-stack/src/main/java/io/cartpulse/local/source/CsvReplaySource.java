package io.cartpulse.local.source;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.click.Rees46Csv;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Replays a REES46 CSV (.csv or .csv.gz) row by row. A valid row becomes its {@link ClickEvent};
 * an invalid row becomes what can be read of it (unreadable fields null, a row of the wrong
 * shape an all-null record), so the pipeline receives it and must dead-letter it.
 */
public final class CsvReplaySource implements ClickSource {
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
      Rees46Csv.readHeader(reader, file.toString());
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
      return new SourcedClick(Rees46Csv.readable(line), lineNumber, row.error());
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
}
