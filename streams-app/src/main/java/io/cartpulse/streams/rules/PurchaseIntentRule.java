package io.cartpulse.streams.rules;

import io.cartpulse.alert.Alerts;
import io.cartpulse.avro.AlertType;
import io.cartpulse.click.EventType;
import io.cartpulse.rules.RuleCatalog;
import io.cartpulse.rules.RuleDefinition;
import io.cartpulse.settings.SettingsInForce;
import io.cartpulse.streams.state.SliceReader;
import io.cartpulse.streams.state.SliceWriter;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PURCHASE_INTENT (ALERTS.md section 3): at a view of p at t, n = the user's views of p with
 * {@code t - tv < window} (this one included); emitted when {@code n >= min-views}, no purchase of p
 * with {@code t - tp < window}, and the previous PURCHASE_INTENT for p is at least {@code cooldown}
 * old. The minimum and whether it is emitted are read at t (section 8); one not emitted starts no
 * cooldown.
 *
 * <p>Slice: per product, the view times within the window, the last purchase and the last alert.
 */
public final class PurchaseIntentRule implements ShopperRule<PurchaseIntentRule.Slice> {
  static final long NONE = Long.MIN_VALUE;

  private final long windowMs;
  private final long cooldownMs;

  public PurchaseIntentRule(RuleSetup setup) {
    this.windowMs = setup.get(RuleCatalog.PURCHASE_INTENT_WINDOW).toMillis();
    this.cooldownMs = setup.get(RuleCatalog.PURCHASE_INTENT_COOLDOWN).toMillis();
  }

  /** One user's products. */
  public static final class Slice {
    final Map<String, Product> products = new LinkedHashMap<>(4);

    Product product(String productId) {
      return products.computeIfAbsent(productId, id -> new Product());
    }
  }

  /** What the rule remembers of one product of one user. */
  static final class Product {
    long[] viewTimes = new long[4];
    int views;
    long lastPurchase = NONE;
    long lastIntent = NONE;

    void addView(long time) {
      if (views == viewTimes.length) {
        viewTimes = Arrays.copyOf(viewTimes, views * 2);
      }
      viewTimes[views++] = time;
    }

    boolean isEmpty() {
      return views == 0 && lastPurchase == NONE && lastIntent == NONE;
    }
  }

  @Override
  public RuleDefinition definition() {
    return RuleCatalog.PURCHASE_INTENT;
  }

  @Override
  public int sliceId() {
    return 3;
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
      Product product = slice.product(click.productId());
      product.addView(click.time());
      evaluate(click, product, context);
    } else if (click.type() == EventType.PURCHASE) {
      Product product = slice.product(click.productId());
      if (product.lastPurchase == NONE || click.time() > product.lastPurchase) {
        product.lastPurchase = click.time();
      }
    }
  }

  /** The view, already recorded, against the product's recent views. */
  private void evaluate(Click view, Product product, RuleContext context) {
    long t = view.time();
    int n = 0;
    for (int i = 0; i < product.views; i++) {
      if (t - product.viewTimes[i] < windowMs) {
        n++;
      }
    }
    SettingsInForce settings = context.settingsAt(t);
    if (n < settings.get(RuleCatalog.PURCHASE_INTENT_MIN_VIEWS)) {
      return;
    }
    if (product.lastPurchase != NONE && t - product.lastPurchase < windowMs) {
      return;
    }
    if (product.lastIntent != NONE && t - product.lastIntent < cooldownMs) {
      return;
    }
    if (!settings.get(RuleCatalog.PURCHASE_INTENT.enabled())) {
      return;
    }
    product.lastIntent = t;
    String message = "User " + view.userId() + " viewed product " + view.productId() + " " + n + " times within "
        + RuleText.duration(windowMs) + " without buying it.";
    context.emit(Alerts.create(AlertType.PURCHASE_INTENT, view.userId(), view.session(), view.productId(), t,
        context.detectedAt(), Alerts.SOURCE_STREAMS, message, Map.of("views", Integer.toString(n)), null));
  }

  @Override
  public void prune(Slice slice, long now, long clock) {
    Iterator<Product> it = slice.products.values().iterator();
    while (it.hasNext()) {
      Product product = it.next();
      int kept = 0;
      for (int i = 0; i < product.views; i++) {
        if (now - product.viewTimes[i] < windowMs) {
          product.viewTimes[kept++] = product.viewTimes[i];
        }
      }
      product.views = kept;
      if (product.lastPurchase != NONE && now - product.lastPurchase >= windowMs) {
        product.lastPurchase = NONE;
      }
      if (product.lastIntent != NONE && now - product.lastIntent >= cooldownMs) {
        product.lastIntent = NONE;
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
      if (product.lastPurchase != NONE) {
        at = Math.max(at, product.lastPurchase + windowMs);
      }
      if (product.lastIntent != NONE) {
        at = Math.max(at, product.lastIntent + cooldownMs);
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
      out.writeByte((p.lastPurchase != NONE ? 1 : 0) | (p.lastIntent != NONE ? 2 : 0));
      if (p.lastPurchase != NONE) {
        out.writeLong(p.lastPurchase);
      }
      if (p.lastIntent != NONE) {
        out.writeLong(p.lastIntent);
      }
      out.writeLong(p.views);
      long previous = 0;
      for (int i = 0; i < p.views; i++) {
        out.writeLong(p.viewTimes[i] - previous);
        previous = p.viewTimes[i];
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
      int flags = in.readByte();
      if ((flags & 1) != 0) {
        p.lastPurchase = in.readLong();
      }
      if ((flags & 2) != 0) {
        p.lastIntent = in.readLong();
      }
      long views = in.readLong();
      long time = 0;
      for (long i = 0; i < views; i++) {
        time += in.readLong();
        p.addView(time);
      }
      slice.products.put(productId, p);
    }
    return slice;
  }
}
