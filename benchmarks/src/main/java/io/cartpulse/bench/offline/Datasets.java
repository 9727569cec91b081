package io.cartpulse.bench.offline;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.click.Money;
import io.cartpulse.click.Rees46Csv;
import io.cartpulse.local.generator.GenerateCsv;
import io.cartpulse.local.generator.SyntheticShop.ShopConfig;
import io.cartpulse.testing.Clicks;
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
