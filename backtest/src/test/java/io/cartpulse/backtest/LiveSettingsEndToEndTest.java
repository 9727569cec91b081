package io.cartpulse.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.cartpulse.alert.BacktestOutput;
import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.avro.RuleSettings;
import io.cartpulse.click.Rees46Csv;
import io.cartpulse.contract.Topics;
import io.cartpulse.local.LocalStack;
import io.cartpulse.local.kafka.ClickProducer;
import io.cartpulse.local.kafka.OutputCollector;
import io.cartpulse.local.kafka.PipelineOutput;
import io.cartpulse.registry.RegistryConfig;
import io.cartpulse.registry.SpecificAvroSerde;
import io.cartpulse.settings.RuleSettingsTopic;
import io.cartpulse.settings.SettingsFile;
import io.cartpulse.settings.SettingsVersion;
import io.cartpulse.streams.settings.RuleSettingsUpdater;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * ALERTS.md section 8, live: a threshold changes mid-stream while both engines run, with no
 * restart. The first half of the input is processed, then a version with effectiveFrom between the
 * halves is published on rule-settings, then the second half follows. The alerts before
 * effectiveFrom follow the old settings, those after it the new ones, and the whole output (alerts
 * and PV/UV points, up to T_end) is exactly what {@code scripts/backtest --settings} gives for the
 * same input and the same settings file.
 */
class LiveSettingsEndToEndTest {
  private static final long T0 = Instant.parse("2019-10-01T00:00:00Z").toEpochMilli();
  private static final long MINUTE = 60_000;
  /** effectiveFrom: 40 min after the first half ends, far beyond the live clock's wall-time drift meanwhile. */
  private static final long M = T0 + 60 * MINUTE;
  private static final String SETTINGS_LINE = "{\"version\":1,\"effectiveFrom\":" + M
      + ",\"settings\":{\"cart-abandonment.min-price\":\"100.00\",\"purchase-intent.min-views\":\"2\"}}";
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  private static ClickEvent event(String type, String user, String product, long time, String price) {
    return ClickEvent.newBuilder().setEventType(type).setUserId(user).setProductId(product)
        .setEventTime(Instant.ofEpochMilli(time)).setPrice(new BigDecimal(price)).setCategoryId("2053013555631882655")
        .setCategoryCode("electronics.smartphone").setBrand("acme").setUserSession("s-" + user).build();
  }

  // The streams-app's clock is per task (ALERTS.md section 2 on each partition), so a user whose item falls
  // due also views something later: their own task's clock passes the due time without waiting on wall time.

  /** Before M, under the defaults: 250.00 abandons, 150.00 does not; 4 views make an intent, 2 do not. */
  private static List<ClickEvent> firstHalf() {
    return List.of(
        event("cart", "1001", "11", T0, "250.00"),
        event("cart", "1002", "11", T0 + MINUTE, "150.00"),
        event("view", "1003", "12", T0 + 2 * MINUTE, "10.00"),
        event("view", "1003", "12", T0 + 3 * MINUTE, "10.00"),
        event("view", "1003", "12", T0 + 4 * MINUTE, "10.00"),
        event("view", "1003", "12", T0 + 5 * MINUTE, "10.00"),
        event("view", "1004", "13", T0 + 6 * MINUTE, "10.00"),
        event("view", "1004", "13", T0 + 7 * MINUTE, "10.00"),
        event("view", "1001", "19", T0 + 20 * MINUTE, "10.00"),
        event("view", "1009", "19", T0 + 20 * MINUTE, "10.00"));
  }

  /** From M, under version 1: above 100.00 abandons, 2 views make an intent. */
  private static List<ClickEvent> secondHalf() {
    return List.of(
        event("cart", "2001", "11", M, "150.00"),
        event("cart", "2002", "11", M + MINUTE, "100.00"),
        event("view", "2003", "12", M + 2 * MINUTE, "10.00"),
        event("view", "2003", "12", M + 3 * MINUTE, "10.00"),
        event("cart", "2004", "11", M + 4 * MINUTE, "250.00"),
        event("view", "2001", "19", M + 40 * MINUTE, "10.00"),
        event("view", "2004", "19", M + 40 * MINUTE, "10.00"),
        event("view", "2009", "19", M + 40 * MINUTE, "10.00"));
  }

  @Test
  @Timeout(240)
  void aThresholdChangedMidStreamIsFollowedWithoutARestartExactlyAsTheBacktest() throws Exception {
    Path csv = dir.resolve("events.csv");
    List<String> lines = new ArrayList<>();
    lines.add(Rees46Csv.HEADER.strip());
    firstHalf().forEach(e -> lines.add(Rees46Csv.toLine(e)));
    secondHalf().forEach(e -> lines.add(Rees46Csv.toLine(e)));
    Files.write(csv, lines, StandardCharsets.UTF_8);
    Path settingsFile = dir.resolve("settings.jsonl");
    Files.writeString(settingsFile, SETTINGS_LINE + "\n");
    List<SettingsVersion> versions = SettingsFile.read(settingsFile);

    Backtest.Report backtest = Backtest.execute(new Backtest.Options(csv, dir.resolve("alerts.jsonl"),
        dir.resolve("pvuv.jsonl"), new Properties(), null, versions), new PrintStream(new ByteArrayOutputStream()));
    long tEnd = backtest.tEnd();
    Set<String> expectedAlerts = backtest.alerts().stream().map(BacktestOutput::alertLine)
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> expectedPoints = backtest.pvuv().stream().map(BacktestOutput::pvuvLine)
        .collect(Collectors.toCollection(TreeSet::new));
    // The backtest itself follows the version: the old thresholds before M, the new ones from M.
    assertThat(backtest.alerts()).extracting(Alert::getType, Alert::getUserId).containsExactlyInAnyOrder(
        tuple(AlertType.CART_ABANDONMENT, "1001"),
        tuple(AlertType.PURCHASE_INTENT, "1003"),
        tuple(AlertType.CART_ABANDONMENT, "2001"),
        tuple(AlertType.PURCHASE_INTENT, "2003"),
        tuple(AlertType.CART_ABANDONMENT, "2004"));

    LocalStack.Settings settings = LocalStack.Settings.defaults(dir.resolve("run")).withRegistryPort(0)
        .withCheckpointIntervalMs(1_000).withWatermarkIdleMs(2_000).withRuleOverrides(new Properties());
    try (LocalStack stack = LocalStack.start(settings, line -> { });
        ClickProducer producer = new ClickProducer(stack.bootstrapServers(), stack.registryUrl(), true,
            Topics.CLICKSTREAM);
        OutputCollector collector = new OutputCollector(stack.bootstrapServers(), stack.registryUrl())) {
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.RULE_SETTINGS);
        assertThat(admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic)
            .get("cleanup.policy").value()).as("rule-settings is compacted").isEqualTo("compact");
      }
      send(producer, firstHalf());
      assertThat(collector.pollUntil(output -> stack.engineFailure() != null || alertsBefore(output, M).size() == 2,
          DEADLINE)).as("the first half's alerts").isTrue();

      publish(stack, versions);
      assertThat(collector.pollUntil(output -> stack.engineFailure() != null || followed(stack, "1"), DEADLINE))
          .as("the streams-app follows version 1").isTrue();

      send(producer, secondHalf());
      assertThat(collector.pollUntil(output -> stack.engineFailure() != null
              || alertLines(output, tEnd).containsAll(expectedAlerts)
              && pointLines(output, tEnd).containsAll(expectedPoints),
          DEADLINE)).as("all of the backtest's output").isTrue();
      assertThat(stack.engineFailure()).isNull();

      PipelineOutput live = collector.snapshot();
      assertThat(live.alerts()).extracting(Alert::getAlertId).doesNotHaveDuplicates();
      assertThat(alertLines(live, tEnd)).isEqualTo(expectedAlerts);
      assertThat(pointLines(live, tEnd)).isEqualTo(expectedPoints);
    }
  }

  private static void send(ClickProducer producer, List<ClickEvent> events) {
    events.forEach(producer::send);
    producer.flush();
    assertThat(producer.firstError()).isNull();
  }

  private static void publish(LocalStack stack, List<SettingsVersion> versions) throws Exception {
    SpecificAvroSerde<RuleSettings> serde = new SpecificAvroSerde<>(RuleSettings.class);
    serde.configure(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, stack.registryUrl()), false);
    Properties client = new Properties();
    client.put("bootstrap.servers", stack.bootstrapServers());
    RuleSettingsTopic.publish(client, Topics.RULE_SETTINGS, serde, versions);
  }

  /** The version is in the streams-app's settings store, so its rules read it (stored after it is followed). */
  private static boolean followed(LocalStack stack, String version) {
    ReadOnlyKeyValueStore<String, byte[]> store = stack.streamsApp().store(StoreQueryParameters.fromNameAndType(
        RuleSettingsUpdater.STORE, QueryableStoreTypes.keyValueStore()));
    return store.get(version) != null;
  }

  private static List<Alert> alertsBefore(PipelineOutput output, long time) {
    return output.alerts().stream().filter(a -> a.getEventTime().toEpochMilli() < time).toList();
  }

  private static Set<String> alertLines(PipelineOutput output, long tEnd) {
    return output.alerts().stream().filter(a -> a.getEventTime().toEpochMilli() <= tEnd)
        .map(BacktestOutput::alertLine).collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> pointLines(PipelineOutput output, long tEnd) {
    return output.pvuv().stream().filter(p -> p.getWindowEnd().toEpochMilli() <= tEnd)
        .map(BacktestOutput::pvuvLine).collect(Collectors.toCollection(TreeSet::new));
  }
}
