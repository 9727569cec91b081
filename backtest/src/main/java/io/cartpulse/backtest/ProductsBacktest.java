package io.cartpulse.backtest;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.avro.InventoryLevel;
import io.cartpulse.backtest.streams.StreamsBacktest;
import io.cartpulse.inventory.InventoryCsv;
import io.cartpulse.local.cli.Args;
import io.cartpulse.local.cli.Cli;
import io.cartpulse.streams.config.StreamsAppConfig;
import io.cartpulse.streams.products.ProductBook;
import io.cartpulse.streams.products.ProductJson;
import io.cartpulse.streams.products.ProductView;
import io.cartpulse.streams.products.RelatedSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * {@code scripts/backtest --inventory FILE.csv --products-out FILE} (ALERTS.md section 7, backtest):
 * the product data of every product with a valid click, or a valid inventory level with
 * {@code eventTime <= C}, as of C = T_end of the click input, one JSON line each, sorted by productId.
 *
 * <p>The valid clicks go in file order to a {@link ProductBook}, the streams-app's own product model
 * (the session memory, the per-product buckets, the updates its topology sends between them). Once
 * the click input is read, C is known: the inventory file is read in file order and its valid levels
 * with {@code eventTime <= C} are applied (levels after C are ignored entirely). With no valid click
 * the file is empty.
 */
public final class ProductsBacktest {
  private final ProductBook book;

  public ProductsBacktest(Properties streamsOverrides) {
    StreamsAppConfig config = StreamsAppConfig.of(
        StreamsBacktest.settings("backtest-products", Path.of("."), streamsOverrides));
    this.book = new ProductBook(RelatedSettings.of(config));
  }

  /** A valid click, in file order. */
  public void click(ClickEvent event) {
    book.click(event);
  }

  /** Fails before anything runs unless {@code inventory} has an inventory header. */
  static void checkHeader(Path inventory) throws Args.UsageException {
    try {
      InventoryCsv.checkHeader(inventory);
    } catch (IOException e) {
      throw new Args.UsageException("--inventory " + Cli.describe(e));
    }
  }

  /** What the product side did. */
  public record Result(int products, long validLevels, long invalidLevels, long levelsAfterEnd,
      List<Backtest.InvalidRow> invalidExamples) {

    void print(PrintStream out, Path inventory, Path productsOut) {
      if (inventory != null) {
        out.printf("  inventory %s: %d valid, %d invalid rows, %d after T_end (ignored)%n", inventory, validLevels,
            invalidLevels, levelsAfterEnd);
        for (Backtest.InvalidRow row : invalidExamples) {
          out.printf("    line %d: %s%n", row.lineNumber(), row.reason());
        }
        if (invalidLevels > invalidExamples.size()) {
          out.printf("    ... %d invalid rows in total%n", invalidLevels);
        }
      }
      out.printf("  wrote %s (%d products)%n", productsOut, products);
    }
  }

  /**
   * Reads the inventory (if any) for C = {@code tEnd} and writes the product lines. With no valid
   * click ({@code tEnd} null) the levels are still checked and counted, and the file is empty.
   */
  public Result finish(Long tEnd, Path inventory, Path productsOut) throws IOException, Cli.Failure {
    long[] counts = new long[3];
    List<Backtest.InvalidRow> examples = new ArrayList<>();
    if (inventory != null) {
      try {
        InventoryCsv.read(inventory, row -> {
          if (!row.isValid()) {
            counts[1]++;
            if (examples.size() < Backtest.INVALID_EXAMPLES) {
              examples.add(new Backtest.InvalidRow(row.lineNumber(), row.error()));
            }
            return;
          }
          InventoryLevel level = row.level();
          if (tEnd == null || level.getEventTime().toEpochMilli() > tEnd) {
            counts[2]++;
            return;
          }
          counts[0]++;
          book.level(level);
        });
      } catch (IOException | RuntimeException e) {
        throw new Cli.Failure(Cli.USAGE, "--inventory " + inventory + ": " + Cli.describe(e), e);
      }
    }
    List<ProductView> views = tEnd == null ? List.of() : book.views(tEnd);
    ProductJson.write(productsOut, views);
    return new Result(views.size(), counts[0], counts[1], counts[2], List.copyOf(examples));
  }
}
