package io.cartpulse.streams.products;

import static io.cartpulse.streams.StreamsTestHarness.MINUTE;
import static io.cartpulse.streams.StreamsTestHarness.T0;
import static io.cartpulse.streams.StreamsTestHarness.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.avro.InventoryLevel;
import io.cartpulse.avro.ProductStats;
import io.cartpulse.contract.DeadLetterHeaders;
import io.cartpulse.contract.Topics;
import io.cartpulse.registry.InMemorySchemaRegistryClient;
import io.cartpulse.registry.SpecificAvroSerde;
import io.cartpulse.streams.StreamsTestHarness;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The product side of the live topology (ALERTS.md section 7) in a TopologyTestDriver. */
class ProductTopologyTest {
  private static final long DAY = 24 * 60 * MINUTE;

  private final StreamsTestHarness harness = new StreamsTestHarness();
  private final SpecificAvroSerde<InventoryLevel> levelSerde =
      new SpecificAvroSerde<>(InventoryLevel.class, InMemorySchemaRegistryClient.forScope(harness.scope), true, false);
  private final TestInputTopic<String, InventoryLevel> inventory = harness.driver.createInputTopic(Topics.INVENTORY,
      new StringSerializer(), levelSerde);
  private final TestInputTopic<byte[], byte[]> rawInventory = harness.driver.createInputTopic(Topics.INVENTORY,
      new ByteArraySerializer(), new ByteArraySerializer());
  private final TestOutputTopic<byte[], byte[]> inventoryDlq = harness.driver.createOutputTopic(Topics.INVENTORY_DLQ,
      new ByteArrayDeserializer(), new ByteArrayDeserializer());
  private final TestOutputTopic<String, ProductStats> stats = harness.driver.createOutputTopic(Topics.PRODUCT_STATS,
      new StringDeserializer(),
      new SpecificAvroSerde<>(ProductStats.class, InMemorySchemaRegistryClient.forScope(harness.scope), true, false));

  private final TestOutputTopic<String, io.cartpulse.avro.Offer> offers = harness.driver.createOutputTopic(Topics.OFFERS,
      new StringDeserializer(), new SpecificAvroSerde<>(io.cartpulse.avro.Offer.class,
          InMemorySchemaRegistryClient.forScope(harness.scope), true, false));

  @AfterEach
  void close() {
    harness.close();
  }

  private void level(long time, String product, Long available) {
    InventoryLevel level = new InventoryLevel(Instant.ofEpochMilli(time), product, available);
    inventory.pipeInput(new TestRecord<>(product, level, Instant.ofEpochMilli(time)));
  }

  private void view(long time, String user, String product, String session) {
    harness.send(event("view", user, product, time, "10.00", null, session));
  }

  /** The latest record per product on product-stats (null: a tombstone). */
  private Map<String, ProductStats> latestStats() {
    Map<String, ProductStats> latest = new HashMap<>();
    for (KeyValue<String, ProductStats> record : stats.readKeyValuesToList()) {
      latest.put(record.key, record.value);
    }
    return latest;
  }

  private int size(String store) {
    KeyValueStore<Object, Object> kv = harness.store(store);
    int count = 0;
    try (KeyValueIterator<Object, Object> all = kv.all()) {
      while (all.hasNext()) {
        all.next();
        count++;
      }
    }
    return count;
  }

  @Test
  void invalidLevelsGoToTheDeadLetterTopicWithTheirReason() {
    level(T0, "p1", -1L);
    level(T0, null, 3L);
    rawInventory.pipeInput("p2".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3});
    level(T0, "p3", 3L);

    List<TestRecord<byte[], byte[]>> dead = inventoryDlq.readRecordsToList();
    assertThat(dead).hasSize(3);
    assertThat(dead).extracting(r -> StreamsTestHarness.utf8(r.headers().lastHeader(DeadLetterHeaders.REASON).value()))
        .startsWith("available -1 outside 0 .. 2147483647", "missing productId");
    assertThat(StreamsTestHarness.utf8(dead.get(2).headers().lastHeader(DeadLetterHeaders.REASON).value()))
        .startsWith("undecodable");
    assertThat(StreamsTestHarness.utf8(dead.get(0).headers().lastHeader(DeadLetterHeaders.SOURCE_TOPIC).value()))
        .isEqualTo(Topics.INVENTORY);
    assertThat(dead.get(2).value()).containsExactly(1, 2, 3);
  }

  @Test
  void aProductIsRepublishedWhenTheClockReachesTheNextMinuteAfterItChanged() {
    view(T0 + 10_000, "u1", "p1", "s1");
    view(T0 + 20_000, "u1", "p2", "s1");
    assertThat(stats.isEmpty()).as("not before the minute ends").isTrue();

    view(T0 + MINUTE, "u2", "p3", "s2");

    Map<String, ProductStats> latest = latestStats();
    assertThat(latest).containsOnlyKeys("p1", "p2");
    ProductStats p1 = latest.get("p1");
    assertThat(p1.getAsOf().toEpochMilli()).isEqualTo(T0 + MINUTE);
    assertThat(p1.getToday().getViews()).isEqualTo(1);
    assertThat(p1.getLastHour().getViews()).as("the minute of the view has passed").isEqualTo(1);
    assertThat(p1.getAvailable()).isNull();
  }

  @Test
  void aRelatedProductsStockComesFromTheGlobalStore() {
    for (String session : List.of("s1", "s2")) {
      view(T0, "u-" + session, "p1", session);
      view(T0 + 1, "u-" + session, "p2", session);
      view(T0 + 2, "u-" + session, "p3", session);
    }
    level(T0 + 3, "p2", 0L);
    level(T0 + 4, "p3", 7L);
    view(T0 + MINUTE, "other", "x", null);

    ProductStats p1 = latestStats().get("p1");
    assertThat(p1.getRelated()).extracting(r -> r.getProductId() + ":" + r.getScore() + ":" + r.getAvailable())
        .containsExactly("p3:2:7");
  }

  @Test
  void aCartAbandonmentBecomesAnOfferWithTheRelatedInStockProducts() {
    for (String session : List.of("s1", "s2")) {
      view(T0, "u-" + session, "p1", session);
      view(T0 + 1, "u-" + session, "p2", session);
      view(T0 + 2, "u-" + session, "p3", session);
    }
    level(T0 + 3, "p3", 0L);
    harness.send(event("cart", "shopper", "p1", T0 + MINUTE, "250.00", null, "s9"));
    view(T0 + 11 * MINUTE, "other", "x", null);

    List<io.cartpulse.avro.Offer> made = offers.readValuesToList();
    assertThat(made).singleElement().satisfies(offer -> {
      assertThat(offer.getAlert().getType()).isEqualTo(io.cartpulse.avro.AlertType.CART_ABANDONMENT);
      assertThat(offer.getAlert().getProductId()).isEqualTo("p1");
      assertThat(offer.getRelated()).extracting(r -> r.getProductId() + ":" + r.getScore() + ":" + r.getAvailable())
          .as("p3 is sold out").containsExactly("p2:2:null");
    });
  }

  @Test
  void aDueTimeAlreadyScheduledIsNotWrittenAgain() {
    TestOutputTopic<byte[], byte[]> scheduleChangelog = changelog(ProductStatsProcessor.SCHEDULE_STORE);
    for (int i = 0; i < 5; i++) {
      view(T0 + 10_000 + i, "u" + i, "p1", null);
    }

    // Each view asks for the same three entries (the next minute, the end of its lastHour, the day's end);
    // the driver commits after every record, so each write would reach the changelog.
    assertThat(scheduleChangelog.readRecordsToList()).hasSize(3);
    assertThat(size(ProductStatsProcessor.SCHEDULE_STORE)).isEqualTo(3);

    view(T0 + MINUTE, "u9", "p2", null);
    assertThat(latestStats()).containsOnlyKeys("p1");
    assertThat(scheduleChangelog.readRecordsToList()).as("p1's minute entry deleted, p2's three written")
        .hasSize(4);
  }

  @Test
  void aViewOfAProductTheSessionRemembersWritesNoSessionState() {
    TestOutputTopic<byte[], byte[]> sessionsChangelog = changelog(ProductSessionsProcessor.SESSIONS_STORE);
    TestOutputTopic<byte[], byte[]> expiryChangelog = changelog(ProductSessionsProcessor.EXPIRY_STORE);
    view(T0, "u1", "p1", "s1");
    view(T0 + 1_000, "u1", "p2", "s1");
    assertThat(sessionsChangelog.readRecordsToList()).hasSize(2);
    assertThat(expiryChangelog.readRecordsToList()).as("p2 moved the session's idle time").hasSize(2);

    view(T0 + 2_000, "u1", "p1", "s1");
    view(T0 + 3_000, "u1", "p2", "s1");

    assertThat(sessionsChangelog.readRecordsToList()).isEmpty();
    assertThat(expiryChangelog.readRecordsToList()).isEmpty();
    view(T0 + 4_000, "u1", "p3", "s1");
    assertThat(sessionsChangelog.readRecordsToList()).hasSize(1);
    assertThat(expiryChangelog.readRecordsToList()).hasSize(1);
  }

  private TestOutputTopic<byte[], byte[]> changelog(String store) {
    return harness.driver.createOutputTopic("cartpulse-streams-test-" + store + "-changelog",
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @Test
  void storesShrinkBackOnceTheWindowsHavePassed() {
    Random random = new Random(13);
    for (int i = 0; i < 400; i++) {
      long time = T0 + i * 30_000L;
      view(time, "u" + random.nextInt(20), "p" + random.nextInt(40), "s" + random.nextInt(3));
    }
    level(T0, "stocked", 5L);
    assertThat(size(ProductStatsProcessor.STATE_STORE)).isGreaterThan(30);
    assertThat(size(ProductSessionsProcessor.SESSIONS_STORE)).isGreaterThan(10);

    view(T0 + 8 * DAY, "late", "q", null);

    assertThat(size(ProductSessionsProcessor.SESSIONS_STORE)).as("every session idle").isZero();
    assertThat(size(ProductSessionsProcessor.EXPIRY_STORE)).isZero();
    assertThat(size(ProductStatsProcessor.STATE_STORE)).as("q and the product with a level").isEqualTo(2);
    Map<String, ProductStats> latest = latestStats();
    assertThat(latest.get("p1")).as("a tombstone for each product removed").isNull();
    assertThat(latest).containsKey("p1");
    assertThat(size(ProductStatsProcessor.SCHEDULE_STORE)).as("only q's and stocked's future due times")
        .isLessThanOrEqualTo(5);
  }

  @Test
  void eachUsersSessionsAreSweptOnceTheClockPassesTheirHorizonSweepAfterSweep() {
    long horizon = RelatedSettings.DEFAULTS.sessionHorizonMs();
    view(T0, "a", "p1", "s");
    view(T0 + horizon / 2, "b", "p2", "s");
    assertThat(users()).containsExactlyInAnyOrder("a", "b");

    view(T0 + horizon + MINUTE, "c", "p3", "s");
    assertThat(users()).as("a's horizon passed").containsExactlyInAnyOrder("b", "c");

    view(T0 + horizon / 2 + horizon + MINUTE, "d", "p4", "s");
    assertThat(users()).as("then b's, in a later sweep").containsExactlyInAnyOrder("c", "d");
    assertThat(size(ProductSessionsProcessor.EXPIRY_STORE)).as("one index entry per stored user").isEqualTo(2);
  }

  private List<String> users() {
    KeyValueStore<String, byte[]> sessions = harness.store(ProductSessionsProcessor.SESSIONS_STORE);
    List<String> users = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> all = sessions.all()) {
      all.forEachRemaining(entry -> users.add(entry.key));
    }
    return users;
  }

  @Test
  void theStoresAnswerAsTheBacktestsProductBookDoes() {
    Random random = new Random(7);
    ProductBook book = new ProductBook(RelatedSettings.DEFAULTS);
    List<ClickEvent> events = new ArrayList<>();
    long time = T0;
    String[] types = {"view", "view", "view", "cart", "purchase", "remove_from_cart"};
    for (int i = 0; i < 1500; i++) {
      time += random.nextInt(4) * 20_000L + (random.nextInt(50) == 0 ? 5 * 3_600_000L : 0);
      long t = random.nextInt(10) == 0 ? time - random.nextInt(3_600_000) : time;
      String session = random.nextInt(8) == 0 ? null : "s" + random.nextInt(3);
      ClickEvent click = event(types[random.nextInt(types.length)], "u" + random.nextInt(12),
          "p" + random.nextInt(30), t, random.nextInt(30) + ".99", null, session);
      events.add(click);
      harness.send(click);
      book.click(click);
      if (random.nextInt(20) == 0) {
        String product = "p" + random.nextInt(35);
        long units = random.nextInt(3);
        level(time, product, units);
        book.level(new InventoryLevel(Instant.ofEpochMilli(time), product, units));
      }
    }
    long asOf = time;

    KeyValueStore<String, byte[]> states = harness.store(ProductStatsProcessor.STATE_STORE);
    KeyValueStore<String, byte[]> stock = harness.store(ProductStatsProcessor.STOCK_STORE);
    int compared = 0;
    try (KeyValueIterator<String, byte[]> all = states.all()) {
      while (all.hasNext()) {
        KeyValue<String, byte[]> entry = all.next();
        ProductView live = ProductCodec.state(entry.value).view(entry.key, asOf, RelatedSettings.DEFAULTS, id -> {
          byte[] value = stock.get(id);
          return value == null ? null : ProductCodec.stockUnits(value);
        });
        assertThat(live).isEqualTo(book.view(entry.key, asOf));
        compared++;
      }
    }
    assertThat(compared).isGreaterThan(20);
    assertThat(events).isNotEmpty();
  }

}
