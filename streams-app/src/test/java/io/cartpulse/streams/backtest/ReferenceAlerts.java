package io.cartpulse.streams.backtest;

import io.cartpulse.alert.Alerts;
import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.click.Money;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A deliberately naive reading of ALERTS.md sections 2-3 (default thresholds): full histories,
 * no pruning, no stores. The backtest must produce exactly what this produces.
 */
final class ReferenceAlerts {

  /** The comparable part of an alert (everything but detectedAt and message). */
  record Expected(String alertId, AlertType type, String userId, String userSession, String productId,
      long eventTime, Map<String, String> attributes) {}

  private record Ev(String type, long t, String user, String product, String category, String session, long cents) {}

  private record Pending(long due, long cents, String session) {}

  private static final long MIN = 60_000;

  static List<Expected> compute(List<ClickEvent> events, ZoneId zone) {
    List<Expected> out = new ArrayList<>();
    Map<String, List<Ev>> history = new HashMap<>();
    Map<String, Long> lastCrossSell = new HashMap<>();
    Map<String, Long> lastIntent = new HashMap<>();
    Map<String, Long> lastSensitivity = new HashMap<>();
    TreeMap<String, Pending> pending = new TreeMap<>();
    Map<String, Long> spend = new HashMap<>();
    long clock = Long.MIN_VALUE;
    for (ClickEvent e : events) {
      Ev ev = new Ev(e.getEventType(), e.getEventTime().toEpochMilli(), e.getUserId(), e.getProductId(),
          e.getCategoryCode(), e.getUserSession(), Money.toCents(e.getPrice()));
      clock = Math.max(clock, ev.t);
      // due results first, in due order
      List<Map.Entry<String, Pending>> due = new ArrayList<>();
      for (Map.Entry<String, Pending> p : pending.entrySet()) {
        if (p.getValue().due <= clock) {
          due.add(p);
        }
      }
      due.sort((a, b) -> Long.compare(a.getValue().due, b.getValue().due));
      for (Map.Entry<String, Pending> p : due) {
        String[] up = p.getKey().split("\u0001");
        out.add(new Expected(Alerts.alertId(AlertType.CART_ABANDONMENT, up[0], up[1], p.getValue().due, null),
            AlertType.CART_ABANDONMENT, up[0], p.getValue().session, up[1], p.getValue().due,
            Map.of("price", Money.format(p.getValue().cents))));
        pending.remove(p.getKey());
      }
      long clockDay = day(clock, zone);
      spend.keySet().removeIf(k -> Long.parseLong(k.substring(k.lastIndexOf('\u0001') + 1)) < clockDay);

      List<Ev> mine = history.computeIfAbsent(ev.user, u -> new ArrayList<>());
      String up = ev.user + "\u0001" + ev.product;
      switch (ev.type) {
        case "view" -> {
          if (!mine.isEmpty()) {
            Ev e1 = mine.get(mine.size() - 1);
            Long prev = lastCrossSell.get(ev.user);
            if (e1.type.equals("view") && ev.session != null && ev.session.equals(e1.session)
                && ev.t - e1.t < 5 * MIN && e1.category != null && ev.category != null
                && !e1.category.equals(ev.category) && (prev == null || ev.t - prev >= 5 * MIN)) {
              lastCrossSell.put(ev.user, ev.t);
              out.add(new Expected(Alerts.alertId(AlertType.CROSS_SELL, ev.user, ev.product, ev.t, null),
                  AlertType.CROSS_SELL, ev.user, ev.session, ev.product, ev.t,
                  Map.of("fromCategory", e1.category, "toCategory", ev.category)));
            }
          }
          int n = 1;
          boolean purchased = false;
          for (Ev old : mine) {
            if (old.product.equals(ev.product) && old.type.equals("view") && ev.t - old.t < 15 * MIN) {
              n++;
            }
            if (old.product.equals(ev.product) && old.type.equals("purchase") && ev.t - old.t < 15 * MIN) {
              purchased = true;
            }
          }
          Long prev = lastIntent.get(up);
          if (n >= 4 && !purchased && (prev == null || ev.t - prev >= 15 * MIN)) {
            lastIntent.put(up, ev.t);
            out.add(new Expected(Alerts.alertId(AlertType.PURCHASE_INTENT, ev.user, ev.product, ev.t, null),
                AlertType.PURCHASE_INTENT, ev.user, ev.session, ev.product, ev.t, Map.of("views", "" + n)));
          }
        }
        case "cart" -> {
          Long prev = lastSensitivity.get(up);
          if (prev == null || ev.t - prev >= 10 * MIN) {
            List<Ev> views = new ArrayList<>();
            for (Ev old : mine) {
              if (old.product.equals(ev.product) && old.type.equals("view") && ev.t - old.t < 10 * MIN) {
                views.add(old);
              }
            }
            long max = -1;
            long after = -1;
            for (int a = 0; a < views.size() && after < 0; a++) {
              for (int b = a + 1; b < views.size(); b++) {
                if (views.get(b).cents < views.get(a).cents) {
                  max = views.get(a).cents;
                  after = views.get(b).cents;
                  break;
                }
              }
            }
            if (after >= 0) {
              lastSensitivity.put(up, ev.t);
              out.add(new Expected(Alerts.alertId(AlertType.PRICE_SENSITIVITY, ev.user, ev.product, ev.t, null),
                  AlertType.PRICE_SENSITIVITY, ev.user, ev.session, ev.product, ev.t,
                  Map.of("priceBefore", Money.format(max), "priceAfter", Money.format(after))));
            }
          }
          if (ev.cents > 20000) {
            pending.put(up, new Pending(ev.t + 10 * MIN, ev.cents, ev.session));
          }
        }
        case "remove_from_cart" -> close(pending, up, ev.t);
        case "purchase" -> {
          close(pending, up, ev.t);
          long d = day(ev.t, zone);
          String key = ev.user + "\u0001" + d;
          long before = spend.getOrDefault(key, 0L);
          long after = before + ev.cents;
          if (d >= clockDay) {
            spend.put(key, after);
          }
          for (long tier : new long[] {20000, 50000, 100000}) {
            if (before < tier && tier <= after) {
              String tierText = Money.formatPlain(tier);
              out.add(new Expected(Alerts.alertId(AlertType.COUPON_ISSUED, ev.user, ev.product, ev.t, tierText),
                  AlertType.COUPON_ISSUED, ev.user, ev.session, ev.product, ev.t,
                  Map.of("tier", tierText, "spend", Money.format(after))));
            }
          }
        }
        default -> throw new IllegalArgumentException(ev.type);
      }
      mine.add(ev);
    }
    return out;
  }

  private static void close(Map<String, Pending> pending, String up, long t) {
    Pending p = pending.get(up);
    if (p != null && t < p.due) {
      pending.remove(up);
    }
  }

  private static long day(long t, ZoneId zone) {
    return Instant.ofEpochMilli(t).atZone(zone).toLocalDate().toEpochDay();
  }

  static Iterator<ClickEvent> iterator(List<ClickEvent> events) {
    return events.iterator();
  }
}
