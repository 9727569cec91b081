package io.cartpulse.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.PvUvPoint;
import io.cartpulse.avro.RuleSettings;
import io.cartpulse.contract.Subjects;
import io.cartpulse.contract.Topics;
import io.cartpulse.dashboard.browser.Browser;
import io.cartpulse.dashboard.browser.StubProductApi;
import io.cartpulse.platform.kafka.EmbeddedKafka;
import io.cartpulse.platform.registry.LocalSchemaRegistry;
import io.cartpulse.registry.RegistryConfig;
import io.cartpulse.registry.SchemaRegistryClient;
import io.cartpulse.registry.SchemaRegistryClients;
import io.cartpulse.registry.SpecificAvroSerde;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The page in headless Chromium against a real broker and registry, fed by records this test
 * writes to the topics (alerts, pvuv, offers, rule-settings, a dead letter) and by a stand-in of
 * the streams-app's product API exactly as ALERTS.md section 7 documents it: the curves gain
 * points, the feed grows and filters, offers show their products, the settings in force follow
 * the versions, the product view opens and shows related products, and with a streams-app
 * without the product API the page says product data is not available. No console errors.
 * (local-stack's RunLocalDashboardTest runs the page on the real pipeline.)
 */
@Timeout(240)
class DashboardPageTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  /** The second test's alerts, apart from the first's. */
  private static final String ALERTS_NO_API = "alerts-no-product-api";
  private static final long DAY = Instant.parse("2019-10-03T00:00:00Z").toEpochMilli();

  private static EmbeddedKafka kafka;
  private static LocalSchemaRegistry registry;
  private static SchemaRegistryClient registryClient;
  private static KafkaProducer<byte[], byte[]> producer;
  private static Browser browser;
  private static final AtomicLong alertIds = new AtomicLong();

  @BeforeAll
  static void start() throws IOException {
    kafka = EmbeddedKafka.start(Path.of("target", "kafka"));
    kafka.createTopics(Map.of(Topics.CLICKSTREAM, 2, Topics.ALERTS, 1, Topics.PVUV, 1, Topics.CLICKSTREAM_DLQ, 1,
        Topics.CLICKSTREAM_LATE, 1, Topics.RULE_SETTINGS, 1, Topics.OFFERS, 1, ALERTS_NO_API, 1));
    registry = LocalSchemaRegistry.start(0);
    registryClient = SchemaRegistryClients.create(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, registry.url()));
    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    browser = Browser.start(Path.of("target", "browser"));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (producer != null) {
      producer.close();
    }
    if (registryClient != null) {
      registryClient.close();
    }
    if (registry != null) {
      registry.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void thePageShowsCurvesAlertsOffersSettingsHealthAndProducts() throws Exception {
    String related = "[{\"productId\":\"p-20\",\"score\":7,\"available\":3},"
        + "{\"productId\":\"p-30\",\"score\":2,\"available\":null}]";
    try (StubProductApi api = new StubProductApi(true)
        .product("p-10", StubProductApi.line("p-10", 120, 9, "1234.50", 5, related))
        .product("p-20", StubProductApi.line("p-20", 80, 4, "99.90", 3, "[]"))
        .product("p-30", StubProductApi.line("p-30", 12, 0, "0.00", null, "[]"));
        Dashboard dashboard = Dashboard.start(config(api.url()))) {
      settings(1, DAY, Map.of("cart-abandonment.min-price", "150.00"));
      settings(2, DAY + Duration.ofDays(30).toMillis(), Map.of("surge.factor", "4.5"));
      curvePoints(0, 5);
      String crossSell = alert(AlertType.CROSS_SELL, "p-10");
      offer(crossSell, "p-20", 7, 3);
      for (int i = 0; i < 3; i++) {
        alert(AlertType.CART_ABANDONMENT, "p-20");
        alert(AlertType.PURCHASE_INTENT, "p-30");
      }
      producer.send(new ProducerRecord<>(Topics.CLICKSTREAM_DLQ, "not avro".getBytes())).get();
      for (int i = 0; i < 5; i++) {
        producer.send(new ProducerRecord<>(Topics.CLICKSTREAM, new byte[] {1})).get();
      }

      browser.open(dashboard.url());
      WebElement allChart = browser.find("#chart-all");
      browser.await("5 points on the 'all' curve", WAIT, () -> points(allChart) == 5);
      browser.await("the category curve", WAIT, () -> points(browser.find("#chart-category")) == 5);
      browser.await("7 alerts in the feed", WAIT, () -> feedCount() == 7);

      // The curves gain points as the pipeline writes them.
      long lastBefore = Long.parseLong(allChart.getAttribute("data-last"));
      curvePoints(5, 10);
      browser.await("10 points on the 'all' curve", WAIT, () -> points(allChart) == 10);
      assertThat(Long.parseLong(allChart.getAttribute("data-last"))).isGreaterThan(lastBefore);
      assertThat(browser.find("#panel-all .day").getText()).isEqualTo("2019-10-03");
      assertThat(browser.find("#chart-category").getAttribute("data-dimension")).isEqualTo("electronics");

      // The chosen category is the one shown.
      new Select(browser.find("#category")).selectByValue("apparel");
      browser.await("the apparel curve", WAIT, () -> "apparel".equals(
          browser.find("#chart-category").getAttribute("data-dimension")) && points(browser.find("#chart-category")) == 10);

      // The offer's products are on its CROSS_SELL alert.
      WebElement crossSellItem = browser.find("#feed li[data-type='CROSS_SELL']");
      browser.await("the offer on the CROSS_SELL alert", WAIT,
          () -> !crossSellItem.findElements(org.openqa.selenium.By.cssSelector(".offer button")).isEmpty());
      assertThat(crossSellItem.findElement(org.openqa.selenium.By.cssSelector(".offer")).getText()).contains("p-20");

      // The feed grows, and filters by type.
      alert(AlertType.CART_ABANDONMENT, "p-10");
      alert(AlertType.COUPON_ISSUED, null);
      browser.await("9 alerts in the feed", WAIT, () -> feedCount() == 9);
      new Select(browser.find("#alert-type")).selectByValue("CART_ABANDONMENT");
      browser.await("only the 4 CART_ABANDONMENT alerts", WAIT, () -> {
        List<WebElement> items = browser.findAll("#feed li");
        return items.size() == 4 && items.stream().allMatch(li -> "CART_ABANDONMENT".equals(li.getAttribute("data-type")));
      });
      alert(AlertType.PURCHASE_INTENT, "p-30");
      alert(AlertType.CART_ABANDONMENT, "p-30");
      browser.await("a fifth CART_ABANDONMENT alert and no other", WAIT, () -> {
        List<WebElement> items = browser.findAll("#feed li");
        return items.size() == 5 && items.stream().allMatch(li -> "CART_ABANDONMENT".equals(li.getAttribute("data-type")));
      });
      new Select(browser.find("#alert-type")).selectByValue("ALL");
      browser.await("every alert again", WAIT, () -> browser.findAll("#feed li").size() == 11);

      // Settings in force at the pipeline's clock (2019-10-03): version 1 applies, version 2 not yet.
      browser.await("the settings of version 1", WAIT, () -> browser.findAll(
          "#settings tr[data-key='cart-abandonment.min-price']").stream().anyMatch(row -> row.getText().contains("150.00")
          && row.getText().contains("version 1")));
      assertThat(browser.find("#settings tr[data-key='surge.factor']").getText()).contains("3.0", "start-up");
      assertThat(browser.findAll("#versions tbody tr")).hasSize(2);
      assertThat(browser.find("#versions tr[data-version='2']").getAttribute("class")).isEqualTo("future");

      // Health: events in, a dead letter, the streams-app ready.
      browser.await("one dead letter", WAIT, () -> browser.find("#dead-letters").getText().startsWith("1"));
      assertThat(browser.find("#streams-ready").getText()).isEqualTo("ready: RUNNING");

      // Top products, and the product view with its related products.
      browser.await("the top products", WAIT, () -> browser.findAll("#top-products tbody tr").size() == 3);
      assertThat(browser.find("#top-products tbody tr").getText()).contains("p-10", "120", "1234.50");
      browser.screenshot("dashboard-stub-pipeline");
      browser.click("#top-products tbody tr[data-product-id='p-10']");
      browser.await("the product view of p-10", WAIT, () -> "shown".equals(state("#product-view")));
      assertThat(browser.find("#product-stock").getText()).isEqualTo("5");
      assertThat(browser.findAll("#related li")).extracting(li -> li.getAttribute("data-product-id"))
          .containsExactly("p-20", "p-30");
      assertThat(browser.find("#related li[data-product-id='p-30']").getText()).contains("score 2", "stock unknown");
      assertThat(browser.find("#product-stats tbody").getText()).contains("today", "120", "1234.50");
      browser.screenshot("dashboard-product-view");
      browser.click("#related li[data-product-id='p-20'] button");
      browser.await("the product view of p-20", WAIT, () -> "p-20".equals(
          browser.find("#product-view").getAttribute("data-product-id")) && "shown".equals(state("#product-view")));
      assertThat(browser.find("#related-empty").isDisplayed()).isTrue();

      assertThat(browser.consoleErrors()).as("console errors").isEmpty();
    }
  }

  @Test
  void withoutAStreamsAppThePageSaysProductDataIsNotAvailable() throws Exception {
    DashboardConfig config = DashboardConfig.of(Map.of("bootstrap.servers", kafka.bootstrapServers(),
        "schema.registry.url", registry.url(), "dashboard.port", "0", "topics.alerts", ALERTS_NO_API));
    try (Dashboard dashboard = Dashboard.start(config)) {
      String id = alert(ALERTS_NO_API, AlertType.PURCHASE_INTENT, "p-77");
      browser.open(dashboard.url());
      browser.await("the products panel's state", WAIT, () -> "not-available".equals(state("#products-status")));
      assertThat(browser.find("#products-status").getText()).startsWith("product data not available")
          .contains("no streams-app URL");
      assertThat(browser.findAll("#top-products tbody tr")).isEmpty();
      browser.await("the alert", WAIT, () -> !browser.findAll("#feed li[data-alert-id='" + id + "']").isEmpty());
      browser.click("#feed li[data-alert-id='" + id + "'] .product-link");
      browser.await("the product view's state", WAIT, () -> "not-available".equals(state("#product-view")));
      assertThat(browser.find("#product-status").getText()).startsWith("product data not available");
      browser.screenshot("dashboard-no-product-api");
      assertThat(browser.consoleErrors()).as("console errors").isEmpty();
    }
  }

  private static DashboardConfig config(String streamsUrl) {
    return DashboardConfig.of(Map.of("bootstrap.servers", kafka.bootstrapServers(), "schema.registry.url",
        registry.url(), "dashboard.port", "0", "dashboard.streams-url", streamsUrl));
  }

  private static int points(WebElement canvas) {
    return Integer.parseInt(canvas.getAttribute("data-points"));
  }

  private static int feedCount() {
    return Integer.parseInt(browser.find("#feed").getAttribute("data-count"));
  }

  private static String state(String css) {
    return browser.find(css).getAttribute("data-state");
  }

  /** Minute steps [from, to) of 2019-10-03 for all, electronics (busiest) and apparel. */
  private static void curvePoints(int from, int to) throws Exception {
    SpecificAvroSerde<PvUvPoint> serde = new SpecificAvroSerde<>(PvUvPoint.class, registryClient, true, false);
    for (int k = from; k < to; k++) {
      long end = DAY + (k + 1) * 60_000L;
      for (Object[] dimension : new Object[][] {{"all", 100}, {"electronics", 60}, {"apparel", 30}}) {
        int rate = (Integer) dimension[1];
        PvUvPoint point = new PvUvPoint("2019-10-03", Instant.ofEpochMilli(end), (String) dimension[0],
            (long) rate * (k + 1), (long) rate / 2 * (k + 1));
        producer.send(new ProducerRecord<>(Topics.PVUV, serde.serialize(Topics.PVUV, point))).get();
      }
    }
  }

  private static String alert(AlertType type, String productId) throws Exception {
    return alert(Topics.ALERTS, type, productId);
  }

  private static String alert(String topic, AlertType type, String productId) throws Exception {
    SpecificAvroSerde<Alert> serde = new SpecificAvroSerde<>(Alert.class, registryClient, true, false);
    String id = type.name().toLowerCase() + "-" + alertIds.incrementAndGet();
    Alert alert = Alert.newBuilder().setAlertId(id).setType(type).setUserId("u-1").setUserSession("s-1")
        .setProductId(productId).setEventTime(Instant.ofEpochMilli(DAY + 90_000)).setDetectedAt(Instant.now())
        .setSource("streams-app").setMessage("User u-1: " + type + " for " + productId).setAttributes(Map.of())
        .build();
    producer.send(new ProducerRecord<>(topic, serde.serialize(topic, alert))).get();
    return id;
  }

  private static void settings(long version, long effectiveFrom, Map<String, String> values) throws Exception {
    SpecificAvroSerde<RuleSettings> serde = new SpecificAvroSerde<>(RuleSettings.class, registryClient, true, false);
    RuleSettings record = new RuleSettings(version, Instant.ofEpochMilli(effectiveFrom), Map.copyOf(values));
    producer.send(new ProducerRecord<>(Topics.RULE_SETTINGS, String.valueOf(version).getBytes(),
        serde.serialize(Topics.RULE_SETTINGS, record))).get();
  }

  /** An offer in the Confluent wire format, written with the Offer shape (test resource avro/offer-for-tests.avsc). */
  private static void offer(String alertId, String productId, long score, Integer available) throws Exception {
    Schema schema;
    try (InputStream in = DashboardPageTest.class.getResourceAsStream("/avro/offer-for-tests.avsc")) {
      schema = new Schema.Parser().parse(in);
    }
    int id = registryClient.register(Subjects.valueSubject(Topics.OFFERS), schema);
    GenericRecord alert = new GenericData.Record(schema.getField("alert").schema());
    alert.put("alertId", alertId);
    alert.put("type", "CROSS_SELL");
    Schema relatedSchema = schema.getField("related").schema().getElementType();
    GenericRecord related = new GenericData.Record(relatedSchema);
    related.put("productId", productId);
    related.put("score", score);
    related.put("available", available);
    GenericRecord offer = new GenericData.Record(schema);
    offer.put("alert", alert);
    offer.put("related", List.of(related));
    offer.put("asOf", DAY + 90_000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(ByteBuffer.allocate(4).putInt(id).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(offer, encoder);
    encoder.flush();
    producer.send(new ProducerRecord<>(Topics.OFFERS, out.toByteArray())).get();
  }
}
