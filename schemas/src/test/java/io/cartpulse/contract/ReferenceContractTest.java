package io.cartpulse.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.cartpulse.alert.Alerts;
import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.contract.ReferenceContract.ExpectedAlert;
import io.cartpulse.contract.ReferenceContract.ExpectedPoint;
import io.cartpulse.contract.ReferenceContract.Result;
import io.cartpulse.contract.ReferenceContract.Thresholds;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reference that judges both engines must itself follow ALERTS.md, boundaries included: these
 * cases pin each rule's edges (half-open windows, > vs >=, cooldowns, the clock and its stop at the
 * last event), the thresholds as parameters, and the section-6 form of its output.
 */
class ReferenceContractTest {
  private static final long T0 = 1_569_888_000_000L; // 2019-10-01T00:00:00Z
  private static final long S = 1_000;
  private static final long MIN = 60 * S;
  private static final long DAY = 24 * 60 * MIN;

  private final List<ClickEvent> events = new ArrayList<>();

  private ReferenceContractTest at(long offsetMs, String type, String user, String product, String code,
      String session, String price) {
    events.add(new ClickEvent(Instant.ofEpochMilli(T0 + offsetMs), type, product, "1", code, null,
        new BigDecimal(price), user, session));
    return this;
  }

  /** A click of another user that only moves the clock. */
  private ReferenceContractTest tick(long offsetMs) {
    return at(offsetMs, "remove_from_cart", "clock", "x", null, null, "1.00");
  }

  private void sortByTime() {
    events.sort(Comparator.comparing(ClickEvent::getEventTime));
  }

  private Result run() {
    return ReferenceContract.run(events);
  }

  private List<ExpectedAlert> alertsOf(AlertType type) {
    return run().alerts(type);
  }

  private Map<AlertType, Long> counts() {
    return run().countByType();
  }

  @Test
  void crossSellNeedsTwoDifferentCodesInOneSessionWithinFiveMinutes() {
    at(0, "view", "u1", "p1", "a.x", "s", "1.00").at(4 * MIN + 59 * S, "view", "u1", "p2", "b.y", "s", "1.00");
    at(0, "view", "u2", "p1", "a.x", "s", "1.00").at(5 * MIN, "view", "u2", "p2", "b.y", "s", "1.00");
    at(0, "view", "u3", "p1", "a.x", "s", "1.00").at(S, "view", "u3", "p2", "b.y", "other", "1.00");
    at(0, "view", "u4", "p1", "a.x", "s", "1.00").at(S, "view", "u4", "p2", "a.x", "s", "1.00");
    at(0, "view", "u5", "p1", null, "s", "1.00").at(S, "view", "u5", "p2", "b.y", "s", "1.00");
    at(0, "cart", "u6", "p1", "a.x", "s", "1.00").at(S, "view", "u6", "p2", "b.y", "s", "1.00");
    at(0, "view", "u7", "p1", "a.x", "", "1.00").at(S, "view", "u7", "p2", "b.y", "", "1.00");
    at(0, "view", "u8", "p1", "", "s", "1.00").at(S, "view", "u8", "p2", "b.y", "s", "1.00");
    sortByTime();

    List<ExpectedAlert> alerts = run().alerts();

    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a).extracting(ExpectedAlert::type, ExpectedAlert::userId, ExpectedAlert::productId,
          ExpectedAlert::eventTime, ExpectedAlert::userSession, ExpectedAlert::source)
          .containsExactly(AlertType.CROSS_SELL, "u1", "p2", T0 + 4 * MIN + 59 * S, "s", "streams-app");
      assertThat(a.attributes()).containsExactly(Map.entry("fromCategory", "a.x"), Map.entry("toCategory", "b.y"));
    });
  }

  @Test
  void crossSellCooldownIsFiveMinutesFromThePreviousAlert() {
    at(0, "view", "u", "p1", "a", "s", "1")
        .at(MIN, "view", "u", "p2", "b", "s", "1")        // alert
        .at(2 * MIN, "view", "u", "p3", "c", "s", "1")    // cooldown
        .at(6 * MIN - 1, "view", "u", "p4", "d", "s", "1") // cooldown, 1 ms before its end
        .at(6 * MIN, "view", "u", "p5", "e", "s", "1");   // 5 min after the alert: alert

    assertThat(alertsOf(AlertType.CROSS_SELL)).extracting(ExpectedAlert::productId).containsExactly("p2", "p5");
  }

  @Test
  void cartAbandonmentIsDueTenMinutesAfterTheLastCartAboveTwoHundred() {
    at(0, "cart", "open", "p", null, "s", "200.01");
    at(0, "cart", "cheap", "p", null, "s", "200.00");
    at(0, "cart", "bought", "p", null, "s", "300.00").at(10 * MIN - 1, "purchase", "bought", "p", null, "s", "300.00");
    at(0, "cart", "late", "p", null, "s", "300.00").at(10 * MIN, "purchase", "late", "p", null, "s", "300.00");
    at(0, "cart", "restarted", "p", null, "s1", "300.00").at(5 * MIN, "cart", "restarted", "p", null, "s2", "250.00");
    at(0, "cart", "removed", "p", null, "s", "300.00").at(MIN, "remove_from_cart", "removed", "p", null, "s", "1");
    at(0, "cart", "other", "p", null, "s", "300.00").at(MIN, "purchase", "other", "q", null, "s", "1.00");
    tick(15 * MIN);
    sortByTime();

    List<ExpectedAlert> alerts = alertsOf(AlertType.CART_ABANDONMENT);

    assertThat(alerts).extracting(ExpectedAlert::userId, ExpectedAlert::eventTime, ExpectedAlert::userSession,
        a -> a.attributes().get("price")).containsExactly(
        tuple("late", T0 + 10 * MIN, "s", "300.00"),
        tuple("open", T0 + 10 * MIN, "s", "200.01"),
        tuple("other", T0 + 10 * MIN, "s", "300.00"),
        tuple("restarted", T0 + 15 * MIN, "s2", "250.00"));
  }

  @Test
  void resultsDueAfterTheLastEventAreNotEmitted() {
    at(0, "cart", "u", "p", null, "s", "300.00").tick(10 * MIN - 1);
    assertThat(counts()).isEmpty();
    assertThat(run().tEnd()).isEqualTo(T0 + 10 * MIN - 1);

    events.clear();
    at(0, "cart", "u", "p", null, "s", "300.00").tick(10 * MIN);
    assertThat(counts()).containsExactly(Map.entry(AlertType.CART_ABANDONMENT, 1L));
  }

  @Test
  void aLateCartWhoseDueTimeTheClockHasPassedIsEmittedAtOnce() {
    at(20 * MIN, "view", "v", "p", null, "s", "1.00").at(0, "cart", "u", "p", null, "s", "300.00");

    assertThat(alertsOf(AlertType.CART_ABANDONMENT)).extracting(ExpectedAlert::eventTime).containsExactly(
        T0 + 10 * MIN);
  }

  @Test
  void anEventLaterThanTheDueTimeCannotCancelTheAlert() {
    at(0, "cart", "u", "p", null, "s", "300.00").at(10 * MIN + 1, "purchase", "u", "p", null, "s", "300.00");

    assertThat(alertsOf(AlertType.CART_ABANDONMENT)).hasSize(1);
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
    at(0, "purchase", "long-ago", "p", null, "s", "1.00");
    for (int i = 15; i <= 18; i++) {
      at(i * MIN, "view", "long-ago", "p", null, "s", "1.00");
    }
    sortByTime();

    assertThat(run().alerts()).extracting(ExpectedAlert::userId, ExpectedAlert::eventTime, a -> a.attributes()
        .get("views")).containsExactly(tuple("u", T0 + 9 * MIN, "4"), tuple("long-ago", T0 + 18 * MIN, "4"));
  }

  @Test
  void purchaseIntentCooldownIsPerProduct() {
    for (int i = 0; i < 8; i++) {
      at(i * MIN, "view", "u", "p", null, "s", "1.00");
      at(i * MIN, "view", "u", "q", null, "s", "1.00");
    }
    at(18 * MIN - 1, "view", "u", "p", null, "s", "1.00").at(18 * MIN, "view", "u", "q", null, "s", "1.00");

    assertThat(alertsOf(AlertType.PURCHASE_INTENT)).extracting(ExpectedAlert::productId, ExpectedAlert::eventTime)
        .containsExactly(tuple("p", T0 + 3 * MIN), tuple("q", T0 + 3 * MIN), tuple("q", T0 + 18 * MIN));
  }

  @Test
  void priceSensitivityNeedsALaterCheaperViewWithinTenMinutesOfTheCart() {
    at(0, "view", "drop", "p", null, "s", "100.00").at(MIN, "view", "drop", "p", null, "s", "99.99")
        .at(10 * MIN - 1, "cart", "drop", "p", null, "s", "99.99");
    at(0, "view", "rise", "p", null, "s", "99.99").at(MIN, "view", "rise", "p", null, "s", "100.00")
        .at(2 * MIN, "cart", "rise", "p", null, "s", "100.00");
    at(0, "view", "stale", "p", null, "s", "100.00").at(MIN, "view", "stale", "p", null, "s", "90.00")
        .at(10 * MIN, "cart", "stale", "p", null, "s", "90.00");
    at(0, "view", "other", "p", null, "s", "100.00").at(MIN, "view", "other", "q", null, "s", "90.00")
        .at(2 * MIN, "cart", "other", "q", null, "s", "90.00");
    sortByTime();

    List<ExpectedAlert> alerts = run().alerts();

    assertThat(alerts).extracting(ExpectedAlert::userId).containsExactly("drop");
    assertThat(alerts.get(0).attributes()).containsEntry("priceBefore", "100.00").containsEntry("priceAfter", "99.99");
  }

  @Test
  void priceSensitivityWitnessIsTheFirstPairInArrivalOrder() {
    at(0, "view", "u", "p", null, "s", "50.00").at(S, "view", "u", "p", null, "s", "80.00")
        .at(2 * S, "view", "u", "p", null, "s", "40.00").at(3 * S, "view", "u", "p", null, "s", "70.00")
        .at(4 * S, "cart", "u", "p", null, "s", "70.00");

    assertThat(alertsOf(AlertType.PRICE_SENSITIVITY)).singleElement().satisfies(a -> assertThat(a.attributes())
        .containsEntry("priceBefore", "50.00").containsEntry("priceAfter", "40.00"));
  }

  @Test
  void couponTiersAreCrossedOncePerDay() {
    at(0, "purchase", "u", "p1", null, "s", "150.00")
        .at(MIN, "purchase", "u", "p2", null, "s", "50.00")      // 200.00: tier 200
        .at(2 * MIN, "purchase", "u", "p3", null, "s", "900.00") // 1100.00: tiers 500 and 1000
        .at(3 * MIN, "purchase", "u", "p4", null, "s", "10.00")
        .at(DAY, "purchase", "u", "p5", null, "s", "199.99");    // next day: nothing

    List<ExpectedAlert> alerts = run().alerts();

    assertThat(alerts).extracting(ExpectedAlert::productId, a -> a.attributes().get("tier"))
        .containsExactlyInAnyOrder(tuple("p2", "200"), tuple("p3", "500"), tuple("p3", "1000"));
    assertThat(alerts).extracting(ExpectedAlert::alertId).doesNotHaveDuplicates()
        .contains(Alerts.alertId(AlertType.COUPON_ISSUED, "u", "p3", T0 + 2 * MIN, "500"));
    assertThat(alerts).filteredOn(a -> a.productId().equals("p3"))
        .allSatisfy(a -> assertThat(a.attributes()).containsEntry("spend", "1100.00"));
  }

  @Test
  void aLatePurchaseOfADayTheClockHasLeftStartsFromZeroAndIsNotRemembered() {
    at(DAY - MIN, "purchase", "u", "p1", null, "s", "150.00")
        .at(DAY, "view", "v", "p", null, "s", "1.00")
        .at(DAY - 2 * MIN, "purchase", "u", "p2", null, "s", "100.00")   // day 0 again: 100.00, no tier
        .at(DAY + MIN, "purchase", "u", "p3", null, "s", "199.99")      // day 1: 199.99, no tier
        .at(DAY + 2 * MIN, "purchase", "u", "p4", null, "s", "0.01");   // day 1: 200.00

    assertThat(alertsOf(AlertType.COUPON_ISSUED)).extracting(ExpectedAlert::productId).containsExactly("p4");
  }

  @Test
  void theCouponDayFollowsTheConfiguredZone() {
    at(22 * 60 * MIN + 30 * MIN, "purchase", "u", "p1", null, "s", "150.00")  // 00:30 Oct 2 in Berlin
        .at(23 * 60 * MIN, "purchase", "u", "p2", null, "s", "60.00");

    Thresholds berlin = Thresholds.CONTRACT.withCoupon(ZoneId.of("Europe/Berlin"), 200, 500, 1000);

    assertThat(ReferenceContract.run(events).alerts()).extracting(ExpectedAlert::productId).containsExactly("p2");
    assertThat(ReferenceContract.run(events, berlin.withCoupon(ZoneId.of("Europe/Berlin"), 100)).alerts())
        .extracting(ExpectedAlert::productId).containsExactly("p1");
    events.add(0, new ClickEvent(Instant.ofEpochMilli(T0 + 21 * 60 * MIN), "purchase", "p0", "1", null, null,
        new BigDecimal("60.00"), "u", "s"));  // 23:00 Oct 1 in Berlin: another day than p1 there
    assertThat(ReferenceContract.run(events, berlin).alerts()).extracting(ExpectedAlert::productId)
        .containsExactly("p2");
    assertThat(ReferenceContract.run(events).alerts()).extracting(ExpectedAlert::productId).containsExactly("p1");
  }

  @Test
  void churnNeedsTenViewsAndNoPurchaseInASevenDayWindow() {
    for (int i = 0; i < 10; i++) {
      at(i * 12 * 60 * MIN, "view", "churner", "p" + i, null, "s", "1.00");
    }
    for (int i = 0; i < 9; i++) {
      at(i * 12 * 60 * MIN, "view", "nine", "p" + i, null, "s", "1.00");
    }
    for (int i = 0; i < 10; i++) {
      at(i * 12 * 60 * MIN, "view", "buyer", "p" + i, null, "s", "1.00");
    }
    at(7 * DAY - 1, "purchase", "buyer", "p", null, "s", "1.00");
    tick(7 * DAY);
    sortByTime();

    List<ExpectedAlert> alerts = run().alerts();

    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a).extracting(ExpectedAlert::type, ExpectedAlert::userId, ExpectedAlert::productId,
          ExpectedAlert::userSession, ExpectedAlert::eventTime, ExpectedAlert::source)
          .containsExactly(AlertType.CHURN_RISK, "churner", null, null, T0 + 7 * DAY, "flink-jobs");
      assertThat(a.attributes()).containsEntry("views", "10").containsEntry("windowStart", Long.toString(T0));
      assertThat(a.alertId()).isEqualTo(Alerts.alertId(AlertType.CHURN_RISK, "churner", null, T0 + 7 * DAY, null));
    });
  }

  @Test
  void aViewExactlyAtTheWindowEndClosesItAndOpensTheNextOne() {
    for (int i = 0; i < 10; i++) {
      at(i * MIN, "view", "u", "p", null, "s", "1.00");
    }
    at(7 * DAY, "view", "u", "p", null, "s", "1.00");
    for (int i = 1; i <= 8; i++) {
      at(7 * DAY + i * MIN, "view", "u", "p", null, "s", "1.00");
    }
    at(14 * DAY - 1, "view", "u", "p", null, "s", "1.00"); // the last millisecond of the second window

    assertThat(alertsOf(AlertType.CHURN_RISK)).extracting(ExpectedAlert::eventTime, a -> a.attributes().get("views"))
        .containsExactly(tuple(T0 + 7 * DAY, "10"));

    tick(14 * DAY);
    assertThat(alertsOf(AlertType.CHURN_RISK)).extracting(ExpectedAlert::eventTime, a -> a.attributes().get("views"),
        a -> a.attributes().get("windowStart")).containsExactly(tuple(T0 + 7 * DAY, "10", Long.toString(T0)),
        tuple(T0 + 14 * DAY, "10", Long.toString(T0 + 7 * DAY)));
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

    List<ExpectedAlert> alerts = alertsOf(AlertType.TRAFFIC_SURGE);

    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a).extracting(ExpectedAlert::userId, ExpectedAlert::productId, ExpectedAlert::eventTime)
          .containsExactly(null, null, T0 + 31 * MIN);
      assertThat(a.attributes()).containsEntry("views", "60").containsEntry("baseline", "20.00");
    });
  }

  @Test
  void theSurgeFactorIsComparedExactlyAndEveryThresholdIsAParameter() {
    // 30 quiet minutes with 600 views in all, then 60 views: 60 x 30 = 1800 = 3.0 x 600.
    for (int minute = 0; minute < 30; minute++) {
      for (int i = 0; i < 20; i++) {
        at(minute * MIN + i * S, "view", "u" + i, "p", null, "s", "1.00");
      }
    }
    for (int i = 0; i < 60; i++) {
      at(30 * MIN + i * 500, "view", "v" + i, "p", null, "s", "1.00");
    }
    tick(31 * MIN);

    assertThat(alertsOf(AlertType.TRAFFIC_SURGE)).hasSize(1);
    assertThat(ReferenceContract.run(events, Thresholds.CONTRACT.withSurge(50, "3.01", 30, 30))
        .alerts(AlertType.TRAFFIC_SURGE)).isEmpty();
    assertThat(ReferenceContract.run(events, Thresholds.CONTRACT.withSurge(50, "2.5", 30, 7))
        .alerts(AlertType.TRAFFIC_SURGE))
        .singleElement().satisfies(a -> assertThat(a.attributes()).containsEntry("baseline", "20.00"));
    assertThat(ReferenceContract.run(events, Thresholds.CONTRACT.withSurge(61, "3.0", 30, 30))
        .alerts(AlertType.TRAFFIC_SURGE)).isEmpty();
  }

  @Test
  void noSurgeBeforeThirtyMinutesOfHistory() {
    at(MIN + 1, "view", "first", "p", null, "s", "1.00");
    for (int i = 0; i < 100; i++) {
      at(31 * MIN + i * 100, "view", "v" + i, "p", null, "s", "1.00");
    }
    tick(40 * MIN);

    assertThat(alertsOf(AlertType.TRAFFIC_SURGE)).isEmpty();
    events.set(0, new ClickEvent(Instant.ofEpochMilli(T0 + MIN), "view", "p", "1", null, null, BigDecimal.ONE,
        "first", "s"));
    assertThat(alertsOf(AlertType.TRAFFIC_SURGE)).extracting(ExpectedAlert::eventTime).containsExactly(T0 + 32 * MIN);
  }

  @Test
  void pvUvCountsViewsAndDistinctUsersSinceMidnightPerStep() {
    at(0, "view", "a", "p", "electronics.smartphone", "s", "1.00")
        .at(30 * S, "view", "a", "p", null, "s", "1.00")
        .at(MIN, "cart", "b", "p", null, "s", "1.00")
        .at(MIN, "view", "b", "p", "electronics.tablet", "s", "1.00")
        .tick(3 * MIN);

    Result result = run();

    assertThat(result.pvuv("all")).extracting(p -> p.windowEnd() - T0, ExpectedPoint::pv, ExpectedPoint::uv)
        .containsExactly(tuple(MIN, 2L, 1L), tuple(2 * MIN, 3L, 2L), tuple(3 * MIN, 3L, 2L));
    assertThat(result.pvuv("none")).extracting(ExpectedPoint::pv).containsExactly(1L, 1L, 1L);
    assertThat(result.pvuv("electronics")).extracting(ExpectedPoint::pv).containsExactly(1L, 2L, 2L);
    assertThat(result.pvuv()).allMatch(p -> p.day().equals("2019-10-01"));
  }

  @Test
  void aDayHas1440StepsAndTheNextDayStartsAfresh() {
    at(0, "view", "a", "p", null, "s", "1.00").at(DAY + 5 * S, "view", "b", "p", null, "s", "1.00")
        .tick(DAY + 2 * MIN);

    List<ExpectedPoint> all = run().pvuv("all");

    assertThat(all).filteredOn(p -> p.day().equals("2019-10-01")).hasSize(1440)
        .last().extracting(ExpectedPoint::windowEnd).isEqualTo(T0 + DAY);
    assertThat(all).filteredOn(p -> p.day().equals("2019-10-02"))
        .extracting(ExpectedPoint::windowEnd, ExpectedPoint::pv, ExpectedPoint::uv)
        .containsExactly(tuple(T0 + DAY + MIN, 1L, 1L), tuple(T0 + DAY + 2 * MIN, 1L, 1L));
  }

  @Test
  void invalidEventsReachNoRuleAndDoNotMoveTheClock() {
    at(0, "cart", "u", "p", null, "s", "300.00");
    events.add(new ClickEvent(Instant.ofEpochMilli(T0 + 10 * MIN), "jump", "p", "1", null, null, BigDecimal.ONE,
        "v", "s"));
    events.add(new ClickEvent(Instant.ofEpochMilli(T0 + 10 * MIN), "view", "p", "1", null, null,
        new BigDecimal("-1.00"), "v", "s"));

    Result result = run();

    assertThat(result.alerts()).isEmpty();
    assertThat(result.tEnd()).isEqualTo(T0);
    assertThat(ReferenceContract.run(List.of()).tEnd()).isNull();
  }

  @Test
  void thresholdsAreParameters() {
    at(0, "cart", "u", "p", null, "s", "150.01").tick(5 * MIN);
    for (int i = 0; i < 3; i++) {
      at(i * S, "view", "v", "p", null, "s", "1.00");
    }
    sortByTime();

    assertThat(counts()).isEmpty();
    Thresholds changed = Thresholds.CONTRACT.withCartAbandonment("150.00", Duration.ofMinutes(5))
        .withPurchaseIntent(Duration.ofMinutes(15), 3, Duration.ofMinutes(15));
    assertThat(ReferenceContract.run(events, changed).countByType()).containsExactly(
        Map.entry(AlertType.CART_ABANDONMENT, 1L), Map.entry(AlertType.PURCHASE_INTENT, 1L));
  }

  @Test
  void theOutputIsTheBacktestsSectionSixLinesInTheirOrder() {
    at(0, "purchase", "u", "p1", null, "s", "600.00").at(0, "view", "a", "p", "kids.toys", "", "1.00").tick(MIN);

    Result result = run();

    // Both coupons share eventTime, type, user and product: section 6 then orders them by the line.
    assertThat(result.alertLines()).containsExactlyElementsOf(List.of(
        "{\"alertId\":\"" + Alerts.alertId(AlertType.COUPON_ISSUED, "u", "p1", T0, "200") + "\",\"type\":"
            + "\"COUPON_ISSUED\",\"userId\":\"u\",\"userSession\":\"s\",\"productId\":\"p1\",\"eventTime\":" + T0
            + ",\"source\":\"streams-app\",\"attributes\":{\"spend\":\"600.00\",\"tier\":\"200\"}}",
        "{\"alertId\":\"" + Alerts.alertId(AlertType.COUPON_ISSUED, "u", "p1", T0, "500") + "\",\"type\":"
            + "\"COUPON_ISSUED\",\"userId\":\"u\",\"userSession\":\"s\",\"productId\":\"p1\",\"eventTime\":" + T0
            + ",\"source\":\"streams-app\",\"attributes\":{\"spend\":\"600.00\",\"tier\":\"500\"}}")
        .stream().sorted().toList());
    assertThat(result.pvuvLines()).containsExactly(
        "{\"day\":\"2019-10-01\",\"windowEnd\":" + (T0 + MIN) + ",\"dimension\":\"all\",\"pv\":1,\"uv\":1}",
        "{\"day\":\"2019-10-01\",\"windowEnd\":" + (T0 + MIN) + ",\"dimension\":\"kids\",\"pv\":1,\"uv\":1}");
  }
}
