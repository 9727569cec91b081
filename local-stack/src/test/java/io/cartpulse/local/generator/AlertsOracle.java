package io.cartpulse.local.generator;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.click.ClickValidator;
import io.cartpulse.click.Money;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A test oracle: a deliberately naive, independent reading of docs/ALERTS.md (sections 2-4, default
 * thresholds, UTC days) over a finite, time-sorted input, as a backtest would see it (the clock
 * stops at the last event time; results due later are not emitted). It rescans history instead of
 * keeping clever state, so each rule can be checked against the contract line by line. It is not
 * the production logic and shares no code with it.
 */
final class AlertsOracle {
  static final long SECOND = 1_000;
  static final long MINUTE = 60 * SECOND;
  static final long DAY = 24 * 60 * MINUTE;

  static final long CROSS_SELL_WINDOW = 5 * MINUTE;
  static final long CROSS_SELL_COOLDOWN = 5 * MINUTE;
  static final long ABANDON_CENTS = 200_00;
  static final long ABANDON_DELAY = 10 * MINUTE;
  static final long INTENT_WINDOW = 15 * MINUTE;
  static final int INTENT_VIEWS = 4;
  static final long PRICE_WINDOW = 10 * MINUTE;
  static final long[] COUPON_TIERS_CENTS = {200_00, 500_00, 1000_00};
  static final long CHURN_WINDOW = 7 * DAY;
  static final int CHURN_VIEWS = 10;
  static final int SURGE_MIN_VIEWS = 50;
  static final int SURGE_BASELINE_MINUTES = 30;

  /** One alert as the oracle sees it. */
  record Found(String type, String userId, String productId, long eventTime, Map<String, String> attributes) {}

  /** One PV/UV point. */
  record Point(long day, long windowEnd, String dimension, long pv, long uv) {}

  /** The clicks of one run, sorted by time as the contract's test data is. */
  private record Click(int index, long t, String type, String user, String product, String code, String session,
      long cents) {
    boolean is(String wanted) {
      return type.equals(wanted);
    }
  }

  private final List<Click> clicks = new ArrayList<>();
  private final Map<String, List<Click>> byUser = new LinkedHashMap<>();
  private final long end;

  AlertsOracle(List<ClickEvent> events) {
    long last = Long.MIN_VALUE;
    for (ClickEvent event : events) {
      if (ClickValidator.invalidReason(event) != null) {
        continue;
      }
      long t = event.getEventTime().toEpochMilli();
      if (t < last) {
        throw new IllegalArgumentException("the oracle needs time-sorted input; event " + clicks.size()
            + " at " + t + " comes after " + last);
      }
      last = t;
      Click click = new Click(clicks.size(), t, event.getEventType(), event.getUserId(), event.getProductId(),
          emptyToNull(event.getCategoryCode()), emptyToNull(event.getUserSession()), Money.toCents(event.getPrice()));
      clicks.add(click);
      byUser.computeIfAbsent(click.user(), u -> new ArrayList<>()).add(click);
    }
    this.end = last;
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  List<Found> alerts() {
    List<Found> found = new ArrayList<>();
    for (List<Click> history : byUser.values()) {
      crossSell(history, found);
      cartAbandonment(history, found);
      purchaseIntent(history, found);
      priceSensitivity(history, found);
      coupons(history, found);
      churn(history, found);
    }
    trafficSurge(found);
    return found;
  }

  Map<String, Long> countByType() {
    Map<String, Long> counts = new TreeMap<>();
    for (Found alert : alerts()) {
      counts.merge(alert.type(), 1L, Long::sum);
    }
    return counts;
  }

  /** CROSS_SELL: a view whose previous click of the user is a view, same session, < 5 min, two different codes. */
  private static void crossSell(List<Click> history, List<Found> found) {
    Long previousAlert = null;
    for (int i = 1; i < history.size(); i++) {
      Click e1 = history.get(i - 1);
      Click e2 = history.get(i);
      boolean matches = e2.is("view") && e1.is("view")
          && e2.session() != null && e2.session().equals(e1.session())
          && e2.t() - e1.t() < CROSS_SELL_WINDOW
          && e1.code() != null && e2.code() != null && !e1.code().equals(e2.code());
      if (matches && (previousAlert == null || e2.t() - previousAlert >= CROSS_SELL_COOLDOWN)) {
        found.add(new Found("CROSS_SELL", e2.user(), e2.product(), e2.t(),
            Map.of("fromCategory", e1.code(), "toCategory", e2.code())));
        previousAlert = e2.t();
      }
    }
  }

  /** CART_ABANDONMENT: a cart > 200.00 opens/restarts (u, p) due 10 min later; purchase/remove before it closes it. */
  private void cartAbandonment(List<Click> history, List<Found> found) {
    Map<String, Click> open = new LinkedHashMap<>();
    for (Click click : history) {
      Click pending = open.get(click.product());
      if (pending != null && click.t() >= pending.t() + ABANDON_DELAY) {
        // The clock reached the due time before this click: the alert comes first.
        emitAbandonment(pending, found);
        open.remove(click.product());
      }
      if (click.is("cart") && click.cents() > ABANDON_CENTS) {
        open.put(click.product(), click);
      } else if (click.is("purchase") || click.is("remove_from_cart")) {
        open.remove(click.product());
      }
    }
    for (Click pending : open.values()) {
      if (pending.t() + ABANDON_DELAY <= end) {
        emitAbandonment(pending, found);
      }
    }
  }

  private static void emitAbandonment(Click cart, List<Found> found) {
    found.add(new Found("CART_ABANDONMENT", cart.user(), cart.product(), cart.t() + ABANDON_DELAY,
        Map.of("price", Money.format(cart.cents()))));
  }

  /** PURCHASE_INTENT: >= 4 views of p within 15 min (this one included), no purchase of p within 15 min, cooldown 15 min. */
  private static void purchaseIntent(List<Click> history, List<Found> found) {
    Map<String, Long> previousAlert = new HashMap<>();
    for (int i = 0; i < history.size(); i++) {
      Click view = history.get(i);
      if (!view.is("view")) {
        continue;
      }
      int views = 0;
      boolean purchased = false;
      for (int j = 0; j <= i; j++) {
        Click earlier = history.get(j);
        if (earlier.product().equals(view.product()) && view.t() - earlier.t() < INTENT_WINDOW) {
          views += earlier.is("view") ? 1 : 0;
          purchased |= earlier.is("purchase");
        }
      }
      Long previous = previousAlert.get(view.product());
      if (views >= INTENT_VIEWS && !purchased && (previous == null || view.t() - previous >= INTENT_WINDOW)) {
        found.add(new Found("PURCHASE_INTENT", view.user(), view.product(), view.t(),
            Map.of("views", Integer.toString(views))));
        previousAlert.put(view.product(), view.t());
      }
    }
  }

  /** PRICE_SENSITIVITY: at a cart of p, two views of p within 10 min, the later one cheaper; cooldown 10 min. */
  private static void priceSensitivity(List<Click> history, List<Found> found) {
    Map<String, Long> previousAlert = new HashMap<>();
    for (int i = 0; i < history.size(); i++) {
      Click cart = history.get(i);
      if (!cart.is("cart")) {
        continue;
      }
      List<Click> views = new ArrayList<>();
      for (int j = 0; j < i; j++) {
        Click earlier = history.get(j);
        if (earlier.is("view") && earlier.product().equals(cart.product()) && cart.t() - earlier.t() < PRICE_WINDOW) {
          views.add(earlier);
        }
      }
      Click before = null;
      Click after = null;
      for (int a = 0; a < views.size() && after == null; a++) {
        for (int b = a + 1; b < views.size(); b++) {
          if (views.get(b).cents() < views.get(a).cents()) {
            before = views.get(a);
            after = views.get(b);
            break;
          }
        }
      }
      Long previous = previousAlert.get(cart.product());
      if (after != null && (previous == null || cart.t() - previous >= PRICE_WINDOW)) {
        found.add(new Found("PRICE_SENSITIVITY", cart.user(), cart.product(), cart.t(),
            Map.of("priceBefore", Money.format(before.cents()), "priceAfter", Money.format(after.cents()))));
        previousAlert.put(cart.product(), cart.t());
      }
    }
  }

  /** COUPON_ISSUED: a purchase taking the UTC-day spend from before to after emits every tier T with before < T <= after. */
  private static void coupons(List<Click> history, List<Found> found) {
    for (int i = 0; i < history.size(); i++) {
      Click purchase = history.get(i);
      if (!purchase.is("purchase")) {
        continue;
      }
      long day = Math.floorDiv(purchase.t(), DAY);
      long before = 0;
      for (int j = 0; j < i; j++) {
        Click earlier = history.get(j);
        if (earlier.is("purchase") && Math.floorDiv(earlier.t(), DAY) == day) {
          before += earlier.cents();
        }
      }
      long after = before + purchase.cents();
      for (long tier : COUPON_TIERS_CENTS) {
        if (before < tier && tier <= after) {
          found.add(new Found("COUPON_ISSUED", purchase.user(), purchase.product(), purchase.t(),
              Map.of("tier", Money.formatPlain(tier), "spend", Money.format(after))));
        }
      }
    }
  }

  /** CHURN_RISK: non-overlapping 7-day windows opened by a view; a purchase discards; >= 10 views alert at the end. */
  private void churn(List<Click> history, List<Found> found) {
    Long start = null;
    int views = 0;
    for (Click click : history) {
      if (start != null && click.t() >= start + CHURN_WINDOW) {
        emitChurn(history.get(0).user(), start, views, found);
        start = null;
      }
      if (click.is("view")) {
        if (start == null) {
          start = click.t();
          views = 0;
        }
        views++;
      } else if (click.is("purchase") && start != null) {
        start = null;
      }
    }
    if (start != null && start + CHURN_WINDOW <= end) {
      emitChurn(history.get(0).user(), start, views, found);
    }
  }

  private static void emitChurn(String user, long start, int views, List<Found> found) {
    if (views >= CHURN_VIEWS) {
      found.add(new Found("CHURN_RISK", user, null, start + CHURN_WINDOW,
          Map.of("views", Integer.toString(views), "windowStart", Long.toString(start))));
    }
  }

  /** TRAFFIC_SURGE over epoch-aligned minutes of views, first of a run of surging minutes, due at m + 1 min. */
  private void trafficSurge(List<Found> found) {
    TreeMap<Long, Long> viewsPerMinute = new TreeMap<>();
    Long firstView = null;
    for (Click click : clicks) {
      if (click.is("view")) {
        firstView = firstView == null ? click.t() : firstView;
        viewsPerMinute.merge(Math.floorDiv(click.t(), MINUTE) * MINUTE, 1L, Long::sum);
      }
    }
    if (firstView == null) {
      return;
    }
    for (long m = Math.floorDiv(firstView, MINUTE) * MINUTE; m + MINUTE <= end; m += MINUTE) {
      if (surges(m, firstView, viewsPerMinute) && !surges(m - MINUTE, firstView, viewsPerMinute)) {
        long count = viewsPerMinute.getOrDefault(m, 0L);
        long baselineSum = baselineSum(m, viewsPerMinute);
        found.add(new Found("TRAFFIC_SURGE", null, null, m + MINUTE, Map.of("views", Long.toString(count),
            "baseline", new java.math.BigDecimal(baselineSum).divide(java.math.BigDecimal.valueOf(30), 2,
                java.math.RoundingMode.HALF_UP).toPlainString())));
      }
    }
  }

  private static boolean surges(long m, long firstView, TreeMap<Long, Long> viewsPerMinute) {
    long count = viewsPerMinute.getOrDefault(m, 0L);
    return firstView <= m - SURGE_BASELINE_MINUTES * MINUTE
        && count >= SURGE_MIN_VIEWS
        && count * 30 >= 3 * baselineSum(m, viewsPerMinute);
  }

  private static long baselineSum(long m, TreeMap<Long, Long> viewsPerMinute) {
    long sum = 0;
    for (int k = 1; k <= SURGE_BASELINE_MINUTES; k++) {
      sum += viewsPerMinute.getOrDefault(m - k * MINUTE, 0L);
    }
    return sum;
  }

  /**
   * PV/UV points of one dimension ({@code all} or a top-level category): for each step end
   * m = D + k min with a view of the dimension in [D, m) and m <= the end of the input.
   */
  List<Point> pvUv(String dimension) {
    Map<Long, List<Click>> viewsByDay = new TreeMap<>();
    for (Click click : clicks) {
      if (click.is("view") && (dimension.equals("all")
          || dimension.equals(ClickValidator.topLevelCategory(click.code())))) {
        viewsByDay.computeIfAbsent(Math.floorDiv(click.t(), DAY) * DAY, d -> new ArrayList<>()).add(click);
      }
    }
    List<Point> points = new ArrayList<>();
    for (Map.Entry<Long, List<Click>> day : viewsByDay.entrySet()) {
      long d = day.getKey();
      List<Click> views = day.getValue();
      java.util.Set<String> users = new java.util.HashSet<>();
      int counted = 0;
      for (int k = 1; k <= 1440 && d + k * MINUTE <= end; k++) {
        long m = d + k * MINUTE;
        while (counted < views.size() && views.get(counted).t() < m) {
          users.add(views.get(counted++).user());
        }
        if (counted > 0) {
          points.add(new Point(d, m, dimension, counted, users.size()));
        }
      }
    }
    return points;
  }

  long end() {
    return end;
  }

  static boolean sameAlert(Found a, String type, String user, String product, long time) {
    return a.type().equals(type) && Objects.equals(a.userId(), user) && Objects.equals(a.productId(), product)
        && a.eventTime() == time;
  }
}
