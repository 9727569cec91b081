package io.cartpulse.local.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartpulse.avro.ClickEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The oracle that judges the generator must itself follow ALERTS.md, boundaries included: these
 * cases pin each rule's edges (half-open windows, > vs >=, cooldowns, the clock stopping at the
 * last event).
 */
class AlertsOracleTest {
  private static final long T0 = 1_569_888_000_000L; // 2019-10-01T00:00:00Z
  private static final long S = 1_000;
  private static final long MIN = 60 * S;

  private final List<ClickEvent> events = new ArrayList<>();

  private AlertsOracleTest at(long offsetMs, String type, String user, String product, String code, String session,
      String price) {
    events.add(new ClickEvent(Instant.ofEpochMilli(T0 + offsetMs), type, product, "1", code, null,
        new BigDecimal(price), user, session));
    return this;
  }

  /** A click of another user that only moves the clock. */
  private AlertsOracleTest tick(long offsetMs) {
    return at(offsetMs, "remove_from_cart", "clock", "x", null, null, "1.00");
  }

  private List<AlertsOracle.Found> alertsOf(String type) {
    return new AlertsOracle(events).alerts().stream().filter(a -> a.type().equals(type)).toList();
  }

  private Map<String, Long> counts() {
    return new AlertsOracle(events).countByType();
  }

  @Test
  void crossSellNeedsTwoDifferentCodesInOneSessionWithinFiveMinutes() {
    at(0, "view", "u1", "p1", "a.x", "s", "1.00").at(4 * MIN + 59 * S, "view", "u1", "p2", "b.y", "s", "1.00");
    at(0, "view", "u2", "p1", "a.x", "s", "1.00").at(5 * MIN, "view", "u2", "p2", "b.y", "s", "1.00");
    at(0, "view", "u3", "p1", "a.x", "s", "1.00").at(S, "view", "u3", "p2", "b.y", "other", "1.00");
    at(0, "view", "u4", "p1", "a.x", "s", "1.00").at(S, "view", "u4", "p2", "a.x", "s", "1.00");
    at(0, "view", "u5", "p1", null, "s", "1.00").at(S, "view", "u5", "p2", "b.y", "s", "1.00");
    at(0, "cart", "u6", "p1", "a.x", "s", "1.00").at(S, "view", "u6", "p2", "b.y", "s", "1.00");
    events.sort((a, b) -> a.getEventTime().compareTo(b.getEventTime()));

    List<AlertsOracle.Found> alerts = new AlertsOracle(events).alerts();

    assertThat(alerts).hasSize(1);
    assertThat(AlertsOracle.sameAlert(alerts.get(0), "CROSS_SELL", "u1", "p2", T0 + 4 * MIN + 59 * S)).isTrue();
  }

  @Test
  void crossSellCooldownIsFiveMinutesFromThePreviousAlert() {
    at(0, "view", "u", "p1", "a", "s", "1")
        .at(MIN, "view", "u", "p2", "b", "s", "1")        // alert
        .at(2 * MIN, "view", "u", "p3", "c", "s", "1")    // cooldown
        .at(6 * MIN, "view", "u", "p4", "d", "s", "1");   // 5 min after the alert: alert

    assertThat(counts()).containsExactly(Map.entry("CROSS_SELL", 2L));
  }

  @Test
  void cartAbandonmentIsDueTenMinutesAfterTheLastCartAboveTwoHundred() {
    at(0, "cart", "open", "p", null, "s", "200.01");
    at(0, "cart", "cheap", "p", null, "s", "200.00");
    at(0, "cart", "bought", "p", null, "s", "300.00").at(10 * MIN - S, "purchase", "bought", "p", null, "s", "300.00");
    at(0, "cart", "late", "p", null, "s", "300.00").at(10 * MIN, "purchase", "late", "p", null, "s", "300.00");
    at(0, "cart", "restarted", "p", null, "s", "300.00").at(5 * MIN, "cart", "restarted", "p", null, "s", "250.00");
    tick(14 * MIN);
    events.sort((a, b) -> a.getEventTime().compareTo(b.getEventTime()));

    List<AlertsOracle.Found> alerts = alertsOf("CART_ABANDONMENT");

    assertThat(alerts).extracting(AlertsOracle.Found::userId).containsExactlyInAnyOrder("open", "late");
    assertThat(alerts).allMatch(a -> a.eventTime() == T0 + 10 * MIN);
  }

  @Test
  void resultsDueAfterTheLastEventAreNotEmitted() {
    at(0, "cart", "u", "p", null, "s", "300.00").tick(10 * MIN - 1);
    assertThat(counts()).isEmpty();

    events.clear();
    at(0, "cart", "u", "p", null, "s", "300.00").tick(10 * MIN);
    assertThat(counts()).containsExactly(Map.entry("CART_ABANDONMENT", 1L));
  }

  @Test
  void purchaseIntentAtTheFourthViewWithinFifteenMinutesUnlessBought() {
    for (int i = 0; i < 5; i++) {
      at(i * 3 * MIN, "view", "u", "p", null, "s", "1.00");
    }
    at(0, "view", "slow", "p", null, "s", "1.00").at(5 * MIN, "view", "slow", "p", null, "s", "1.00")
        .at(10 * MIN, "view", "slow", "p", null, "s", "1.00").at(15 * MIN, "view", "slow", "p", null, "s", "1.00");
    at(0, "purchase", "buyer", "p", null, "s", "1.00");
    for (int i = 1; i <= 4; i++) {
      at(i * MIN, "view", "buyer", "p", null, "s", "1.00");
    }
    events.sort((a, b) -> a.getEventTime().compareTo(b.getEventTime()));

    List<AlertsOracle.Found> alerts = new AlertsOracle(events).alerts();

    assertThat(alerts).hasSize(1);
    assertThat(AlertsOracle.sameAlert(alerts.get(0), "PURCHASE_INTENT", "u", "p", T0 + 9 * MIN)).isTrue();
    assertThat(alerts.get(0).attributes()).containsEntry("views", "4");
  }

  @Test
  void priceSensitivityNeedsALaterCheaperViewWithinTenMinutesOfTheCart() {
    at(0, "view", "drop", "p", null, "s", "100.00").at(MIN, "view", "drop", "p", null, "s", "99.99")
        .at(9 * MIN + 59 * S, "cart", "drop", "p", null, "s", "99.99");
    at(0, "view", "rise", "p", null, "s", "99.99").at(MIN, "view", "rise", "p", null, "s", "100.00")
        .at(2 * MIN, "cart", "rise", "p", null, "s", "100.00");
    at(0, "view", "stale", "p", null, "s", "100.00").at(MIN, "view", "stale", "p", null, "s", "90.00")
        .at(10 * MIN, "cart", "stale", "p", null, "s", "90.00");
    events.sort((a, b) -> a.getEventTime().compareTo(b.getEventTime()));

    List<AlertsOracle.Found> alerts = new AlertsOracle(events).alerts();

    assertThat(alerts).extracting(AlertsOracle.Found::userId).containsExactly("drop");
    assertThat(alerts.get(0).attributes()).containsEntry("priceBefore", "100.00").containsEntry("priceAfter", "99.99");
  }

  @Test
  void couponTiersAreCrossedOncePerDay() {
    at(0, "purchase", "u", "p1", null, "s", "150.00")
        .at(MIN, "purchase", "u", "p2", null, "s", "50.00")      // 200.00: tier 200
        .at(2 * MIN, "purchase", "u", "p3", null, "s", "900.00") // 1100.00: tiers 500 and 1000
        .at(3 * MIN, "purchase", "u", "p4", null, "s", "10.00")
        .at(24 * 60 * MIN, "purchase", "u", "p5", null, "s", "199.99"); // next day: nothing

    List<AlertsOracle.Found> alerts = new AlertsOracle(events).alerts();

    assertThat(alerts).extracting(a -> a.attributes().get("tier")).containsExactly("200", "500", "1000");
    assertThat(alerts.get(2).attributes()).containsEntry("spend", "1100.00");
  }

  @Test
  void churnNeedsTenViewsAndNoPurchaseInASevenDayWindow() {
    long day = 24 * 60 * MIN;
    for (int i = 0; i < 10; i++) {
      at(i * 12 * 60 * MIN, "view", "churner", "p" + i, null, "s", "1.00");
    }
    for (int i = 0; i < 9; i++) {
      at(i * 12 * 60 * MIN, "view", "nine", "p" + i, null, "s", "1.00");
    }
    for (int i = 0; i < 10; i++) {
      at(i * 12 * 60 * MIN, "view", "buyer", "p" + i, null, "s", "1.00");
    }
    at(6 * day, "purchase", "buyer", "p", null, "s", "1.00");
    tick(7 * day);
    events.sort((a, b) -> a.getEventTime().compareTo(b.getEventTime()));

    List<AlertsOracle.Found> alerts = new AlertsOracle(events).alerts();

    assertThat(alerts).hasSize(1);
    assertThat(AlertsOracle.sameAlert(alerts.get(0), "CHURN_RISK", "churner", null, T0 + 7 * day)).isTrue();
    assertThat(alerts.get(0).attributes()).containsEntry("views", "10").containsEntry("windowStart", Long.toString(T0));
  }

  @Test
  void trafficSurgeNeedsThirtyMinutesOfHistoryFiftyViewsAndThreeTimesTheBaseline() {
    for (int minute = 0; minute < 30; minute++) {
      for (int i = 0; i < 20; i++) {
        at(minute * MIN + i * S, "view", "u" + i, "p", null, "s", "1.00");
      }
    }
    for (int i = 0; i < 60; i++) {   // minute 30: 60 >= 3 x 20
      at(30 * MIN + i * 500, "view", "v" + i, "p", null, "s", "1.00");
    }
    for (int i = 0; i < 70; i++) {   // minute 31 surges too, but follows a surging minute
      at(31 * MIN + i * 500, "view", "w" + i, "p", null, "s", "1.00");
    }
    tick(33 * MIN);

    List<AlertsOracle.Found> alerts = alertsOf("TRAFFIC_SURGE");

    assertThat(alerts).hasSize(1);
    assertThat(AlertsOracle.sameAlert(alerts.get(0), "TRAFFIC_SURGE", null, null, T0 + 31 * MIN)).isTrue();
    assertThat(alerts.get(0).attributes()).containsEntry("views", "60").containsEntry("baseline", "20.00");
  }

  @Test
  void noSurgeBeforeThirtyMinutesOfHistory() {
    at(MIN, "view", "first", "p", null, "s", "1.00");
    for (int i = 0; i < 100; i++) {
      at(30 * MIN + i * 100, "view", "v" + i, "p", null, "s", "1.00");
    }
    tick(40 * MIN);

    assertThat(alertsOf("TRAFFIC_SURGE")).isEmpty();
  }

  @Test
  void pvUvCountsViewsAndDistinctUsersSinceMidnightPerStep() {
    at(0, "view", "a", "p", "electronics.smartphone", "s", "1.00")
        .at(30 * S, "view", "a", "p", null, "s", "1.00")
        .at(MIN, "cart", "b", "p", null, "s", "1.00")
        .at(MIN + S, "view", "b", "p", "electronics.tablet", "s", "1.00")
        .tick(3 * MIN);

    AlertsOracle oracle = new AlertsOracle(events);

    assertThat(oracle.pvUv("all")).extracting(p -> p.windowEnd() - T0, AlertsOracle.Point::pv,
        AlertsOracle.Point::uv).containsExactly(
        org.assertj.core.groups.Tuple.tuple(MIN, 2L, 1L),
        org.assertj.core.groups.Tuple.tuple(2 * MIN, 3L, 2L),
        org.assertj.core.groups.Tuple.tuple(3 * MIN, 3L, 2L));
    assertThat(oracle.pvUv("none")).hasSize(3);
    assertThat(oracle.pvUv("electronics")).extracting(AlertsOracle.Point::pv).containsExactly(1L, 2L, 2L);
  }

  @Test
  void refusesUnsortedInput() {
    at(MIN, "view", "u", "p", null, "s", "1.00").at(0, "view", "u", "p", null, "s", "1.00");

    assertThatThrownBy(() -> new AlertsOracle(events)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("time-sorted");
  }
}
