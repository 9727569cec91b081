package io.cartpulse.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.avro.InventoryLevel;
import io.cartpulse.contract.Topics;
import io.cartpulse.local.kafka.ClickProducer;
import io.cartpulse.local.kafka.InventoryProducer;
import io.cartpulse.streams.products.ProductBook;
import io.cartpulse.streams.products.ProductJson;
import io.cartpulse.streams.products.ProductView;
import io.cartpulse.streams.products.RelatedSettings;
import io.cartpulse.testing.CsvFiles;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's end-to-end check: a REES46 replay with inventory through the local stack; once it has
 * drained, {@code GET /products/{id}?asOf=T_end} answers every product exactly as the backtest's
 * {@code --products-out} line (the streams-app's {@link ProductBook} over the same input).
 */
class ReplayProductsEndToEndTest {
  private static final Duration DEADLINE = Duration.ofSeconds(120);

  @TempDir
  Path dir;

  @Test
  @Timeout(240)
  void afterTheReplayTheApiAnswersEveryProductAsTheBacktest() throws Exception {
    Path fixture = CsvFiles.copy(CsvFiles.REES46_HEAD_3K, dir);
    List<ClickEvent> clicks = CsvFiles.readValid(fixture);
    ProductBook book = new ProductBook(RelatedSettings.DEFAULTS);
    clicks.forEach(book::click);
    long tEnd = clicks.stream().mapToLong(c -> c.getEventTime().toEpochMilli()).max().orElseThrow();
    // Every third product gets a level at its first click: 0 (sold out), 1 or 2 units.
    Map<String, InventoryLevel> levels = new LinkedHashMap<>();
    for (ClickEvent click : clicks) {
      String product = click.getProductId();
      if (!levels.containsKey(product) && levels.size() < 3 * 400 && Math.floorMod(product.hashCode(), 3) == 0) {
        levels.put(product, new InventoryLevel(click.getEventTime(), product, (long) (levels.size() % 3)));
      }
    }
    levels.values().forEach(book::level);
    List<ProductView> expected = book.views(tEnd);

    LocalStack.Settings settings = LocalStack.Settings.defaults(dir.resolve("run")).withRegistryPort(0)
        .withHttpPort(0).withCheckpointIntervalMs(1_000).withWatermarkIdleMs(2_000)
        .withRuleOverrides(new Properties());
    try (LocalStack stack = LocalStack.start(settings, line -> { })) {
      try (InventoryProducer inventory = new InventoryProducer(stack.bootstrapServers(), stack.registryUrl(), true,
          Topics.INVENTORY);
          ClickProducer producer = new ClickProducer(stack.bootstrapServers(), stack.registryUrl(), true,
              Topics.CLICKSTREAM)) {
        levels.values().forEach(level -> assertThat(inventory.send(level)).isTrue());
        inventory.flush();
        clicks.forEach(click -> assertThat(producer.send(click)).isTrue());
        producer.flush();
      }

      HttpClient http = HttpClient.newHttpClient();
      List<String> pending = new ArrayList<>();
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      do {
        pending.clear();
        for (ProductView view : expected) {
          URI uri = URI.create(stack.streamsHttpUrl() + "/products/"
              + URLEncoder.encode(view.productId(), StandardCharsets.UTF_8) + "?asOf=" + tEnd);
          HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri).GET().build(),
              HttpResponse.BodyHandlers.ofString());
          if (!answer.body().equals(ProductJson.toLine(view) + "\n")) {
            pending.add(view.productId() + ": " + answer.statusCode() + " " + answer.body().strip());
          }
        }
        if (!pending.isEmpty()) {
          assertThat(stack.engineFailure()).isNull();
          Thread.sleep(500);
        }
      } while (!pending.isEmpty() && System.nanoTime() < deadline);
      assertThat(pending).as("products answering otherwise than the backtest (of %d)", expected.size()).isEmpty();
      assertThat(expected).hasSizeGreaterThan(500);
      assertThat(expected).anySatisfy(view -> assertThat(view.related()).isNotEmpty());
    }
  }
}
