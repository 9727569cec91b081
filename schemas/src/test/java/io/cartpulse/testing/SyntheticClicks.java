package io.cartpulse.testing;

import static io.cartpulse.testing.Clicks.click;
import static io.cartpulse.testing.Clicks.event;

import io.cartpulse.avro.ClickEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Generated, time-ordered click streams that exercise the contract's rules and boundaries (the
 * demo shop of local-stack is the realistic generator; these are small and dense on purpose).
 */
public final class SyntheticClicks {
  public static final long T0 = Clicks.T0;
  static final long SECOND = 1000;
  static final long MINUTE = 60 * SECOND;
  static final long HOUR = 60 * MINUTE;
  static final long DAY = 24 * HOUR;

  private static final long[] GAPS = {0, 0, 1_000, 30_000, 60_000, 60_000, 120_000, 300_000, 600_000, 900_000};
  private static final String[] PRICES = {"99.50", "150.00", "199.99", "200.00", "200.01", "250.00", "300.00",
      "1000.00"};
  private static final String[] DENSE_CATEGORIES = {"electronics.smartphone", "electronics.audio", "apparel.shoes",
      null};
  private static final String[] TYPES = {"view", "view", "view", "view", "view", "cart", "cart", "remove_from_cart",
      "purchase", "purchase"};
  private static final String[] SCENARIO_CATEGORIES = {"electronics.smartphone", "appliances.kitchen.kettle", null,
      "computers.notebook", "apparel.shoes"};

  private SyntheticClicks() {}

  /**
   * Random clicks dense enough to exercise every rule of section 3 and its boundaries: few users and
   * products, gaps that are often whole minutes (so windows end exactly on events), prices around the
   * 200.00 threshold, price drops, missing sessions and categories, and jumps across midnight.
   */
  public static List<ClickEvent> dense(long seed, int count, int users, int products, long start) {
    SplittableRandom random = new SplittableRandom(seed);
    List<ClickEvent> events = new ArrayList<>(count);
    long t = start;
    for (int i = 0; i < count; i++) {
      int gapRoll = random.nextInt(100);
      if (gapRoll < 1) {
        t += 5 * HOUR; // towards another day
      } else {
        t += GAPS[random.nextInt(GAPS.length)] / Math.max(1, users / 2);
        t -= t % 1000 == 0 ? 0 : t % 1000;
      }
      int user = random.nextInt(users);
      String session = random.nextInt(10) == 0 ? null : "s" + user + "-" + random.nextInt(2);
      events.add(event(TYPES[random.nextInt(TYPES.length)], "u" + user, "p" + random.nextInt(products), t,
          PRICES[random.nextInt(PRICES.length)], DENSE_CATEGORIES[random.nextInt(DENSE_CATEGORIES.length)],
          session));
    }
    return events;
  }

  /**
   * Nine days for section 4 in which: background traffic runs on day 0 and around the following
   * midnight; a burst before 30 minutes of history (no surge), a two-minute burst after it (one surge
   * alert), and a second burst later; churn users with 12 views (alert), 12 views then a purchase
   * (none), 9 views (none), a view exactly at w0 + 7 days (closes and reopens) and a heavy viewer.
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
      events.add(click(T0 + 5 * MINUTE + i * HOUR, "view", "churner", "p" + i,
          SCENARIO_CATEGORIES[i % SCENARIO_CATEGORIES.length]));
    }
    for (int i = 0; i < 12; i++) {
      events.add(click(T0 + 6 * MINUTE + i * HOUR, "view", "buyer", "p" + i, SCENARIO_CATEGORIES[0]));
    }
    events.add(click(T0 + 6 * DAY, "purchase", "buyer", "p1", SCENARIO_CATEGORIES[0]));
    for (int i = 0; i < 9; i++) {
      events.add(click(T0 + 7 * MINUTE + i * HOUR, "view", "browser", "p" + i, SCENARIO_CATEGORIES[1]));
    }
    // Ten views; the next view at exactly w0 + 7 days alerts for the old window and opens a new one.
    long w0 = T0 + 8 * MINUTE;
    for (int i = 0; i < 10; i++) {
      events.add(click(w0 + i * 2 * HOUR, "view", "edge", "p" + i, SCENARIO_CATEGORIES[3]));
    }
    events.add(click(w0 + 7 * DAY, "view", "edge", "p99", SCENARIO_CATEGORIES[3]));
    // Heavy viewer: 500 views over the first day.
    for (int i = 0; i < 500; i++) {
      events.add(click(T0 + 20 * MINUTE + i * 2 * MINUTE, "view", "heavy", "p" + (i % 7), SCENARIO_CATEGORIES[4]));
    }
    // Carts and removals change nothing.
    events.add(click(T0 + 30 * MINUTE, "cart", "churner", "p1", SCENARIO_CATEGORIES[0]));
    events.add(click(T0 + 31 * MINUTE, "remove_from_cart", "churner", "p1", SCENARIO_CATEGORIES[0]));
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
          SCENARIO_CATEGORIES[random.nextInt(SCENARIO_CATEGORIES.length)]));
    }
  }

  private static void burst(List<ClickEvent> events, Random random, long minute, int views) {
    for (int i = 0; i < views; i++) {
      events.add(click(minute + random.nextInt(60) * SECOND, "view", "burst" + random.nextInt(300),
          "p" + random.nextInt(100), SCENARIO_CATEGORIES[random.nextInt(SCENARIO_CATEGORIES.length)]));
    }
  }
}
