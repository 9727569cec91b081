package io.cartpulse.streams.rules;

import io.cartpulse.alert.Alerts;
import io.cartpulse.avro.AlertType;
import io.cartpulse.click.EventType;
import io.cartpulse.click.Money;
import io.cartpulse.rules.RuleCatalog;
import io.cartpulse.rules.RuleDefinition;
import io.cartpulse.streams.state.SliceReader;
import io.cartpulse.streams.state.SliceWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CART_ABANDONMENT (ALERTS.md section 3): a cart above {@code min-price} (strictly; read at the
 * cart's time) opens or restarts a pending item due at {@code t + delay}, keeping that cart's price
 * and session; a purchase or remove_from_cart before the due time closes it; when the clock reaches
 * the due time the item closes and, when the rule is enabled at the due time (section 8), yields
 * one alert with {@code eventTime} = due. Carts at or below the threshold change nothing.
 *
 * <p>Slice: per product, the open item and the due time of the last item that fell due (a guard:
 * a replayed or late cart can never make the same item fall due twice).
 */
public final class CartAbandonmentRule implements ShopperRule<CartAbandonmentRule.Slice> {
  static final long NONE = Long.MIN_VALUE;

  private final long delayMs;

  public CartAbandonmentRule(RuleSetup setup) {
    this.delayMs = setup.get(RuleCatalog.CART_ABANDONMENT_DELAY).toMillis();
  }

  /** One user's products. */
  public static final class Slice {
    final Map<String, Item> products = new LinkedHashMap<>(2);
  }

  /** One product of one user: the open item (if any) and the last due time reached. */
  static final class Item {
    boolean open;
    long due;
    long priceCents;
    String session;
    long lastDue = NONE;

    void close() {
      open = false;
      due = 0;
      priceCents = 0;
      session = null;
    }

    boolean isEmpty() {
      return !open && lastDue == NONE;
    }
  }

  @Override
  public RuleDefinition definition() {
    return RuleCatalog.CART_ABANDONMENT;
  }

  @Override
  public int sliceId() {
    return 2;
  }

  @Override
  public int sliceVersion() {
    return 1;
  }

  @Override
  public Slice newSlice() {
    return new Slice();
  }

  @Override
  public void onEvent(Click click, Slice slice, RuleContext context) {
    switch (click.type()) {
      case CART -> onCart(click, slice, context);
      case REMOVE_FROM_CART, PURCHASE -> onClose(click, slice, context);
      default -> { }
    }
  }

  private void onCart(Click cart, Slice slice, RuleContext context) {
    if (cart.priceCents() <= context.settingsAt(cart.time()).get(RuleCatalog.CART_ABANDONMENT_MIN_PRICE)) {
      return;
    }
    long due = cart.time() + delayMs;
    Item item = slice.products.computeIfAbsent(cart.productId(), id -> new Item());
    if (item.lastDue != NONE && due <= item.lastDue) {
      // A replayed or late cart for an item already due: never the same item twice.
      return;
    }
    if (item.open) {
      context.cancelWake(item.due, cart.productId());
    }
    item.open = true;
    item.due = due;
    item.priceCents = cart.priceCents();
    item.session = cart.session();
    context.wakeAt(due, cart.productId());
  }

  /** A purchase or remove_from_cart of the product closes its item if it is not yet due. */
  private void onClose(Click close, Slice slice, RuleContext context) {
    Item item = slice.products.get(close.productId());
    if (item == null || !item.open || close.time() >= item.due) {
      return;
    }
    context.cancelWake(item.due, close.productId());
    item.close();
    if (item.isEmpty()) {
      slice.products.remove(close.productId());
    }
  }

  /** Every open item due at or before the clock falls due: it closes, and alerts when enabled at its due time. */
  @Override
  public void onDue(Slice slice, RuleContext context) {
    List<Map.Entry<String, Item>> due = new ArrayList<>(1);
    for (Map.Entry<String, Item> entry : slice.products.entrySet()) {
      if (entry.getValue().open && entry.getValue().due <= context.clock()) {
        due.add(entry);
      }
    }
    due.sort(Map.Entry.comparingByValue((a, b) -> Long.compare(a.due, b.due)));
    for (Map.Entry<String, Item> entry : due) {
      Item item = entry.getValue();
      String userId = context.userId();
      String productId = entry.getKey();
      if (context.settingsAt(item.due).get(RuleCatalog.CART_ABANDONMENT.enabled())) {
        String message = "User " + userId + " left product " + productId + " (" + Money.format(item.priceCents)
            + ") in the cart for " + RuleText.duration(delayMs) + " without buying.";
        context.emit(Alerts.create(AlertType.CART_ABANDONMENT, userId, item.session, productId, item.due,
            context.detectedAt(), Alerts.SOURCE_STREAMS, message, Map.of("price", Money.format(item.priceCents)),
            null));
      }
      item.lastDue = item.due;
      item.close();
    }
  }

  @Override
  public void prune(Slice slice, long now, long clock) {
    Iterator<Item> it = slice.products.values().iterator();
    while (it.hasNext()) {
      Item item = it.next();
      if (item.lastDue != NONE && now - item.lastDue >= delayMs) {
        item.lastDue = NONE;
      }
      if (item.isEmpty()) {
        it.remove();
      }
    }
  }

  @Override
  public long expiresAt(Slice slice) {
    long at = Long.MIN_VALUE;
    for (Item item : slice.products.values()) {
      if (item.open) {
        return Long.MAX_VALUE;
      }
      at = Math.max(at, item.lastDue + delayMs);
    }
    return at;
  }

  @Override
  public boolean isEmpty(Slice slice) {
    return slice.products.isEmpty();
  }

  @Override
  public void write(Slice slice, SliceWriter out) {
    out.writeLong(slice.products.size());
    for (Map.Entry<String, Item> entry : slice.products.entrySet()) {
      Item item = entry.getValue();
      out.writeString(entry.getKey());
      out.writeByte((item.open ? 1 : 0) | (item.lastDue != NONE ? 2 : 0));
      if (item.open) {
        out.writeLong(item.due);
        out.writeLong(item.priceCents);
        out.writeString(item.session);
      }
      if (item.lastDue != NONE) {
        out.writeLong(item.lastDue);
      }
    }
  }

  @Override
  public Slice read(SliceReader in, int version) {
    Slice slice = new Slice();
    long products = in.readLong();
    for (long n = 0; n < products; n++) {
      String productId = in.readString();
      Item item = new Item();
      int flags = in.readByte();
      if ((flags & 1) != 0) {
        item.open = true;
        item.due = in.readLong();
        item.priceCents = in.readLong();
        item.session = in.readString();
      }
      if ((flags & 2) != 0) {
        item.lastDue = in.readLong();
      }
      slice.products.put(productId, item);
    }
    return slice;
  }
}
