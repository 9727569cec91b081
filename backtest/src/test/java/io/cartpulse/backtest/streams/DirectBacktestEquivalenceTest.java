package io.cartpulse.backtest.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.alert.BacktestOutput;
import io.cartpulse.avro.Alert;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.local.generator.SyntheticShop;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The streams-app backtest calls the rule processor directly (StreamsBacktest.run) because the
 * TopologyTestDriver around the topology cost about two thirds of its time (docs/BENCHMARKS.md). It
 * must give exactly the alerts of the whole topology in the driver (StreamsBacktest.runTopology).
 */
class DirectBacktestEquivalenceTest {

  @Test
  void theDirectBacktestGivesTheTopologysAlertsOnTheSyntheticShop() {
    List<ClickEvent> events = new ArrayList<>();
    SyntheticShop shop = new SyntheticShop(SyntheticShop.ShopConfig.defaults().withMaxEvents(60_000));
    for (ClickEvent event = shop.next(); event != null; event = shop.next()) {
      events.add(event);
    }

    List<String> direct = lines(StreamsBacktest.run(events.iterator(), new Properties()));
    List<String> topology = lines(StreamsBacktest.runTopology(events.iterator(), new Properties()));

    // Every rule fires in the first 60,000 events of the demo shop, so this compares all five.
    assertThat(direct).hasSizeGreaterThan(1_000).containsExactlyElementsOf(topology);
    assertThat(direct).anySatisfy(line -> assertThat(line).contains("CART_ABANDONMENT"))
        .anySatisfy(line -> assertThat(line).contains("CROSS_SELL"))
        .anySatisfy(line -> assertThat(line).contains("PURCHASE_INTENT"))
        .anySatisfy(line -> assertThat(line).contains("PRICE_SENSITIVITY"))
        .anySatisfy(line -> assertThat(line).contains("COUPON_ISSUED"));
  }

  @Test
  void invalidAndUnnormalizedEventsAreTreatedAsTheTopologyTreatsThem() {
    long t0 = 1_569_888_000_000L;
    List<ClickEvent> events = List.of(
        click(t0, "view", "u1", "p1", "", "s1", "250.00"),
        click(t0 + 1_000, "view", "u1", "p2", "electronics.tv", "s1", "250.00"),
        click(t0 + 2_000, "view", "u1", "p3", "appliances.kitchen", "", "250.00"),
        click(t0 + 3_000, "cart", "u1", "p3", "appliances.kitchen", "s1", "250.00"),
        click(t0 + 4_000, "click", "u1", "p3", "appliances.kitchen", "s1", "250.00"),
        click(t0 + 5_000, "cart", null, "p3", "appliances.kitchen", "s1", "250.00"),
        click(t0 + 700_000, "view", "u1", "p1", "electronics.tv", "s1", "250.00"));

    List<String> direct = lines(StreamsBacktest.run(events.iterator(), new Properties()));
    List<String> topology = lines(StreamsBacktest.runTopology(events.iterator(), new Properties()));

    assertThat(direct).isNotEmpty().containsExactlyElementsOf(topology);
    assertThat(events.get(0).getCategoryCode()).as("the caller's event is not normalized in place").isEmpty();
  }

  private static ClickEvent click(long time, String type, String user, String product, String category,
      String session, String price) {
    return ClickEvent.newBuilder().setEventTime(Instant.ofEpochMilli(time)).setEventType(type).setProductId(product)
        .setCategoryId("1").setCategoryCode(category).setBrand("").setPrice(new BigDecimal(price)).setUserId(user)
        .setUserSession(session).build();
  }

  /** Section-6 lines in output order, without detectedAt (each run stamps its own start time). */
  private static List<String> lines(List<Alert> alerts) {
    List<Alert> sorted = new ArrayList<>(alerts);
    sorted.sort(java.util.Comparator.comparing(BacktestOutput::alertLine));
    return sorted.stream().map(BacktestOutput::alertLine).toList();
  }
}
