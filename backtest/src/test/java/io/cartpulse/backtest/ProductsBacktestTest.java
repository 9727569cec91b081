package io.cartpulse.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.local.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scripts/backtest --inventory FILE --products-out FILE} (ALERTS.md section 7, backtest). */
class ProductsBacktestTest {
  private static final String CLICK_HEADER =
      "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session\n";

  @TempDir
  Path dir;

  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  private int backtest(String... args) {
    stdout.reset();
    stderr.reset();
    return Backtest.run(args, new PrintStream(stdout, true, StandardCharsets.UTF_8),
        new PrintStream(stderr, true, StandardCharsets.UTF_8));
  }

  private Path file(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  @Test
  void writesOneLinePerProductAsOfTheEndOfTheClicks() throws IOException {
    Path events = file("events.csv", CLICK_HEADER + """
        2019-10-01 10:00:00 UTC,view,p2,1,,,10.00,u1,s1
        2019-10-01 10:01:00 UTC,view,p1,1,,,10.00,u1,s1
        2019-10-01 10:02:00 UTC,view,p2,1,,,10.00,u2,s2
        2019-10-01 10:03:00 UTC,view,p1,1,,,10.00,u2,s2
        2019-10-01 10:04:00 UTC,purchase,p1,1,,,612.40,u2,s2
        2019-10-01 10:04:30 UTC,remove_from_cart,p9,1,,,1.00,u3,
        """);
    Path inventory = file("inventory.csv", """
        product_id,available,event_time
        p1,5,2019-10-01 09:00:00 UTC
        p1,0,2019-10-01 10:04:30 UTC
        p1,3,2019-10-01 10:04:30 UTC
        p2,0,2019-10-01 10:04:31 UTC
        p3,8,2019-10-01 08:00:00 UTC
        late,1,2019-10-01 10:04:31 UTC
        p1,7.0,2019-10-01 08:00:00 UTC
        """);
    Path out = dir.resolve("products.jsonl");

    assertThat(backtest("--events", events.toString(), "--inventory", inventory.toString(), "--products-out",
        out.toString())).as(stderr.toString()).isEqualTo(Cli.OK);

    assertThat(Files.readAllLines(out)).containsExactly(
        "{\"productId\":\"p1\",\"today\":{\"views\":2,\"carts\":0,\"purchases\":1,\"revenue\":\"612.40\",\"viewers\":2},"
            // C = 10:04:30: the purchase at 10:04:00 is in the minute of C, outside lastHour.
            + "\"lastHour\":{\"views\":2,\"carts\":0,\"purchases\":0,\"revenue\":\"0.00\"},\"available\":3,"
            + "\"related\":[{\"productId\":\"p2\",\"score\":2,\"available\":null}]}",
        "{\"productId\":\"p2\",\"today\":{\"views\":2,\"carts\":0,\"purchases\":0,\"revenue\":\"0.00\",\"viewers\":2},"
            + "\"lastHour\":{\"views\":2,\"carts\":0,\"purchases\":0,\"revenue\":\"0.00\"},\"available\":null,"
            + "\"related\":[{\"productId\":\"p1\",\"score\":2,\"available\":3}]}",
        "{\"productId\":\"p3\",\"today\":{\"views\":0,\"carts\":0,\"purchases\":0,\"revenue\":\"0.00\",\"viewers\":0},"
            + "\"lastHour\":{\"views\":0,\"carts\":0,\"purchases\":0,\"revenue\":\"0.00\"},\"available\":8,\"related\":[]}",
        "{\"productId\":\"p9\",\"today\":{\"views\":0,\"carts\":0,\"purchases\":0,\"revenue\":\"0.00\",\"viewers\":0},"
            + "\"lastHour\":{\"views\":0,\"carts\":0,\"purchases\":0,\"revenue\":\"0.00\"},\"available\":null,\"related\":[]}");
    String report = stdout.toString(StandardCharsets.UTF_8);
    assertThat(report).contains("4 valid, 1 invalid rows, 2 after T_end (ignored)")
        .contains("line 8: bad available '7.0'").contains("(4 products)");
  }

  @Test
  void withoutAValidClickTheFileIsEmpty() throws IOException {
    Path events = file("events.csv", CLICK_HEADER + "2019-10-01 10:00:00 UTC,view,p1,1,,,-1,u1,s1\n");
    Path inventory = file("inventory.csv", "event_time,product_id,available\n2019-10-01 09:00:00 UTC,p1,5\n");
    Path out = dir.resolve("products.jsonl");

    assertThat(backtest("--events", events.toString(), "--inventory", inventory.toString(), "--products-out",
        out.toString())).as(stderr.toString()).isEqualTo(Cli.OK);

    assertThat(out).isEmptyFile();
  }

  @Test
  void runsWithTheAlertOutputsToo() throws IOException {
    Path events = file("events.csv", CLICK_HEADER + "2019-10-01 10:00:00 UTC,view,p1,1,,,1.00,u1,s1\n");
    Path out = dir.resolve("products.jsonl");

    assertThat(backtest("--events", events.toString(), "--alerts-out", dir.resolve("a.jsonl").toString(),
        "--pvuv-out", dir.resolve("p.jsonl").toString(), "--products-out", out.toString()))
        .as(stderr.toString()).isEqualTo(Cli.OK);

    assertThat(Files.readAllLines(out)).singleElement().asString().startsWith("{\"productId\":\"p1\"");
    assertThat(dir.resolve("a.jsonl")).exists();
    assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("PV/UV points: 0").contains("(1 products)");
  }

  @Test
  void relatedSettingsComeFromTheConfig() throws IOException {
    Path events = file("events.csv", CLICK_HEADER + """
        2019-10-01 10:00:00 UTC,view,p1,1,,,1.00,u1,s1
        2019-10-01 10:00:00 UTC,view,p2,1,,,1.00,u1,s1
        """);
    Path config = file("c.properties", "related.min-score=1\n");
    Path out = dir.resolve("products.jsonl");

    assertThat(backtest("--events", events.toString(), "--products-out", out.toString(), "--config",
        config.toString())).as(stderr.toString()).isEqualTo(Cli.OK);

    assertThat(Files.readAllLines(out).get(0)).contains("\"related\":[{\"productId\":\"p2\",\"score\":1");
  }

  @Test
  void refusesAnInventoryWithoutProductsOutOrWithoutItsHeader() throws IOException {
    Path events = file("events.csv", CLICK_HEADER + "2019-10-01 10:00:00 UTC,view,p1,1,,,1.00,u1,s1\n");
    Path inventory = file("inventory.csv", "time,product,units\n");
    Path out = dir.resolve("products.jsonl");

    assertThat(backtest("--events", events.toString(), "--inventory", inventory.toString())).isEqualTo(Cli.USAGE);
    assertThat(backtest("--events", events.toString(), "--inventory", inventory.toString(), "--products-out",
        out.toString())).isEqualTo(Cli.USAGE);
    assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("event_time").contains("available");
    assertThat(out).doesNotExist();
    assertThat(List.of(backtest("--events", events.toString(), "--alerts-out", out.toString(), "--products-out",
        out.toString()))).containsExactly(Cli.USAGE);
  }
}
