package io.cartpulse.local.generator;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.avro.InventoryLevel;
import io.cartpulse.click.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The synthetic shop's stock (ALERTS.md section 7 inputs for run-local), driven by its clicks in
 * order so it needs no clock of its own:
 * <ul>
 *   <li>products whose id ends in 0 have no inventory record at all (their stock stays unknown);</li>
 *   <li>every other product gets a level the first time it is clicked (5 to 24 units), and one more
 *       after each purchase (one unit less) - stock sells down;</li>
 *   <li>a product at 0 is restocked to its first level {@link #RESTOCK_AFTER_MS} later (event time);</li>
 *   <li>a flash sale - {@link #FLASH_VIEWS} views of one product within one minute (the shop's bursts) -
 *       sells that product out: a level of 0 at the end of that minute, restocked later like any other.</li>
 * </ul>
 * Deterministic: the same clicks give the same levels.
 */
public final class SyntheticInventory {
  static final long MINUTE = 60_000L;
  static final long RESTOCK_AFTER_MS = 6 * 60 * MINUTE;
  static final int FLASH_VIEWS = 30;

  private record Restock(long due, String productId) {}

  private final Map<String, Integer> first = new HashMap<>();
  private final Map<String, Integer> stock = new HashMap<>();
  private final ArrayDeque<Restock> restocks = new ArrayDeque<>();
  private final Map<String, Integer> viewsThisMinute = new HashMap<>();
  private long minute = Long.MIN_VALUE;
  private long soldOut;
  private long flashSales;

  /** Whether {@code productId} has inventory at all. */
  public static boolean stocked(String productId) {
    return !productId.endsWith("0");
  }

  /** The levels this click causes (first sight, a purchase, due restocks, a flash sale's end), in time order. */
  public List<InventoryLevel> observe(ClickEvent click) {
    List<InventoryLevel> levels = new ArrayList<>();
    long time = click.getEventTime().toEpochMilli();
    long clickMinute = Math.floorDiv(time, MINUTE) * MINUTE;
    if (clickMinute != minute) {
      if (minute != Long.MIN_VALUE) {
        // The minute is over: each product it brought FLASH_VIEWS views is sold out at its end.
        for (Map.Entry<String, Integer> entry : viewsThisMinute.entrySet()) {
          if (entry.getValue() >= FLASH_VIEWS && stocked(entry.getKey()) && stock.getOrDefault(entry.getKey(), 0) > 0) {
            flashSales++;
            levels.add(set(entry.getKey(), 0, minute + MINUTE - 1000));
          }
        }
      }
      viewsThisMinute.clear();
      minute = clickMinute;
    }
    while (!restocks.isEmpty() && restocks.peekFirst().due() <= time) {
      Restock restock = restocks.pollFirst();
      levels.add(set(restock.productId(), first.get(restock.productId()), restock.due()));
    }
    String product = click.getProductId();
    if (product == null || !stocked(product)) {
      return levels;
    }
    if (!first.containsKey(product)) {
      int units = 5 + Math.floorMod(product.hashCode(), 20);
      first.put(product, units);
      levels.add(set(product, units, time));
    }
    EventType type = EventType.fromWireName(click.getEventType());
    if (type == EventType.VIEW) {
      viewsThisMinute.merge(product, 1, Integer::sum);
    } else if (type == EventType.PURCHASE && stock.get(product) > 0) {
      levels.add(set(product, stock.get(product) - 1, time));
    }
    return levels;
  }

  private InventoryLevel set(String product, int units, long time) {
    Integer before = stock.put(product, units);
    if (units == 0 && (before == null || before > 0)) {
      soldOut++;
      restocks.addLast(new Restock(time + RESTOCK_AFTER_MS, product));
    }
    return new InventoryLevel(Instant.ofEpochMilli(time), product, (long) units);
  }

  /** How many times a product sold out so far. */
  public long soldOut() {
    return soldOut;
  }

  /** How many flash sales sold a product out so far. */
  public long flashSales() {
    return flashSales;
  }
}
