package io.cartpulse.streams.rules;

import static io.cartpulse.streams.StreamsTestHarness.MINUTE;
import static io.cartpulse.streams.StreamsTestHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.alert.Alerts;
import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.streams.StreamsTestHarness;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** COUPON_ISSUED, ALERTS.md section 3, through the whole topology. */
class CouponIssuedRuleTest {

  private static List<Alert> coupons(StreamsTestHarness h) {
    return h.readAlerts(AlertType.COUPON_ISSUED);
  }

  @Test
  void crossingATierAlertsOnceWithTheSpendAfter() {
    try (StreamsTestHarness h = new StreamsTestHarness()) {
      h.purchase("u1", "p1", T0, "150.00");
      h.send(StreamsTestHarness.event("purchase", "u1", "p2", T0 + MINUTE, "60.40", "x.y", "s9"));

      assertThat(coupons(h)).singleElement().satisfies(a -> {
        assertThat(a.getUserId()).isEqualTo("u1");
        assertThat(a.getProductId()).isEqualTo("p2");
        assertThat(a.getUserSession()).isEqualTo("s9");
        assertThat(a.getEventTime().toEpochMilli()).isEqualTo(T0 + MINUTE);
        assertThat(a.getAttributes()).containsExactlyInAnyOrderEntriesOf(Map.of("tier", "200", "spend", "210.40"));
        assertThat(a.getAlertId()).isEqualTo(Alerts.alertId(AlertType.COUPON_ISSUED, "u1", "p2", T0 + MINUTE, "200"));
      });
    }
  }

  @Test
  void reachingATierExactlyCounts_andATierIsNotCrossedTwice() {
    try (StreamsTestHarness h = new StreamsTestHarness()) {
      h.purchase("u1", "p1", T0, "200.00");
      h.purchase("u1", "p2", T0 + MINUTE, "100.00");
      h.purchase("u1", "p3", T0 + 2 * MINUTE, "199.99");
      h.purchase("u1", "p4", T0 + 3 * MINUTE, "0.01");

      assertThat(coupons(h)).extracting(a -> a.getAttributes().get("tier"), a -> a.getAttributes().get("spend"))
          .containsExactly(Tuple.tuple("200", "200.00"), Tuple.tuple("500", "500.00"));
    }
  }

  @Test
  void onePurchaseCrossingSeveralTiersAlertsOncePerTierWithDistinctIds() {
    try (StreamsTestHarness h = new StreamsTestHarness()) {
      h.purchase("u1", "p1", T0, "1200.00");

      List<Alert> alerts = coupons(h);

      assertThat(alerts).extracting(a -> a.getAttributes().get("tier")).containsExactly("200", "500", "1000");
      assertThat(alerts).allSatisfy(a -> {
        assertThat(a.getAttributes()).containsEntry("spend", "1200.00");
        assertThat(a.getEventTime().toEpochMilli()).isEqualTo(T0);
      });
      assertThat(alerts).extracting(Alert::getAlertId).doesNotHaveDuplicates()
          .contains(Alerts.alertId(AlertType.COUPON_ISSUED, "u1", "p1", T0, "1000"));
    }
  }

  @Test
  void spendIsPerUser() {
    try (StreamsTestHarness h = new StreamsTestHarness()) {
      h.purchase("u1", "p1", T0, "150.00");
      h.purchase("u2", "p1", T0 + MINUTE, "150.00");

      assertThat(coupons(h)).isEmpty();
    }
  }

  @Test
  void spendStartsAgainAtMidnightUtc() {
    long midnight = Instant.parse("2019-10-02T00:00:00Z").toEpochMilli();
    try (StreamsTestHarness h = new StreamsTestHarness()) {
      h.purchase("u1", "p1", midnight - 1, "150.00");
      h.purchase("u1", "p2", midnight, "100.00");
      assertThat(coupons(h)).isEmpty();

      h.purchase("u1", "p3", midnight + MINUTE, "100.00");
      assertThat(coupons(h)).singleElement().satisfies(a -> assertThat(a.getAttributes())
          .containsEntry("tier", "200").containsEntry("spend", "200.00"));
    }
  }

  @Test
  void theDayFollowsTheConfiguredZone() {
    long utcEvening = Instant.parse("2019-10-01T21:59:00Z").toEpochMilli(); // 23:59 in Berlin
    long berlinMidnight = Instant.parse("2019-10-01T22:00:00Z").toEpochMilli();
    Properties berlin = StreamsTestHarness.props("coupon.zone", "Europe/Berlin");
    try (StreamsTestHarness h = new StreamsTestHarness(berlin)) {
      h.purchase("u1", "p1", utcEvening, "150.00");
      h.purchase("u1", "p2", berlinMidnight, "100.00");
      assertThat(coupons(h)).isEmpty();
    }
    try (StreamsTestHarness h = new StreamsTestHarness()) {
      h.purchase("u1", "p1", utcEvening, "150.00");
      h.purchase("u1", "p2", berlinMidnight, "100.00");
      assertThat(coupons(h)).hasSize(1);
    }
  }

  @Test
  void theDaysSpendIsDroppedOnceTheClockLeavesTheDay_evenForALateEventOfThatDay() {
    long midnight = Instant.parse("2019-10-02T00:00:00Z").toEpochMilli();
    try (StreamsTestHarness h = new StreamsTestHarness()) {
      h.purchase("u1", "p1", midnight - 2 * MINUTE, "150.00");
      h.tick(midnight); // another user's event: the clock leaves 2019-10-01
      h.purchase("u1", "p2", midnight - MINUTE, "100.00"); // late, for the day that is gone

      assertThat(coupons(h)).isEmpty();
    }
  }

  @Test
  void tiersAreConfigurable() {
    Properties tiers = StreamsTestHarness.props("coupon.tiers", "75, 50");
    try (StreamsTestHarness h = new StreamsTestHarness(tiers)) {
      h.purchase("u1", "p1", T0, "80.00");

      assertThat(coupons(h)).extracting(a -> a.getAttributes().get("tier")).containsExactly("50", "75");
    }
  }

  @Test
  void onlyPurchasesAddToTheSpend() {
    try (StreamsTestHarness h = new StreamsTestHarness()) {
      h.view("u1", "p1", T0, "1200.00");
      h.cart("u1", "p1", T0 + MINUTE, "1200.00");
      h.send(StreamsTestHarness.event("remove_from_cart", "u1", "p1", T0 + 2 * MINUTE, "1200.00", null, "s1"));
      assertThat(coupons(h)).isEmpty();

      h.purchase("u1", "p2", T0 + 3 * MINUTE, "200.00");

      assertThat(coupons(h)).singleElement().satisfies(a -> assertThat(a.getAttributes())
          .containsEntry("tier", "200").containsEntry("spend", "200.00"));
    }
  }

  @Test
  void aLatePurchaseOfAPastDayNeitherJoinsNorCountsTheNewDaysSpend() {
    long midnight = Instant.parse("2019-10-02T00:00:00Z").toEpochMilli();
    try (StreamsTestHarness h = new StreamsTestHarness()) {
      h.purchase("u1", "p1", midnight + MINUTE, "150.00");
      h.purchase("u1", "p2", midnight - MINUTE, "100.00"); // late, for the day the clock has left
      assertThat(coupons(h)).isEmpty();

      h.purchase("u1", "p3", midnight + 2 * MINUTE, "50.00");

      assertThat(coupons(h)).singleElement().satisfies(a -> assertThat(a.getAttributes())
          .containsEntry("tier", "200").containsEntry("spend", "200.00"));
    }
  }
}
