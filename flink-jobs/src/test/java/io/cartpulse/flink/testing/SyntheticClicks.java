package io.cartpulse.flink.testing;

import static io.cartpulse.flink.testing.Fixtures.click;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.click.Rees46Csv;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/** Generated click streams: a scenario that exercises every rule, and large streams for throughput. */
public final class SyntheticClicks {
  public static final long T0 = Instant.parse("2019-10-01T00:00:00Z").toEpochMilli();
  static final long SECOND = 1000;
  static final long MINUTE = 60 * SECOND;
  static final long HOUR = 60 * MINUTE;
  static final long DAY = 24 * HOUR;
  static final String[] CATEGORIES = {"electronics.smartphone", "appliances.kitchen.kettle", null,
      "computers.notebook", "apparel.shoes"};

  private SyntheticClicks() {}

  /**
   * Nine days in which: background traffic runs on day 0 and around the following midnights; a
   * burst before 30 minutes of history (no surge), a two-minute burst after it (one surge alert),
   * and a second burst later; churn users with 12 views (alert), 12 views then a purchase (none),
   * 9 views (none), a view exactly at w0 + 7 days (closes and reopens) and a heavy viewer.
   */
  public static List<ClickEvent> scenario() {
    Random random = new Random(42);
    List<ClickEvent> events = new ArrayList<>();
    // Background: 3 views a minute on day 0 00:00-02:59, and 23:30 day 0 to 00:30 day 1 (day change).
    for (long m = T0; m < T0 + 3 * HOUR; m += MINUTE) {
      background(events, random, m, 3);
    }
    for (long m = T0 + DAY - 30 * MINUTE; m < T0 + DAY + 30 * MINUTE; m += MINUTE) {
      background(events, random, m, 3);
    }
    // Bursts: 00:10 (no 30-minute history yet), 01:30-01:31 (rising edge once), 02:20.
    burst(events, random, T0 + 10 * MINUTE, 100);
    burst(events, random, T0 + 90 * MINUTE, 120);
    burst(events, random, T0 + 91 * MINUTE, 150);
    burst(events, random, T0 + 140 * MINUTE, 60);
    // Churn users.
    for (int i = 0; i < 12; i++) {
      events.add(click(T0 + 5 * MINUTE + i * HOUR, "view", "churner", "p" + i, CATEGORIES[i % CATEGORIES.length]));
    }
    for (int i = 0; i < 12; i++) {
      events.add(click(T0 + 6 * MINUTE + i * HOUR, "view", "buyer", "p" + i, CATEGORIES[0]));
    }
    events.add(click(T0 + 6 * DAY, "purchase", "buyer", "p1", CATEGORIES[0]));
    for (int i = 0; i < 9; i++) {
      events.add(click(T0 + 7 * MINUTE + i * HOUR, "view", "browser", "p" + i, CATEGORIES[1]));
    }
    // Ten views; the next view at exactly w0 + 7 days alerts for the old window and opens a new one.
    long w0 = T0 + 8 * MINUTE;
    for (int i = 0; i < 10; i++) {
      events.add(click(w0 + i * 2 * HOUR, "view", "edge", "p" + i, CATEGORIES[3]));
    }
    events.add(click(w0 + 7 * DAY, "view", "edge", "p99", CATEGORIES[3]));
    // Heavy viewer: 500 views over the first day.
    for (int i = 0; i < 500; i++) {
      events.add(click(T0 + 20 * MINUTE + i * 2 * MINUTE, "view", "heavy", "p" + (i % 7), CATEGORIES[4]));
    }
    // Carts and removals change nothing.
    events.add(click(T0 + 30 * MINUTE, "cart", "churner", "p1", CATEGORIES[0]));
    events.add(click(T0 + 31 * MINUTE, "remove_from_cart", "churner", "p1", CATEGORIES[0]));
    // Day 8: the clock moves past every day-0 window end.
    for (long m = T0 + 8 * DAY; m < T0 + 8 * DAY + 10 * MINUTE; m += MINUTE) {
      background(events, random, m, 2);
    }
    events.sort(Comparator.comparing(ClickEvent::getEventTime));
    return events;
  }

  private static void background(List<ClickEvent> events, Random random, long minute, int views) {
    for (int i = 0; i < views; i++) {
      long t = minute + (random.nextInt(60)) * SECOND;
      events.add(click(t, "view", "bg" + random.nextInt(40), "p" + random.nextInt(100),
          CATEGORIES[random.nextInt(CATEGORIES.length)]));
    }
  }

  private static void burst(List<ClickEvent> events, Random random, long minute, int views) {
    for (int i = 0; i < views; i++) {
      events.add(click(minute + random.nextInt(60) * SECOND, "view", "burst" + random.nextInt(300),
          "p" + random.nextInt(100), CATEGORIES[random.nextInt(CATEGORIES.length)]));
    }
  }

  /**
   * A large time-sorted stream in REES46 layout: {@code count} events over {@code days} days,
   * {@code users} users with skewed activity (some view hundreds of times), 94% views, 3% carts,
   * 2% purchases, 1% removals.
   */
  public static Path writeLarge(Path file, int count, int users, int days, long seed) throws IOException {
    Random random = new Random(seed);
    Files.createDirectories(file.toAbsolutePath().getParent());
    long span = days * DAY;
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(Rees46Csv.HEADER);
      out.write('\n');
      for (int i = 0; i < count; i++) {
        long t = T0 + (span * i / count) / SECOND * SECOND;
        double u = random.nextDouble();
        int user = (int) (users * u * u * u);
        int roll = random.nextInt(100);
        String type = roll < 94 ? "view" : roll < 97 ? "cart" : roll < 99 ? "purchase" : "remove_from_cart";
        String category = CATEGORIES[random.nextInt(CATEGORIES.length)];
        out.write(Rees46Csv.formatTime(t));
        out.write(',');
        out.write(type);
        out.write(",p");
        out.write(Integer.toString(random.nextInt(20_000)));
        out.write(",2053013555631882655,");
        out.write(category == null ? "" : category);
        out.write(",brand,");
        out.write(Integer.toString(1 + random.nextInt(500)));
        out.write(".99,");
        out.write(Integer.toString(500_000_000 + user));
        out.write(",session-");
        out.write(Integer.toString(user));
        out.write('\n');
      }
    }
    return file;
  }

  /** Writes a large CSV: {@code SyntheticClicks <file> [count] [users] [days]}. */
  public static void main(String[] args) throws IOException {
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    int users = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
    int days = args.length > 3 ? Integer.parseInt(args[3]) : 9;
    writeLarge(Path.of(args[0]), count, users, days, 7);
  }
}
