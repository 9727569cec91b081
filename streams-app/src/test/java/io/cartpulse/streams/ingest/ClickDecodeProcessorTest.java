package io.cartpulse.streams.ingest;

import static io.cartpulse.streams.StreamsTestHarness.T0;
import static io.cartpulse.streams.StreamsTestHarness.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.contract.DeadLetterHeaders;
import io.cartpulse.streams.StreamsTestHarness;
import io.cartpulse.streams.processor.ShopperAlertsProcessor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ALERTS.md section 1: undecodable and invalid records go to the DLQ, verbatim, with the reason. */
class ClickDecodeProcessorTest {
  private final StreamsTestHarness h = new StreamsTestHarness();

  @AfterEach
  void close() {
    h.close();
  }

  private byte[] encode(ClickEvent event) {
    return h.clickSerde.serialize(h.config.topics().input(), event);
  }

  private static String header(TestRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private double dlqTotal(String metric) {
    return h.driver.metrics().entrySet().stream()
        .filter(e -> e.getKey().name().equals(metric + "-total"))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
        .sum();
  }

  @Test
  void undecodableRecordsGoToTheDlqWithTheOriginalBytesAndTheReason() {
    byte[] valid = encode(StreamsTestHarness.event("purchase", "u1", "p1", T0, "250.00", null, "s1"));
    byte[] badMagic = valid.clone();
    badMagic[0] = 7;
    byte[] unknownSchema = valid.clone();
    unknownSchema[4] = 99;
    byte[] truncated = Arrays.copyOf(valid, valid.length - 3);
    byte[] tooShort = {0, 0, 1};
    List<byte[]> bad = List.of(badMagic, unknownSchema, truncated, tooShort);
    RecordHeaders original = new RecordHeaders();
    original.add("trace-id", "abc".getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < bad.size(); i++) {
      h.rawClicks.pipeInput(new TestRecord<>(("key-" + i).getBytes(StandardCharsets.UTF_8), bad.get(i), original,
          java.time.Instant.ofEpochMilli(T0 + i)));
    }

    List<TestRecord<byte[], byte[]>> dead = h.dlq.readRecordsToList();

    assertThat(dead).hasSize(4);
    for (int i = 0; i < bad.size(); i++) {
      TestRecord<byte[], byte[]> record = dead.get(i);
      assertThat(record.value()).isEqualTo(bad.get(i));
      assertThat(utf8(record.key())).isEqualTo("key-" + i);
      assertThat(header(record, DeadLetterHeaders.REASON)).startsWith("undecodable: ");
      assertThat(header(record, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("clickstream");
      assertThat(header(record, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");
      assertThat(header(record, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo(String.valueOf(i));
      assertThat(header(record, "trace-id")).isEqualTo("abc");
    }
    assertThat(header(dead.get(0), DeadLetterHeaders.REASON)).contains("magic byte");
    assertThat(header(dead.get(1), DeadLetterHeaders.REASON)).contains("unknown");
    assertThat(dlqTotal(ClickDecodeProcessor.DLQ_SENSOR)).isEqualTo(4.0);
    assertThat(dlqTotal(ClickDecodeProcessor.UNDECODABLE_SENSOR)).isEqualTo(4.0);
    assertThat(h.readAlerts()).isEmpty();

    // the application keeps going: the next valid record is processed
    h.rawClicks.pipeInput("key-ok".getBytes(StandardCharsets.UTF_8), valid, T0 + 10);
    assertThat(h.readAlerts()).extracting(a -> a.getType()).containsOnly(AlertType.COUPON_ISSUED).hasSize(1);
    assertThat(h.dlq.isEmpty()).isTrue();
  }

  @Test
  void invalidEventsGoToTheDlqWithTheirReasonAndNeverReachARule() {
    List<ClickEvent> invalid = List.of(
        StreamsTestHarness.event("purchase", "u1", "p1", T0, "-5.00", null, "s1"),
        StreamsTestHarness.event("checkout", "u1", "p1", T0, "500.00", null, "s1"),
        StreamsTestHarness.event("purchase", null, "p1", T0, "500.00", null, "s1"),
        StreamsTestHarness.event("purchase", "", "p1", T0, "500.00", null, "s1"),
        StreamsTestHarness.event("purchase", "u1", null, T0, "500.00", null, "s1"),
        StreamsTestHarness.event("purchase", "u1", "p1", T0, null, null, "s1"));
    ClickEvent missingTime = StreamsTestHarness.event("purchase", "u1", "p1", T0, "500.00", null, "s1");
    missingTime.setEventTime(null);
    List<byte[]> values = new java.util.ArrayList<>();
    for (ClickEvent event : invalid) {
      values.add(encode(event));
    }
    values.add(encode(missingTime));
    for (byte[] value : values) {
      h.rawClicks.pipeInput(null, value, T0);
    }
    h.rawClicks.pipeInput(null, null, T0);

    List<TestRecord<byte[], byte[]>> dead = h.dlq.readRecordsToList();

    assertThat(dead).hasSize(values.size() + 1);
    assertThat(dead.subList(0, values.size())).extracting(TestRecord::value)
        .containsExactlyElementsOf(values);
    assertThat(dead).extracting(r -> header(r, DeadLetterHeaders.REASON)).containsExactly(
        "negative price -5.00", "unknown eventType 'checkout'", "missing userId", "missing userId",
        "missing productId", "missing price", "missing eventTime", "empty record (null value)");
    assertThat(dlqTotal(ClickDecodeProcessor.INVALID_SENSOR)).isEqualTo(values.size() + 1.0);
    assertThat(h.readAlerts()).isEmpty();
  }

  @Test
  void aMissingOrEmptyEventTypeAndAnEmptyProductIdAreInvalidToo() {
    ClickEvent noType = StreamsTestHarness.event(null, "u1", "p1", T0, "500.00", null, "s1");
    ClickEvent emptyType = StreamsTestHarness.event("", "u1", "p1", T0, "500.00", null, "s1");
    ClickEvent emptyProduct = StreamsTestHarness.event("purchase", "u1", "", T0, "500.00", null, "s1");
    for (ClickEvent event : List.of(noType, emptyType, emptyProduct)) {
      h.rawClicks.pipeInput(null, encode(event), T0);
    }

    assertThat(h.dlq.readRecordsToList()).extracting(r -> header(r, DeadLetterHeaders.REASON))
        .containsExactly("missing eventType", "missing eventType", "missing productId");
    assertThat(h.readAlerts()).isEmpty();
  }

  @Test
  void aZeroPriceIsValid() {
    for (int i = 0; i < 4; i++) {
      h.view("u1", "p1", T0 + i, "0.00");
    }

    assertThat(h.dlq.isEmpty()).isTrue();
    assertThat(h.readAlerts()).extracting(a -> a.getType()).containsExactly(AlertType.PURCHASE_INTENT);
  }

  /**
   * An invalid record reaches no rule in any way: it creates no user state, is never a user's
   * previous event, and does not move the clock - even when its event time is far ahead and, with
   * input keyed by user, it shares the rules' task (and stream time) with the valid records.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void invalidRecordsNeitherMoveTheClockNorCreateState(boolean keyedByUser) {
    try (StreamsTestHarness h = new StreamsTestHarness(StreamsTestHarness.props(
        "input.keyed-by-user", Boolean.toString(keyedByUser),
        "clock.wall-clock-advance", "false"))) {
      h.cart("u1", "p1", T0, "250.00", "s1");
      long farAhead = T0 + 24 * 60 * 60_000L;
      h.send(StreamsTestHarness.event("view", "u1", "p1", farAhead, "-1.00", null, "s1"));
      h.send(StreamsTestHarness.event("jump", "u2", "p1", farAhead, "1.00", null, "s2"));
      h.send(StreamsTestHarness.event("purchase", "u3", null, farAhead, "900.00", null, "s3"));
      h.send(StreamsTestHarness.event("purchase", "u4", "p1", farAhead, null, null, "s4"));

      assertThat(h.dlq.readRecordsToList()).hasSize(4);
      assertThat(h.readAlerts()).isEmpty();
      assertThat(h.<String, Long>store(ShopperAlertsProcessor.CLOCK_STORE).get("clock")).isEqualTo(T0);
      assertThat(h.<String, byte[]>store(ShopperAlertsProcessor.USER_STATE_STORE).approximateNumEntries())
          .isEqualTo(1);
      assertThat(h.<String, byte[]>store(ShopperAlertsProcessor.USER_STATE_STORE).get("u1")).isNotNull();

      h.tick(T0 + 10 * 60_000L);
      assertThat(h.readAlerts()).singleElement().satisfies(a -> assertThat(a.getType())
          .isEqualTo(AlertType.CART_ABANDONMENT));
    }
  }
}
