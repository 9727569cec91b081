package io.cartpulse.streams.processor;

import static io.cartpulse.streams.StreamsTestHarness.MINUTE;
import static io.cartpulse.streams.StreamsTestHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.streams.CartPulseStreamsApp;
import io.cartpulse.streams.StreamsTestHarness;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every rule is per user: input keyed by anything else is repartitioned by userId first. */
class RepartitionTest {

  @Test
  void recordsKeyedBySomethingElseAreStillGroupedPerUser() {
    try (StreamsTestHarness h = new StreamsTestHarness()) {
      String[] keys = {"session-a", null, "product-9", "whatever"};
      for (int i = 0; i < 4; i++) {
        ClickEvent view = StreamsTestHarness.event("view", "u1", "p1", T0 + i * MINUTE, "10.00", null, "s1");
        byte[] value = h.clickSerde.serialize("clickstream", view);
        h.rawClicks.pipeInput(keys[i] == null ? null : keys[i].getBytes(StandardCharsets.UTF_8), value,
            T0 + i * MINUTE);
      }

      var record = h.alerts.readRecord();

      assertThat(record.value().getType()).isEqualTo(AlertType.PURCHASE_INTENT);
      assertThat(record.key()).isEqualTo("u1");
      assertThat(h.driver.producedTopicNames())
          .contains("cartpulse-streams-test-" + CartPulseStreamsApp.REPARTITION_NAME + "-repartition");
    }
  }

  @Test
  void inputAlreadyKeyedByUserSkipsTheRepartition() {
    try (StreamsTestHarness h = new StreamsTestHarness(
        StreamsTestHarness.props("input.keyed-by-user", "true"))) {
      String description = CartPulseStreamsApp.build(h.config).describe().toString();
      // The user repartition is skipped; the product side's own repartition (by product) stays.
      assertThat(description).doesNotContain(CartPulseStreamsApp.REPARTITION_NAME + "-repartition");

      h.view("u1", "p1", T0, "1.00").view("u1", "p1", T0 + 1, "1.00").view("u1", "p1", T0 + 2, "1.00")
          .view("u1", "p1", T0 + 3, "1.00");
      assertThat(h.readAlerts()).hasSize(1);
    }
  }

  @Test
  void inputSaidToBeKeyedByUserButKeyedOtherwiseStopsTheApplication() {
    try (StreamsTestHarness h = new StreamsTestHarness(
        StreamsTestHarness.props("input.keyed-by-user", "true"))) {
      ClickEvent view = StreamsTestHarness.event("view", "u1", "p1", T0, "10.00", null, "s1");
      byte[] value = h.clickSerde.serialize("clickstream", view);

      assertThatThrownBy(() -> h.rawClicks.pipeInput("session-a".getBytes(StandardCharsets.UTF_8), value, T0))
          .hasStackTraceContaining("input.keyed-by-user=true, but a click of user 'u1' has the key 'session-a'");
      assertThat(h.readAlerts()).isEmpty();
    }
  }

  @Test
  void theDefaultTopologyRepartitionsByUser() {
    try (StreamsTestHarness h = new StreamsTestHarness()) {
      assertThat(CartPulseStreamsApp.build(h.config).describe().toString())
          .contains(CartPulseStreamsApp.REPARTITION_NAME + "-repartition");
    }
  }
}
