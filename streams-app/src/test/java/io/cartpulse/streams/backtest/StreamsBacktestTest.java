package io.cartpulse.streams.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.click.Rees46Csv;
import io.cartpulse.streams.backtest.ReferenceAlerts.Expected;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamsBacktestTest {

  static List<ClickEvent> fixture() throws IOException {
    List<ClickEvent> events = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(
        StreamsBacktestTest.class.getResourceAsStream("/rees46-head-2000.csv"), StandardCharsets.UTF_8))) {
      Rees46Csv.read(reader, "rees46-head-2000.csv", row -> {
        if (row.isValid()) {
          events.add(row.event());
        }
      });
    }
    return events;
  }

  static List<Expected> comparable(List<Alert> alerts) {
    return alerts.stream().map(a -> new Expected(a.getAlertId(), a.getType(), a.getUserId(), a.getUserSession(),
        a.getProductId(), a.getEventTime().toEpochMilli(), new TreeMap<>(a.getAttributes()))).toList();
  }

  static List<Expected> normalized(List<Expected> expected) {
    return expected.stream().map(e -> new Expected(e.alertId(), e.type(), e.userId(), e.userSession(), e.productId(),
        e.eventTime(), new TreeMap<>(e.attributes()))).toList();
  }

  @Test
  void rees46FixtureMatchesTheReferenceReadingOfTheContract() throws IOException {
    List<ClickEvent> events = fixture();
    assertThat(events).hasSize(2000);

    List<Alert> alerts = StreamsBacktest.run(events.iterator(), new Properties());

    assertThat(comparable(alerts)).containsExactlyInAnyOrderElementsOf(
        normalized(ReferenceAlerts.compute(events, ZoneOffset.UTC)));
    assertThat(alerts).isNotEmpty();
    long end = events.get(events.size() - 1).getEventTime().toEpochMilli();
    assertThat(alerts).allSatisfy(a -> {
      assertThat(a.getEventTime().toEpochMilli()).isLessThanOrEqualTo(end);
      assertThat(a.getSource()).isEqualTo("streams-app");
      assertThat(a.getMessage()).isNotBlank();
    });
    Set<String> ids = new HashSet<>();
    assertThat(alerts).allSatisfy(a -> assertThat(ids.add(a.getAlertId())).as("unique id %s", a).isTrue());
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void denseSyntheticStreamsMatchTheReference(long seed) {
    List<ClickEvent> events = SyntheticClicks.dense(seed, 4000, 6, 4,
        java.time.Instant.parse("2019-10-01T20:00:00Z").toEpochMilli());

    List<Alert> alerts = StreamsBacktest.run(events.iterator(), new Properties());

    List<Expected> expected = normalized(ReferenceAlerts.compute(events, ZoneOffset.UTC));
    assertThat(comparable(alerts)).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(alerts).extracting(Alert::getAlertId).doesNotHaveDuplicates();
    for (AlertType type : List.of(AlertType.CROSS_SELL, AlertType.CART_ABANDONMENT, AlertType.PURCHASE_INTENT,
        AlertType.PRICE_SENSITIVITY, AlertType.COUPON_ISSUED)) {
      assertThat(expected).as("seed %d exercises %s", seed, type).anyMatch(e -> e.type() == type);
    }
  }

  @Test
  void anItemDueExactlyAtTheLastEventTimeIsEmittedAndOneDueLaterIsNot() {
    long t0 = java.time.Instant.parse("2019-10-01T00:00:00Z").toEpochMilli();
    List<ClickEvent> events = List.of(
        SyntheticClicks.event("cart", "u1", "p1", t0, "250.00", null, "s1"),
        SyntheticClicks.event("cart", "u2", "p2", t0 + 1, "250.00", null, "s2"),
        SyntheticClicks.event("view", "u3", "p3", t0 + 10 * 60_000, "5.00", null, "s3"));

    List<Alert> alerts = StreamsBacktest.run(events.iterator(), new Properties());

    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.getType()).isEqualTo(AlertType.CART_ABANDONMENT);
      assertThat(a.getUserId()).isEqualTo("u1");
      assertThat(a.getEventTime().toEpochMilli()).isEqualTo(t0 + 10 * 60_000);
    });
  }

  @Test
  void ruleOverridesApply() {
    long t0 = java.time.Instant.parse("2019-10-01T00:00:00Z").toEpochMilli();
    List<ClickEvent> events = List.of(
        SyntheticClicks.event("purchase", "u1", "p1", t0, "60.00", null, "s1"));
    Properties overrides = new Properties();
    overrides.setProperty("coupon.tiers", "50");
    // the Flink job's rule keys are accepted and left to it
    overrides.setProperty("churn.min-views", "3");

    List<Alert> alerts = StreamsBacktest.run(events.iterator(), overrides);

    assertThat(alerts).singleElement().satisfies(a -> assertThat(a.getAttributes())
        .containsEntry("tier", "50").containsEntry("spend", "60.00"));
  }

  @Test
  void aFailingInputSurfacesAsTheRunsException() {
    java.util.Iterator<ClickEvent> failing = new java.util.Iterator<>() {
      int served;

      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public ClickEvent next() {
        if (served++ == 3000) {
          throw new IllegalStateException("input broke at row 3000");
        }
        return SyntheticClicks.event("view", "u" + (served % 7), "p1", 1_569_888_000_000L + served, "1.00", null, "s");
      }
    };

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> StreamsBacktest.run(failing, new Properties()))
        .isInstanceOf(IllegalStateException.class).hasMessage("input broke at row 3000");
  }
}
