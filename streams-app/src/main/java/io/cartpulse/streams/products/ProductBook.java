package io.cartpulse.streams.products;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.avro.InventoryLevel;
import io.cartpulse.contract.CodePointOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The product data of ALERTS.md section 7 for a whole input held in memory: every user's
 * {@link UserSessions} and every product's {@link ProductState}, changed by the same
 * {@link ProductUpdate}s the live topology sends between its user-keyed and product-keyed sides.
 * The backtest's engine for {@code --products-out}.
 *
 * <p>Products are never dropped (the backtest lists every product with a valid click or level, even
 * one whose buckets have all left the window); their buckets are pruned by the clock as live.
 * Sessions are never dropped either: an event any amount out of time order still meets the memory
 * the contract gives it.
 */
public final class ProductBook {
  private final RelatedSettings settings;
  private final Map<String, UserSessions> users = new HashMap<>();
  private final Map<String, ProductState> products = new HashMap<>();
  private long clock = Long.MIN_VALUE;

  public ProductBook(RelatedSettings settings) {
    this.settings = settings;
  }

  /** A valid, normalized click, in arrival order. */
  public void click(ClickEvent click) {
    clock = Math.max(clock, click.getEventTime().toEpochMilli());
    for (ProductUpdate update : users.computeIfAbsent(click.getUserId(), u -> new UserSessions())
        .updates(click, settings)) {
      apply(update);
    }
  }

  /** A valid inventory level, in arrival order (the caller leaves out levels after the C it will ask for). */
  public void level(InventoryLevel level) {
    clock = Math.max(clock, level.getEventTime().toEpochMilli());
    apply(new ProductUpdate.Level(level.getProductId(), level.getEventTime().toEpochMilli(),
        Math.toIntExact(level.getAvailable())));
  }

  private void apply(ProductUpdate update) {
    ProductState state = products.computeIfAbsent(update.productId(), p -> new ProductState());
    update.applyTo(state);
    state.prune(clock);
  }

  /** Every product's data as of {@code asOf} (not below the clock), sorted by productId in code point order. */
  public List<ProductView> views(long asOf) {
    if (asOf < clock) {
      throw new IllegalArgumentException("as of " + asOf + " is before the clock " + clock);
    }
    Map<String, ProductState> sorted = new TreeMap<>(CodePointOrder.COMPARATOR);
    sorted.putAll(products);
    List<ProductView> views = new ArrayList<>(sorted.size());
    sorted.forEach((id, state) -> views.add(state.view(id, asOf, settings, this::stock)));
    return views;
  }

  /** One product's data as of {@code asOf}, or null when it has no click and no level. */
  public ProductView view(String productId, long asOf) {
    ProductState state = products.get(productId);
    return state == null ? null : state.view(productId, asOf, settings, this::stock);
  }

  private Integer stock(String productId) {
    ProductState state = products.get(productId);
    return state == null ? null : state.available();
  }

  public int productCount() {
    return products.size();
  }
}
