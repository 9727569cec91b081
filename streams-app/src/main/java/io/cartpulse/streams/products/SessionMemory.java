package io.cartpulse.streams.products;

import java.util.ArrayList;
import java.util.List;

/**
 * One session's memory for related products (ALERTS.md section 7): at most
 * {@code sessionEntries} (product, first-seen time) entries, in arrival order.
 *
 * <p>{@link #observe} applies the two steps of the contract to one event of product q at t, as
 * written even when t is out of time order: forget the entries with {@code t - firstSeen >= horizon}
 * (a negative difference forgets nothing); if q is remembered, nothing more; otherwise q pairs with
 * every remembered product, is remembered with firstSeen = t, and if that makes one entry too many
 * the oldest (smallest firstSeen, equal: earliest arrival) is forgotten - possibly q itself.
 */
public final class SessionMemory {
  /** Products in arrival order, with their first-seen times at the same index. */
  private final List<String> products;
  private final List<Long> firstSeen;

  public SessionMemory() {
    this(new ArrayList<>(), new ArrayList<>());
  }

  private SessionMemory(List<String> products, List<Long> firstSeen) {
    this.products = products;
    this.firstSeen = firstSeen;
  }

  /** Restores a memory from its entries in arrival order (the store's form). */
  public static SessionMemory of(List<String> products, List<Long> firstSeen) {
    if (products.size() != firstSeen.size()) {
      throw new IllegalArgumentException("one first-seen time per product");
    }
    return new SessionMemory(new ArrayList<>(products), new ArrayList<>(firstSeen));
  }

  /**
   * The event of {@code product} at {@code t}: returns the products it pairs with (each one formation
   * of the pair at t; empty when the product was remembered or the memory was empty).
   */
  public List<String> observe(String product, long t, RelatedSettings settings) {
    for (int i = products.size() - 1; i >= 0; i--) {
      if (t - firstSeen.get(i) >= settings.sessionHorizonMs()) {
        products.remove(i);
        firstSeen.remove(i);
      }
    }
    if (products.contains(product)) {
      return List.of();
    }
    List<String> partners = List.copyOf(products);
    products.add(product);
    firstSeen.add(t);
    if (products.size() > settings.sessionEntries()) {
      int oldest = 0;
      for (int i = 1; i < firstSeen.size(); i++) {
        // Strictly smaller: among equal first-seen times the earliest arrival (lowest index) stays chosen.
        if (firstSeen.get(i) < firstSeen.get(oldest)) {
          oldest = i;
        }
      }
      products.remove(oldest);
      firstSeen.remove(oldest);
    }
    return partners;
  }

  /** The remembered products in arrival order. */
  public List<String> products() {
    return List.copyOf(products);
  }

  /** Their first-seen times, at the same indexes as {@link #products()}. */
  public List<Long> firstSeen() {
    return List.copyOf(firstSeen);
  }

  public int size() {
    return products.size();
  }

  /** The latest first-seen time, or Long.MIN_VALUE when empty: after that plus the horizon, nothing is left to pair with an in-order event. */
  public long newestFirstSeen() {
    long newest = Long.MIN_VALUE;
    for (long time : firstSeen) {
      newest = Math.max(newest, time);
    }
    return newest;
  }
}
