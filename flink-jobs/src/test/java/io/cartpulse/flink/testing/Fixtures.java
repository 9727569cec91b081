package io.cartpulse.flink.testing;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.click.Rees46Csv;
import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Test inputs: the REES46 fixture, hand-made clicks, CSV files. */
public final class Fixtures {
  public static final String REES46_HEAD = "rees46-head-3k.csv";

  private Fixtures() {}

  public static Path resource(String name) {
    try {
      return Path.of(Fixtures.class.getClassLoader().getResource(name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing test resource " + name, e);
    }
  }

  public static List<ClickEvent> readValid(Path csv) throws IOException {
    List<ClickEvent> events = new ArrayList<>();
    Rees46Csv.read(csv, row -> {
      if (row.isValid()) {
        events.add(row.event());
      }
    });
    return events;
  }

  public static ClickEvent click(long time, String type, String user, String product, String categoryCode) {
    return ClickEvent.newBuilder()
        .setEventTime(Instant.ofEpochMilli(time))
        .setEventType(type)
        .setUserId(user)
        .setProductId(product)
        .setCategoryId("2053013555631882655")
        .setCategoryCode(categoryCode)
        .setBrand(null)
        .setPrice(new BigDecimal("12.50"))
        .setUserSession("s-" + user)
        .build();
  }

  public static Path writeCsv(Path file, Collection<ClickEvent> events) throws IOException {
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
