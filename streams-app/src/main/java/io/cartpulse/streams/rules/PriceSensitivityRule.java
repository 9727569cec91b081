package io.cartpulse.streams.rules;

import io.cartpulse.alert.Alerts;
import io.cartpulse.avro.AlertType;
import io.cartpulse.click.EventType;
import io.cartpulse.click.Money;
import io.cartpulse.rules.RuleCatalog;
import io.cartpulse.rules.RuleDefinition;
import io.cartpulse.streams.state.SliceReader;
import io.cartpulse.streams.state.SliceWriter;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PRICE_SENSITIVITY (ALERTS.md section 3): at a cart of p at t, among the user's views of p with
 * {@code t - tv < window} there is a view a followed later (arrival order) by a view b with
 * {@code price(b) < price(a)}; not within {@code cooldown} of the previous PRICE_SENSITIVITY for p.
 * Whether it is emitted is read at t (section 8); one not emitted starts no cooldown.
 *
 * <p>Witness, deterministically: the first pair in arrival order, i.e. a is the earliest view in
 * the window that some later view undercuts, b the first view after a that is cheaper than a.
 *
 * <p>Slice: per product, the views (time, price in cents) within the window and the last alert.
 */
public final class PriceSensitivityRule implements ShopperRule<PriceSensitivityRule.Slice> {
  static final long NONE = Long.MIN_VALUE;

  private final long windowMs;
  private final long cooldownMs;

  public PriceSensitivityRule(RuleSetup setup) {
    this.windowMs = setup.get(RuleCatalog.PRICE_SENSITIVITY_WINDOW).toMillis();
    this.cooldownMs = setup.get(RuleCatalog.PRICE_SENSITIVITY_COOLDOWN).toMillis();
  }

  /** One user's products. */
  public static final class Slice {
    final Map<String, Product> products = new LinkedHashMap<>(4);
  }

  /** What the rule remembers of one product of one user. */
  static final class Product {
    long[] viewTimes = new long[4];
    long[] viewPrices = new long[4];
    int views;
    long lastAlert = NONE;

    void addView(long time, long priceCents) {
      if (views == viewTimes.length) {
        viewTimes = Arrays.copyOf(viewTimes, views * 2);
        viewPrices = Arrays.copyOf(viewPrices, views * 2);
      }
      viewTimes[views] = time;
      viewPrices[views] = priceCents;
      views++;
    }

    boolean isEmpty() {
      return views == 0 && lastAlert == NONE;
    }
  }

  @Override
  public RuleDefinition definition() {
    return RuleCatalog.PRICE_SENSITIVITY;
  }

  @Override
  public int sliceId() {
    return 4;
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
    if (click.type() == EventType.VIEW) {
      slice.products.computeIfAbsent(click.productId(), id -> new Product()).addView(click.time(), click.priceCents());
    } else if (click.type() == EventType.CART) {
      Product product = slice.products.get(click.productId());
      if (product != null) {
        evaluate(click, product, context);
      }
    }
  }

  private void evaluate(Click cart, Product product, RuleContext context) {
    long t = cart.time();
    if (product.lastAlert != NONE && t - product.lastAlert < cooldownMs) {
      return;
    }
    int count = product.views;
    // cheapest price among the in-window views after index i: suffixMin[i + 1]
    long[] suffixMin = new long[count + 1];
    suffixMin[count] = Long.MAX_VALUE;
    for (int i = count - 1; i >= 0; i--) {
      boolean inWindow = t - product.viewTimes[i] < windowMs;
      suffixMin[i] = inWindow ? Math.min(suffixMin[i + 1], product.viewPrices[i]) : suffixMin[i + 1];
    }
    long before = -1;
    long after = -1;
    for (int a = 0; a < count && after < 0; a++) {
      if (t - product.viewTimes[a] >= windowMs || suffixMin[a + 1] >= product.viewPrices[a]) {
        continue;
      }
      before = product.viewPrices[a];
      for (int b = a + 1; b < count; b++) {
        if (t - product.viewTimes[b] < windowMs && product.viewPrices[b] < before) {
          after = product.viewPrices[b];
          break;
        }
      }
    }
    if (after < 0 || !context.settingsAt(t).get(RuleCatalog.PRICE_SENSITIVITY.enabled())) {
      return;
    }
    product.lastAlert = t;
    String message = "User " + cart.userId() + " put product " + cart.productId() + " in the cart after its price"
        + " dropped from " + Money.format(before) + " to " + Money.format(after) + ".";
    context.emit(Alerts.create(AlertType.PRICE_SENSITIVITY, cart.userId(), cart.session(), cart.productId(), t,
        context.detectedAt(), Alerts.SOURCE_STREAMS, message,
        Map.of("priceBefore", Money.format(before), "priceAfter", Money.format(after)), null));
  }

  @Override
  public void prune(Slice slice, long now, long clock) {
    Iterator<Product> it = slice.products.values().iterator();
    while (it.hasNext()) {
      Product product = it.next();
      int kept = 0;
      for (int i = 0; i < product.views; i++) {
        if (now - product.viewTimes[i] < windowMs) {
          product.viewTimes[kept] = product.viewTimes[i];
          product.viewPrices[kept] = product.viewPrices[i];
          kept++;
        }
      }
      product.views = kept;
      if (product.lastAlert != NONE && now - product.lastAlert >= cooldownMs) {
        product.lastAlert = NONE;
      }
      if (product.isEmpty()) {
        it.remove();
      }
    }
  }

  @Override
  public long expiresAt(Slice slice) {
    long at = Long.MIN_VALUE;
    for (Product product : slice.products.values()) {
      for (int i = 0; i < product.views; i++) {
        at = Math.max(at, product.viewTimes[i] + windowMs);
      }
      if (product.lastAlert != NONE) {
        at = Math.max(at, product.lastAlert + cooldownMs);
      }
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
    for (Map.Entry<String, Product> entry : slice.products.entrySet()) {
      Product p = entry.getValue();
      out.writeString(entry.getKey());
      out.writeByte(p.lastAlert != NONE ? 1 : 0);
      if (p.lastAlert != NONE) {
        out.writeLong(p.lastAlert);
      }
      out.writeLong(p.views);
      long previous = 0;
      for (int i = 0; i < p.views; i++) {
        out.writeLong(p.viewTimes[i] - previous);
        previous = p.viewTimes[i];
        out.writeLong(p.viewPrices[i]);
      }
    }
  }

  @Override
  public Slice read(SliceReader in, int version) {
    Slice slice = new Slice();
    long products = in.readLong();
    for (long n = 0; n < products; n++) {
      String productId = in.readString();
      Product p = new Product();
      if ((in.readByte() & 1) != 0) {
        p.lastAlert = in.readLong();
      }
      long views = in.readLong();
      long time = 0;
      for (long i = 0; i < views; i++) {
        time += in.readLong();
        p.addView(time, in.readLong());
      }
      slice.products.put(productId, p);
    }
    return slice;
  }
}
