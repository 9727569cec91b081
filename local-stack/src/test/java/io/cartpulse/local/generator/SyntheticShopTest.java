package io.cartpulse.local.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.click.ClickValidator;
import io.cartpulse.click.Money;
import io.cartpulse.contract.ReferenceContract;
import io.cartpulse.contract.ReferenceContract.ExpectedAlert;
import io.cartpulse.contract.ReferenceContract.Thresholds;
import io.cartpulse.local.generator.SyntheticShop.ShopConfig;
import io.cartpulse.settings.SettingsVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SyntheticShopTest {
  private static final long DAY = 24 * 3_600_000L;

  /** The events a run at the default rate produces in its first 60 wall seconds. */
  private static List<ClickEvent> firstMinute;
  /** What the contract makes of them. */
  private static ReferenceContract.Result reference;

  @BeforeAll
  static void generateFirstMinute() {
    ShopConfig config = ShopConfig.defaults();
    firstMinute = take(new SyntheticShop(config), config.eventsIn(60));
    reference = ReferenceContract.run(firstMinute);
  }

  private static List<ClickEvent> take(SyntheticShop shop, long n) {
    List<ClickEvent> events = new ArrayList<>((int) n);
    for (long i = 0; i < n; i++) {
      events.add(shop.next());
    }
    return events;
  }

  @Test
  void theFirstSixtySecondsAtTheDefaultRateTriggerEveryAlertType() {
    Map<AlertType, Long> counts = reference.countByType();

    assertThat(counts).containsOnlyKeys(AlertType.CROSS_SELL, AlertType.CART_ABANDONMENT, AlertType.PURCHASE_INTENT,
        AlertType.PRICE_SENSITIVITY, AlertType.COUPON_ISSUED, AlertType.CHURN_RISK, AlertType.TRAFFIC_SURGE);
    assertThat(counts.values()).allMatch(count -> count >= 1);
  }

  @Test
  void theFirstSixtySecondsHavePvUvPointsForEveryTopLevelCategoryAndMissingOnes() {
    assertThat(reference.pvuv("all")).hasSizeGreaterThan(7 * 1440);
    for (String dimension : List.of("electronics", "appliances", "computers", "apparel", "furniture", "none")) {
      assertThat(reference.pvuv(dimension)).as(dimension).isNotEmpty();
    }
  }

  @Test
  void theDefaultEventClockCoversMoreThanSevenDaysInTheFirstMinute() {
    long start = ShopConfig.DEFAULT_START_EPOCH_MS;
    long span = firstMinute.get(firstMinute.size() - 1).getEventTime().toEpochMilli() - start;

    // 2000 events/s x 60 s at 4 event hours per wall second: ~10 event days.
    assertThat(span).isBetween(8 * DAY, 12 * DAY);
    long at42Seconds = firstMinute.get(42 * 2000).getEventTime().toEpochMilli() - start;
    assertThat(at42Seconds).isBetween(6 * DAY, 8 * DAY);
  }

  @Test
  void personasStartEarly() {
    Map<AlertType, Long> counts = ReferenceContract.run(firstMinute.subList(0, 2_000)).countByType();

    // The first wall second (2000 events, ~4 event hours) already holds every short-window alert.
    assertThat(counts).containsKeys(AlertType.CROSS_SELL, AlertType.CART_ABANDONMENT, AlertType.PURCHASE_INTENT,
        AlertType.PRICE_SENSITIVITY, AlertType.COUPON_ISSUED, AlertType.TRAFFIC_SURGE);
  }

  @Test
  void theSameSeedGivesTheSameEventsAndAnotherSeedOtherEvents() {
    ShopConfig config = ShopConfig.defaults();
    List<ClickEvent> again = take(new SyntheticShop(config), 30_000);
    List<ClickEvent> other = take(new SyntheticShop(config.withSeed(7)), 30_000);

    assertThat(again).isEqualTo(firstMinute.subList(0, 30_000));
    assertThat(other).isNotEqualTo(again);
  }

  @Test
  void eventTimesNeverDecreaseAndAreWholeSeconds() {
    long previous = Long.MIN_VALUE;
    for (ClickEvent event : firstMinute) {
      long t = event.getEventTime().toEpochMilli();
      assertThat(t).isGreaterThanOrEqualTo(previous);
      assertThat(t % 1000).isZero();
      previous = t;
    }
    assertThat(firstMinute.get(0).getEventTime().toEpochMilli())
        .isBetween(ShopConfig.DEFAULT_START_EPOCH_MS, ShopConfig.DEFAULT_START_EPOCH_MS + 60_000);
  }

  @Test
  void everyEventIsValid() {
    for (ClickEvent event : firstMinute) {
      assertThat(ClickValidator.invalidReason(event)).as("%s", event).isNull();
      assertThat(event.getPrice().scale()).isEqualTo(2);
      assertThat(event.getPrice().signum()).isPositive();
    }
  }

  @Test
  void looksLikeAShop() {
    Map<String, Integer> types = new HashMap<>();
    int missingCode = 0;
    int missingBrand = 0;
    int above200 = 0;
    Set<String> codes = new HashSet<>();
    Set<String> users = new HashSet<>();
    Set<String> sessions = new HashSet<>();
    for (ClickEvent event : firstMinute) {
      types.merge(event.getEventType(), 1, Integer::sum);
      if (event.getCategoryCode() == null) {
        missingCode++;
      } else {
        codes.add(event.getCategoryCode());
      }
      missingBrand += event.getBrand() == null ? 1 : 0;
      above200 += Money.toCents(event.getPrice()) > 200_00 ? 1 : 0;
      users.add(event.getUserId());
      sessions.add(event.getUserSession());
    }
    int n = firstMinute.size();

    assertThat(types.get("view") / (double) n).isBetween(0.85, 0.95);
    assertThat(types).containsKeys("cart", "remove_from_cart", "purchase");
    assertThat(types.get("purchase")).isGreaterThan(types.get("remove_from_cart"));
    assertThat(missingCode / (double) n).isBetween(0.02, 0.5);
    assertThat(missingBrand / (double) n).isBetween(0.02, 0.5);
    assertThat(above200 / (double) n).isBetween(0.1, 0.9);
    assertThat(codes).contains("electronics.smartphone", "appliances.kitchen.washer", "apparel.shoes",
        "computers.notebook", "furniture.living_room.sofa");
    assertThat(users.size()).isGreaterThan(1_000);
    assertThat(sessions.size()).isBetween(n / 20, n / 3);
  }

  @Test
  void stopsAtMaxEventsAndTheClockIsTheLastEventTime() {
    SyntheticShop shop = new SyntheticShop(ShopConfig.defaults().withMaxEvents(1_000));
    assertThat(shop.eventClock()).isEqualTo(ShopConfig.DEFAULT_START_EPOCH_MS);

    List<ClickEvent> events = take(shop, 1_000);

    assertThat(shop.next()).isNull();
    assertThat(shop.emitted()).isEqualTo(1_000);
    assertThat(shop.eventClock()).isEqualTo(events.get(999).getEventTime().toEpochMilli());
  }

  @Test
  void realTimeRunsAtAboutOneEventSecondPerWallSecond() {
    ShopConfig config = ShopConfig.realTime();
    SyntheticShop shop = new SyntheticShop(config);
    List<ClickEvent> events = take(shop, config.eventsIn(600));

    long span = events.get(events.size() - 1).getEventTime().toEpochMilli() - config.startEpochMs();
    // 600 wall seconds of events at 200/s span about 600 event seconds.
    assertThat(span).isBetween(500_000L, 700_000L);
    Map<AlertType, Long> counts = ReferenceContract.run(events).countByType();
    assertThat(counts).containsKeys(AlertType.CROSS_SELL, AlertType.CART_ABANDONMENT, AlertType.PURCHASE_INTENT,
        AlertType.PRICE_SENSITIVITY, AlertType.COUPON_ISSUED);
  }

  @Test
  void personasAndBurstsCanBeSwitchedOff() {
    ShopConfig quiet = ShopConfig.defaults().withPersonaIntervalMs(0).withSurgeIntervalMs(0);
    List<ClickEvent> events = take(new SyntheticShop(quiet), 50_000);

    assertThat(events).allMatch(e -> Long.parseLong(e.getUserId()) < SyntheticShop.PERSONA_USER_BASE);
    assertThat(ReferenceContract.run(events).countByType()).doesNotContainKey(AlertType.TRAFFIC_SURGE);
  }

  @Test
  void bargainCartsAbandonOnlyUnderTheLoweredThresholdOfTheDemoSettings() {
    ShopConfig config = ShopConfig.defaults();
    List<SettingsVersion> demo = SyntheticShop.demoSettings(config);
    assertThat(demo).singleElement().satisfies(version -> {
      assertThat(version.version()).isEqualTo(1L);
      assertThat(version.effectiveFrom()).isEqualTo(config.startEpochMs() + DAY);
      assertThat(version.settings()).containsExactly(Map.entry("cart-abandonment.min-price", "120.00"));
    });

    List<ExpectedAlert> lowered = ReferenceContract.run(firstMinute,
            Thresholds.CONTRACT.withCartAbandonment("120.00", Thresholds.CONTRACT.cartAbandonmentDelay()))
        .alerts(AlertType.CART_ABANDONMENT);
    List<ExpectedAlert> bargains = lowered.stream()
        .filter(alert -> Long.parseLong(alert.userId()) >= SyntheticShop.BARGAIN_USER_BASE).toList();

    assertThat(reference.alerts(AlertType.CART_ABANDONMENT))
        .noneMatch(alert -> Long.parseLong(alert.userId()) >= SyntheticShop.BARGAIN_USER_BASE);
    assertThat(bargains).hasSizeGreaterThan(100);
    // Background shoppers' carts between the two thresholds abandon too; nothing above 200.00 changes.
    assertThat(lowered).containsAll(reference.alerts(AlertType.CART_ABANDONMENT));
  }

  @Test
  void aSmallCatalogStillServesEveryPersona() {
    ShopConfig tiny = ShopConfig.defaults().withCategories(2).withProducts(3).withUsers(5);
    List<ClickEvent> events = take(new SyntheticShop(tiny), 20_000);

    assertThat(events).allMatch(e -> ClickValidator.invalidReason(e) == null);
    assertThat(ReferenceContract.run(events).countByType()).containsKeys(AlertType.CROSS_SELL,
        AlertType.CART_ABANDONMENT, AlertType.PURCHASE_INTENT, AlertType.PRICE_SENSITIVITY, AlertType.COUPON_ISSUED);
  }

  @Test
  void badConfigIsRefusedNamingTheField() {
    assertThatThrownBy(() -> ShopConfig.defaults().withUsers(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("users");
    assertThatThrownBy(() -> ShopConfig.defaults().withTimeSpeed(0)).hasMessageContaining("timeSpeed");
    assertThatThrownBy(() -> ShopConfig.defaults().withProducts(10).withCategories(20))
        .hasMessageContaining("products");
    assertThatThrownBy(() -> ShopConfig.defaults().withSurgeIntervalMs(30 * 60_000L))
        .hasMessageContaining("surgeIntervalMs");
    assertThatThrownBy(() -> ShopConfig.defaults().withEventsPerSecond(0)).hasMessageContaining("eventsPerSecond");
  }
}
