package io.cartpulse.streams.backtest;

import io.cartpulse.avro.ClickEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Time-ordered random clicks dense enough to exercise every rule and boundary: few users and
 * products, gaps that are often whole minutes (so windows end exactly on events), prices around
 * the 200.00 threshold, price drops, missing sessions and categories, and jumps across midnight.
 */
final class SyntheticClicks {
  private static final long[] GAPS = {0, 0, 1_000, 30_000, 60_000, 60_000, 120_000, 300_000, 600_000, 900_000};
  private static final String[] PRICES = {"99.50", "150.00", "199.99", "200.00", "200.01", "250.00", "300.00", "1000.00"};
  private static final String[] CATEGORIES = {"electronics.smartphone", "electronics.audio", "apparel.shoes", null};
  private static final String[] TYPES = {"view", "view", "view", "view", "view", "cart", "cart", "remove_from_cart",
      "purchase", "purchase"};

  private SyntheticClicks() {}

  static List<ClickEvent> dense(long seed, int count, int users, int products, long start) {
    SplittableRandom random = new SplittableRandom(seed);
    List<ClickEvent> events = new ArrayList<>(count);
    long t = start;
    for (int i = 0; i < count; i++) {
      int gapRoll = random.nextInt(100);
      if (gapRoll < 1) {
        t += 5 * 3_600_000L; // towards another day
      } else {
        t += GAPS[random.nextInt(GAPS.length)] / Math.max(1, users / 2);
        t -= t % 1000 == 0 ? 0 : t % 1000;
      }
      int user = random.nextInt(users);
      String session = random.nextInt(10) == 0 ? null : "s" + user + "-" + random.nextInt(2);
      events.add(event(TYPES[random.nextInt(TYPES.length)], "u" + user, "p" + random.nextInt(products), t,
          PRICES[random.nextInt(PRICES.length)], CATEGORIES[random.nextInt(CATEGORIES.length)], session));
    }
    return events;
  }

  /** A large, REES46-like stream: many users, mostly views, a few events per second of event time. */
  static List<ClickEvent> large(long seed, int count) {
    SplittableRandom random = new SplittableRandom(seed);
    List<ClickEvent> events = new ArrayList<>(count);
    long t = Instant.parse("2019-10-01T00:00:00Z").toEpochMilli();
    for (int i = 0; i < count; i++) {
      if (random.nextInt(8) == 0) {
        t += 1000;
      }
      int user = random.nextInt(200_000);
      int roll = random.nextInt(100);
      String type = roll < 90 ? "view" : roll < 95 ? "cart" : roll < 97 ? "remove_from_cart" : "purchase";
      events.add(event(type, Integer.toString(500_000_000 + user), Integer.toString(1_000_000 + random.nextInt(50_000)),
          t, PRICES[random.nextInt(PRICES.length)], CATEGORIES[random.nextInt(CATEGORIES.length)],
          "session-" + user));
    }
    return events;
  }

  static ClickEvent event(String type, String user, String product, long time, String price, String category,
      String session) {
    return ClickEvent.newBuilder()
        .setEventType(type)
        .setUserId(user)
        .setProductId(product)
        .setEventTime(Instant.ofEpochMilli(time))
        .setPrice(new BigDecimal(price))
        .setCategoryCode(category)
        .setUserSession(session)
        .build();
  }
}
