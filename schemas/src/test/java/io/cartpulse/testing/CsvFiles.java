package io.cartpulse.testing;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.click.Rees46Csv;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** REES46 CSV files for tests: the shared fixtures, and files written from events. */
public final class CsvFiles {
  /** The first 3,000 rows of ../shared/data/rees46/2019-Oct-head-17k.csv (2019-10-01 from 00:00 UTC). */
  public static final String REES46_HEAD_3K = "fixtures/rees46-head-3k.csv";

  /**
   * 86 REES46 rows on 2019-10-01 00:00-00:40 crafted for one alert of each streams-app rule
   * (CROSS_SELL, CART_ABANDONMENT, PURCHASE_INTENT, PRICE_SENSITIVITY, two COUPON_ISSUED tiers), a
   * TRAFFIC_SURGE (50 views in minute 00:30 after 30 quiet minutes) and PV/UV curves, plus 5 invalid
   * rows (lines 17-21). Every user that could land on any of the 4 clickstream partitions ends with
   * a view at 00:40:00 (T_end), so each partition's clock reaches T_end live too.
   */
  public static final String REPLAY_SMALL = "fixtures/replay-small.csv";
  public static final int REPLAY_SMALL_ROWS = 86;
  public static final int REPLAY_SMALL_INVALID = 5;

  private CsvFiles() {}

  /**
   * Copies a fixture of this test-jar into {@code dir} (a file, so mains can read it as a path; the
   * fixture itself may sit inside a jar).
   */
  public static Path copy(String fixture, Path dir) throws IOException {
    Path file = dir.resolve(Path.of(fixture).getFileName().toString());
    try (InputStream in = CsvFiles.class.getClassLoader().getResourceAsStream(fixture)) {
      if (in == null) {
        throw new IOException("test fixture " + fixture + " is missing");
      }
      Files.createDirectories(dir);
      Files.copy(in, file);
    }
    return file;
  }

  /** The valid rows of a REES46 file, in file order. */
  public static List<ClickEvent> readValid(Path csv) throws IOException {
    List<ClickEvent> events = new ArrayList<>();
    Rees46Csv.read(csv, row -> {
      if (row.isValid()) {
        events.add(row.event());
      }
    });
    return events;
  }

  /** Writes the header and one row per event, in the given order. */
  public static Path write(Path file, Collection<ClickEvent> events) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(Rees46Csv.HEADER);
      out.write('\n');
      for (ClickEvent event : events) {
        out.write(Rees46Csv.toLine(event));
        out.write('\n');
      }
    }
    return file;
  }
}
