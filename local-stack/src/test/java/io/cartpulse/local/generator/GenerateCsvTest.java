package io.cartpulse.local.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.click.Rees46Csv;
import io.cartpulse.local.generator.SyntheticShop.ShopConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCsvTest {
  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int generate(String... args) {
    return GenerateCsv.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static List<ClickEvent> read(Path file) throws IOException {
    List<ClickEvent> events = new ArrayList<>();
    Rees46Csv.read(file, row -> {
      assertThat(row.error()).as("line %d", row.lineNumber()).isNull();
      events.add(row.event());
    });
    return events;
  }

  private static List<ClickEvent> shop(ShopConfig config, int n) {
    SyntheticShop shop = new SyntheticShop(config);
    List<ClickEvent> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(shop.next());
    }
    return events;
  }

  @Test
  void writesTheShopAsRees46CsvThatReadsBackToTheSameEvents() throws IOException {
    Path csv = dir.resolve("shop.csv");

    int code = generate("--events", "5000", "--out", csv.toString(), "--seed", "11", "--users", "300");

    assertThat(code).isZero();
    assertThat(Files.readAllLines(csv).get(0)).isEqualTo(Rees46Csv.HEADER);
    assertThat(read(csv)).isEqualTo(shop(ShopConfig.defaults().withSeed(11).withUsers(300), 5000));
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("wrote 5,000 events");
  }

  @Test
  void gzipsWhenTheNameEndsInGzAndCreatesTheDirectory() throws IOException {
    Path gz = dir.resolve("nested/shop.csv.gz");

    int code = generate("--events", "2000", "--out", gz.toString());

    assertThat(code).isZero();
    byte[] head = Files.readAllBytes(gz);
    assertThat(head[0] & 0xff).isEqualTo(0x1f);
    assertThat(head[1] & 0xff).isEqualTo(0x8b);
    assertThat(read(gz)).isEqualTo(shop(ShopConfig.defaults(), 2000));
  }

  @Test
  void badUsageExitsTwoNamingTheOption() {
    assertThat(generate("--out", dir.resolve("x.csv").toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--events is required");

    err.reset();
    assertThat(generate("--events", "10", "--out", dir.resolve("x.csv").toString(), "--users", "0")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("users");
  }
}
