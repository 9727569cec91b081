package io.cartpulse.dashboard.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.dashboard.Dashboard;
import io.cartpulse.dashboard.health.PipelineHealth;
import io.cartpulse.dashboard.view.AlertLog;
import io.cartpulse.dashboard.view.OfferedProduct;
import io.cartpulse.dashboard.view.PvUvCurves;
import io.cartpulse.dashboard.view.RuleSettingsView;
import java.util.List;
import java.util.Map;

/**
 * What one open page has been sent, and the next update for it: only the parts that changed
 * since (curves of today for {@code all} and the page's category, new alerts of the page's type
 * filter, offers that arrived for alerts it shows, the per-minute counts, the settings, the
 * health). The first update carries everything ({@code reset}).
 */
final class ClientView {
  /** Alerts sent at most per update (the first update: the newest of them). */
  static final int FEED_SIZE = 50;

  private final Dashboard dashboard;
  private final ObjectMapper json;
  private final String requestedDimension;
  private final AlertType type;
  private boolean first = true;
  private String day;
  private String dimension;
  private long allVersion = -1;
  private long dimensionVersion = -1;
  private List<String> categories = List.of();
  private long alertSeq;
  private long offerSeq;
  private long alertTotal = -1;
  private long minute = -1;
  private long settingsChanges = -1;
  private long settingsClock = Long.MIN_VALUE;
  private long healthSampledAt = -1;

  /** {@code dimension}: the category the page asked for (null: busiest); {@code type}: its feed filter (null: all). */
  ClientView(Dashboard dashboard, ObjectMapper json, String dimension, AlertType type) {
    this.dashboard = dashboard;
    this.json = json;
    this.requestedDimension = dimension;
    this.type = type;
  }

  /** The next update, or null when nothing changed. */
  ObjectNode next(long nowMillis) {
    ObjectNode update = json.createObjectNode();
    if (first) {
      update.put("reset", true);
      update.put("type", type == null ? "ALL" : type.name());
      first = false;
    }
    long clock = dashboard.clock();
    curves(update);
    alerts(update, nowMillis);
    settings(update, clock);
    health(update);
    if (update.isEmpty()) {
      return null;
    }
    if (clock >= 0) {
      update.put("clock", clock);
    }
    return update;
  }

  private void curves(ObjectNode update) {
    PvUvCurves curves = dashboard.curves();
    String today = curves.latestDay();
    List<String> names = curves.categories(today);
    String chosen = requestedDimension != null ? requestedDimension : names.isEmpty() ? null : names.get(0);
    boolean dayChanged = today != null && !today.equals(day);
    long all = curves.version(today, PvUvCurves.ALL);
    long selected = chosen == null ? 0 : curves.version(today, chosen);
    if (!dayChanged && all == allVersion && selected == dimensionVersion && names.equals(categories)
        && java.util.Objects.equals(chosen, dimension)) {
      return;
    }
    ObjectNode node = update.putObject("curves");
    node.put("day", today);
    ArrayNode list = node.putArray("categories");
    names.forEach(list::add);
    if (dayChanged || all != allVersion) {
      node.set("all", curve(curves.curve(today, PvUvCurves.ALL)));
    }
    if (chosen != null && (dayChanged || selected != dimensionVersion || !chosen.equals(dimension))) {
      node.set("selected", curve(curves.curve(today, chosen)));
    }
    day = today;
    dimension = chosen;
    allVersion = all;
    dimensionVersion = selected;
    categories = names;
  }

  private ObjectNode curve(PvUvCurves.Curve curve) {
    ObjectNode node = json.createObjectNode();
    node.put("day", curve.day());
    node.put("dimension", curve.dimension());
    ArrayNode t = node.putArray("t");
    ArrayNode pv = node.putArray("pv");
    ArrayNode uv = node.putArray("uv");
    for (int i = 0; i < curve.size(); i++) {
      t.add(curve.windowEnds()[i]);
      pv.add(curve.pv()[i]);
      uv.add(curve.uv()[i]);
    }
    return node;
  }

  private void alerts(ObjectNode update, long nowMillis) {
    AlertLog log = dashboard.alerts();
    long lastSeq = log.lastSeq();
    if (lastSeq > alertSeq) {
      ArrayNode list = update.putArray("alerts");
      for (AlertLog.Entry entry : log.since(alertSeq, type, FEED_SIZE)) {
        list.add(alert(entry));
      }
      if (list.isEmpty()) {
        update.remove("alerts");
      }
    }
    long lastOffer = log.lastOfferSeq();
    if (lastOffer > offerSeq) {
      ArrayNode offers = json.createArrayNode();
      for (AlertLog.Entry entry : log.offeredSince(offerSeq, alertSeq, type)) {
        ObjectNode offer = offers.addObject();
        offer.put("alertId", entry.alert().getAlertId());
        offer.set("products", products(entry.offer()));
      }
      if (!offers.isEmpty()) {
        update.set("offers", offers);
      }
    }
    // Offers of alerts sent in this very update went out with them.
    alertSeq = lastSeq;
    offerSeq = lastOffer;
    long thisMinute = Math.floorDiv(nowMillis, 60_000L);
    long total = log.total();
    if (total != alertTotal || thisMinute != minute) {
      AlertLog.PerMinute perMinute = log.perMinute(nowMillis);
      ObjectNode rate = update.putObject("alertRate");
      ArrayNode minutes = rate.putArray("minutes");
      for (long m : perMinute.minutes()) {
        minutes.add(m);
      }
      ObjectNode counts = rate.putObject("counts");
      for (Map.Entry<AlertType, long[]> entry : perMinute.counts().entrySet()) {
        ArrayNode values = counts.putArray(entry.getKey().name());
        for (long n : entry.getValue()) {
          values.add(n);
        }
      }
      rate.put("total", total);
      alertTotal = total;
      minute = thisMinute;
    }
  }

  private ObjectNode alert(AlertLog.Entry entry) {
    Alert alert = entry.alert();
    ObjectNode node = json.createObjectNode();
    node.put("seq", entry.seq());
    node.put("alertId", alert.getAlertId());
    node.put("type", alert.getType().name());
    node.put("eventTime", alert.getEventTime().toEpochMilli());
    node.put("detectedAt", alert.getDetectedAt().toEpochMilli());
    node.put("source", alert.getSource());
    node.put("userId", alert.getUserId());
    node.put("productId", alert.getProductId());
    node.put("message", alert.getMessage());
    ObjectNode attributes = node.putObject("attributes");
    new java.util.TreeMap<>(alert.getAttributes()).forEach((key, value) -> attributes.put(key, value));
    if (entry.offer() != null) {
      node.set("offer", products(entry.offer()));
    }
    return node;
  }

  private ArrayNode products(List<OfferedProduct> products) {
    ArrayNode list = json.createArrayNode();
    for (OfferedProduct product : products) {
      ObjectNode item = list.addObject();
      item.put("productId", product.productId());
      item.put("score", product.score());
      if (product.available() == null) {
        item.putNull("available");
      } else {
        item.put("available", product.available());
      }
    }
    return list;
  }

  private void settings(ObjectNode update, long clock) {
    RuleSettingsView view = dashboard.settings();
    long changes = view.changes();
    // The settings in force change with the clock only at a version's effectiveFrom; recomputing them is cheap.
    if (changes == settingsChanges && clock == settingsClock) {
      return;
    }
    List<RuleSettingsView.InForce> inForce = view.inForceAt(clock < 0 ? Long.MAX_VALUE : clock);
    ObjectNode node = update.putObject("settings");
    ArrayNode list = node.putArray("inForce");
    for (RuleSettingsView.InForce setting : inForce) {
      ObjectNode item = list.addObject();
      item.put("key", setting.key());
      item.put("value", setting.value());
      if (setting.fromVersion() == null) {
        item.putNull("fromVersion");
      } else {
        item.put("fromVersion", setting.fromVersion());
      }
    }
    ArrayNode versions = node.putArray("versions");
    for (RuleSettingsView.Version version : view.versions()) {
      ObjectNode item = versions.addObject();
      item.put("version", version.version());
      item.put("effectiveFrom", version.effectiveFrom());
      item.put("inForce", version.refused() == null && clock >= 0 && version.effectiveFrom() <= clock);
      ObjectNode settings = item.putObject("settings");
      version.settings().forEach(settings::put);
      if (version.refused() != null) {
        item.put("refused", version.refused());
      }
    }
    node.put("topicFollowed", dashboard.followsRuleSettings());
    settingsChanges = changes;
    settingsClock = clock;
  }

  private void health(ObjectNode update) {
    PipelineHealth.Snapshot health = dashboard.health();
    if (health == null || health.sampledAt() == healthSampledAt) {
      return;
    }
    update.set("health", json.valueToTree(health));
    healthSampledAt = health.sampledAt();
  }
}
