package io.cartpulse.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * What a section of the suite runs with: the output directory (rows are appended to
 * {@code rows.tsv} there), quick or full mode, where generated data sets are cached, and the
 * REES46 sample when it is present.
 */
public final class BenchContext {
  public static final String ROWS_FILE = "rows.tsv";

  private final Path out;
  private final boolean quick;
  private final Path dataDir;
  private final Path rees46;
  private final List<Row> rows = new ArrayList<>();

  public BenchContext(Path out, boolean quick, Path dataDir, Path rees46) {
    this.out = out;
    this.quick = quick;
    this.dataDir = dataDir;
    this.rees46 = rees46;
  }

  public Path out() {
    return out;
  }

  public boolean quick() {
    return quick;
  }

  /** Measured runs per number: at least 3 in full mode, 1 in quick mode. */
  public int runs() {
    return quick ? 1 : 3;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The REES46 sample, or null when ../shared is absent. */
  public Path rees46() {
    return rees46 != null && Files.isRegularFile(rees46) ? rees46 : null;
  }

  public Path rees46Expected() {
    return rees46;
  }

  /** Records a row: printed at once and appended to rows.tsv (so a later crash keeps it). */
  public synchronized void add(Row row) {
    rows.add(row);
    System.out.printf("  %-70s %14s  [%s]  %s %s%n", row.measure(), row.medianText(), row.spreadText(), row.unit(),
        row.notes().isEmpty() ? "" : "(" + row.notes() + ")");
    try {
      Files.createDirectories(out);
      Files.writeString(out.resolve(ROWS_FILE), row.toTsv() + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + out.resolve(ROWS_FILE), e);
    }
  }

  public List<Row> rows() {
    return List.copyOf(rows);
  }

  /** The quick-mode label for notes. */
  public String modeNote(String note) {
    if (!quick) {
      return note;
    }
    return note == null || note.isEmpty() ? "quick: 1 run" : "quick: 1 run; " + note;
  }
}
