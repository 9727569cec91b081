package io.cartpulse.streams.products;

import java.util.List;

/**
 * A product's data as of C (ALERTS.md section 7): the counts of today and of the last hour, its
 * stock, its related in-stock products. Money in cents.
 */
public record ProductView(String productId, long asOf, Counts today, long todayViewers, Counts lastHour,
    Integer available, List<Related> related) {

  /** Views, carts, purchases and the revenue (sum of purchase prices) in cents. */
  public record Counts(long views, long carts, long purchases, long revenueCents) {
    public static final Counts ZERO = new Counts(0, 0, 0, 0);

    Counts plus(Counts other) {
      return new Counts(views + other.views, carts + other.carts, purchases + other.purchases,
          revenueCents + other.revenueCents);
    }
  }

  /** A related product: its score as of C and its stock (null when unknown). */
  public record Related(String productId, long score, Integer available) {}
}
