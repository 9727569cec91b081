package io.cartpulse.streams.metrics;

import static io.cartpulse.streams.StreamsTestHarness.MINUTE;
import static io.cartpulse.streams.StreamsTestHarness.T0;
import static io.cartpulse.streams.StreamsTestHarness.WALL_CLOCK_START;
import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.click.ClickValidator.Defect;
import io.cartpulse.streams.StreamsTestHarness;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** CartPulse's own metrics, recorded by the production topology in a TopologyTestDriver. */
class StreamsAppMetricsTest {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final StreamsAppMetrics metrics = new StreamsAppMetrics(registry);
  private final StreamsTestHarness h = new StreamsTestHarness(new Properties(), metrics);

  @AfterEach
  void close() {
    h.close();
    metrics.close();
  }

  /** A click whose input record was produced {@code producedBeforeWallClock} before the driver's wall clock. */
  private void send(ClickEvent event, Duration producedBeforeWallClock) {
    h.clicks.pipeInput(new TestRecord<>(event.getUserId(), event, WALL_CLOCK_START.minus(producedBeforeWallClock)));
  }

  private double alertsCounted(AlertType type) {
    return registry.get(StreamsAppMetrics.ALERTS_EMITTED).tag(StreamsAppMetrics.TAG_TYPE, type.name()).counter().count();
  }

  private Timer latency(AlertType type) {
    return registry.find(StreamsAppMetrics.ALERT_LATENCY).tag(StreamsAppMetrics.TAG_TYPE, type.name()).timer();
  }

  @Test
  void everyAlertOnTheTopicIsCountedByTypeAndTimedFromItsTriggeringRecordsProduceTime() {
    for (int i = 0; i < 3; i++) {
      send(StreamsTestHarness.event("view", "u1", "p1", T0 + i * MINUTE, "10.00", "electronics.phone", "s1"),
          Duration.ofMillis(900));
    }
    send(StreamsTestHarness.event("view", "u1", "p1", T0 + 3 * MINUTE, "10.00", "electronics.phone", "s1"),
        Duration.ofMillis(150));

    List<Alert> alerts = h.readAlerts();
    assertThat(alerts).extracting(Alert::getType).contains(AlertType.PURCHASE_INTENT);
    Map<AlertType, Long> onTopic = alerts.stream().collect(Collectors.groupingBy(Alert::getType, Collectors.counting()));
    onTopic.forEach((type, count) -> assertThat(alertsCounted(type)).as("%s", type).isEqualTo(count.doubleValue()));
    Timer intent = latency(AlertType.PURCHASE_INTENT);
    assertThat(intent.count()).isEqualTo(1);
    // The fourth view triggered it: produced 150 ms before the wall clock the alert was detected at.
    assertThat(intent.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(150.0);
    assertThat(registry.scrape()).contains("cartpulse_alerts_emitted_total{type=\"PURCHASE_INTENT\"} 1.0")
        .contains("cartpulse_alert_latency_seconds_bucket{type=\"PURCHASE_INTENT\",le=\"0.25\"} 1")
        .contains("cartpulse_alert_latency_seconds_bucket{type=\"PURCHASE_INTENT\",le=\"0.1\"} 0");
  }

  @Test
  void anAlertThatFallsDueOnAPunctuationIsCountedButHasNoTriggerToTimeFrom() {
    send(StreamsTestHarness.event("cart", "u1", "p1", T0, "250.00", "electronics.phone", "s1"), Duration.ZERO);
    assertThat(h.readAlerts()).isEmpty();

    h.advanceWallClock(Duration.ofMinutes(11));

    assertThat(h.readAlerts()).extracting(Alert::getType).containsExactly(AlertType.CART_ABANDONMENT);
    assertThat(alertsCounted(AlertType.CART_ABANDONMENT)).isEqualTo(1.0);
    assertThat(latency(AlertType.CART_ABANDONMENT)).isNull();
  }

  @Test
  void deadLettersAreCountedByReasonAndEveryReasonIsExportedFromTheStart() {
    assertThat(registry.scrape()).contains("cartpulse_dlq_records_total{reason=\"negative-price\"} 0.0");

    h.rawClicks.pipeInput("k".getBytes(StandardCharsets.UTF_8), "not avro".getBytes(StandardCharsets.UTF_8));
    h.send(StreamsTestHarness.event("view", "", "p1", T0, "1.00", null, null));
    h.send(StreamsTestHarness.event("view", "u2", "p1", T0, "-1.00", null, null));
    h.send(StreamsTestHarness.event("view", "u3", "p1", T0, "-2.00", null, null));

    assertThat(h.dlq.readRecordsToList()).hasSize(4);
    Map<String, Double> byReason = registry.get(StreamsAppMetrics.DLQ_RECORDS).counters().stream()
        .collect(Collectors.toMap(c -> c.getId().getTag(StreamsAppMetrics.TAG_REASON), c -> c.count()));
    assertThat(byReason).hasSize(Defect.values().length)
        .containsEntry(Defect.UNDECODABLE.label(), 1.0)
        .containsEntry(Defect.MISSING_USER_ID.label(), 1.0)
        .containsEntry(Defect.NEGATIVE_PRICE.label(), 2.0)
        .containsEntry(Defect.MISSING_PRICE.label(), 0.0);
  }

  @Test
  void theClockLagIsWallTimeMinusTheClockOfTheFurthestBehindTask() {
    assertThat(registry.get(StreamsAppMetrics.CLOCK_LAG).gauge().value()).isNaN();

    h.view("u1", "p1", T0 + 5 * MINUTE, "1.00");
    long before = System.currentTimeMillis();
    double lag = registry.get(StreamsAppMetrics.CLOCK_LAG).gauge().value();
    long after = System.currentTimeMillis();

    assertThat(lag).isBetween((before - (T0 + 5 * MINUTE)) / 1000.0, (after - (T0 + 5 * MINUTE)) / 1000.0);
    assertThat(registry.scrape()).contains("# TYPE cartpulse_clock_lag_seconds gauge");
  }

  @Test
  void theLagTakesTheTaskFurthestBehind() {
    StreamsAppMetrics alone = new StreamsAppMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    long now = System.currentTimeMillis();
    alone.onClock(new TaskId(1, 0), now - 5_000);
    alone.onClock(new TaskId(1, 1), now - 60_000);
    alone.onClock(new TaskId(1, 1), now - 30_000);

    assertThat(alone.largestClockLagSeconds()).isBetween(30.0, 30.0 + (System.currentTimeMillis() - now) / 1000.0);
  }

  @Test
  void aNegativeLatencyFromSkewedClocksIsNotRecordedButTheAlertIsCounted() {
    metrics.alertEmitted(AlertType.CROSS_SELL, Instant.parse("2026-01-01T00:00:00Z").toEpochMilli(),
        Instant.parse("2026-01-01T00:00:01Z").toEpochMilli());

    assertThat(alertsCounted(AlertType.CROSS_SELL)).isEqualTo(1.0);
    assertThat(latency(AlertType.CROSS_SELL)).isNull();
  }
}
