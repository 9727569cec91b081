package io.cartpulse.bench.offline;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.click.Money;
import io.cartpulse.click.Rees46Csv;
import io.cartpulse.inventory.InventoryCsv;
import io.cartpulse.local.generator.SyntheticInventory;
import io.cartpulse.local.generator.GenerateCsv;
import io.cartpulse.local.generator.SyntheticShop.ShopConfig;
import io.cartpulse.testing.Clicks;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** The inputs of the suite: the synthetic shop, the heavy-user week, and the REES46 sample as events. */
public final class Datasets {
  static final long WEEK_MS = 7 * 86_400_000L;
  static final long T0 = ShopConfig.DEFAULT_START_EPOCH_MS;

  private Datasets() {}

  /**
   * The first {@code events} events of the demo synthetic shop (scripts/generate defaults), as a
   * CSV cached in {@code dataDir}: the generator is deterministic, so a cached file is reused.
   */
  public static Path syntheticShop(Path dataDir, int events) throws IOException {
    Path file = dataDir.resolve("shop-" + events + ".csv");
    if (!Files.exists(file)) {
      Files.createDirectories(dataDir);
      Path partial = dataDir.resolve("shop-" + events + ".csv.partial");
      GenerateCsv.write(ShopConfig.defaults(), events, partial);
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
    return file;
  }

  /**
   * The REES46 sample {@code copies} times over (the "174k file" of issue 15 for 10 copies): every row
   * written {@code copies} times in a row, copy k with "-k" appended to user_id and user_session (an
   * empty session stays empty), so the copies are different shoppers doing the same at the same
   * times and the file stays in time order. Rows that do not have the nine columns are copied as they
   * are (they stay invalid). Cached in {@code dataDir} under the sample's name.
   */
  public static Path rees46Copies(Path dataDir, Path rees46, int copies) throws IOException {
    String name = rees46.getFileName().toString().replaceFirst("\\.csv$", "");
    Path file = dataDir.resolve(name + "-x" + copies + ".csv");
    if (Files.exists(file)) {
      return file;
    }
    Files.createDirectories(dataDir);
    Path partial = dataDir.resolve(file.getFileName() + ".partial");
    try (BufferedReader reader = Files.newBufferedReader(rees46, StandardCharsets.UTF_8);
        BufferedWriter writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
      String header = reader.readLine();
      if (header == null) {
        throw new IOException(rees46 + " is empty");
      }
      writer.write(header);
      writer.write('\n');
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String[] columns = line.split(",", -1);
        for (int k = 0; k < copies; k++) {
          if (columns.length == 9) {
            String[] copy = columns.clone();
            copy[7] = copy[7] + "-" + k;
            copy[8] = copy[8].isEmpty() ? "" : copy[8] + "-" + k;
            writer.write(String.join(",", copy));
          } else {
            writer.write(line);
          }
          writer.write('\n');
        }
      }
    }
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return file;
  }

  /**
   * The stock levels the synthetic shop's inventory ({@link SyntheticInventory}, as run-local
   * produces them) gives for the valid clicks of {@code clicksCsv}, as an inventory CSV (ALERTS.md
   * section 7) cached in {@code dataDir} beside it: the input of the product-data rows.
   */
  public static Path inventoryFor(Path dataDir, Path clicksCsv) throws IOException {
    String name = clicksCsv.getFileName().toString().replaceFirst("\\.csv$", "");
    Path file = dataDir.resolve(name + "-inventory.csv");
    if (Files.exists(file)) {
      return file;
    }
    Files.createDirectories(dataDir);
    Path partial = dataDir.resolve(file.getFileName() + ".partial");
    SyntheticInventory inventory = new SyntheticInventory();
    try (BufferedWriter writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
      writer.write(InventoryCsv.HEADER);
      writer.write('\n');
      Rees46Csv.read(clicksCsv, row -> {
        if (row.isValid()) {
          for (var level : inventory.observe(row.event())) {
            writer.write(InventoryCsv.toLine(level));
            writer.write('\n');
          }
        }
      });
    }
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return file;
  }

  /** The valid rows of a REES46 CSV, in file order, and the number of invalid ones. */
  public record Parsed(List<ClickEvent> events, long invalid) {}

  public static Parsed read(Path csv) throws IOException {
    List<ClickEvent> events = new ArrayList<>();
    long[] invalid = {0};
    Rees46Csv.read(csv, row -> {
      if (row.isValid()) {
        events.add(row.event());
      } else {
        invalid[0]++;
      }
    });
    return new Parsed(events, invalid[0]);
  }

  /**
   * One user with {@code views} views spread evenly over one week (50 products in 8 categories, a
   * new session every day), the heavy-user case of issue 6. Nothing else in the file.
   */
  public static Path heavyUser(Path dataDir, int views) throws IOException {
    Path file = dataDir.resolve("heavy-user-" + views + ".csv");
    if (Files.exists(file)) {
      return file;
    }
    Files.createDirectories(dataDir);
    Path partial = dataDir.resolve(file.getFileName() + ".partial");
    try (BufferedWriter writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
      writer.write(Rees46Csv.HEADER);
      writer.write('\n');
      for (int i = 0; i < views; i++) {
        writer.write(Rees46Csv.toLine(heavyView(i, views)));
        writer.write('\n');
      }
    }
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return file;
  }

  /** The i-th of {@code views} views of the heavy user. */
  public static ClickEvent heavyView(int i, int views) {
    long step = (WEEK_MS - 1) / views;
    long time = T0 + i * step;
    int product = i % 50;
    long day = (time - T0) / 86_400_000L;
    return Clicks.event("view", "heavy", "p" + product, time, Money.format(19_900 + (i % 7) * 100),
        "c" + (product % 8) + ".item", "heavy-session-" + day);
  }
}
