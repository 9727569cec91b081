package io.cartpulse.flink.io;

import static io.cartpulse.testing.Clicks.click;
import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.flink.model.SourcedClick;
import org.apache.flink.api.common.accumulators.Accumulator;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClickRouterTest {
  static final long T = 1_569_888_000_000L;

  private ProcessOperator<SourcedClick, ClickEvent> operator;
  private OneInputStreamOperatorTestHarness<SourcedClick, ClickEvent> harness;

  @BeforeEach
  void open() throws Exception {
    operator = new ProcessOperator<>(new ClickRouter());
    harness = new OneInputStreamOperatorTestHarness<>(operator);
    harness.open();
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void onTimeValidClicksContinue() throws Exception {
    harness.processWatermark(T - 1);
    ClickEvent event = click(T, "view", "u", "p", null);
    harness.processElement(SourcedClick.valid(event), T);

    assertThat(harness.extractOutputValues()).containsExactly(event);
    assertThat(harness.getSideOutput(ClickRouter.LATE)).isNull();
  }

  @Test
  void eventsAtOrBehindTheWatermarkGoToTheLateOutputAndAreCounted() throws Exception {
    harness.processWatermark(T);
    SourcedClick atWatermark = SourcedClick.valid(click(T, "view", "u", "p", null));
    SourcedClick behind = SourcedClick.valid(click(T - 5000, "view", "u", "p", null));
    harness.processElement(atWatermark, T);
    harness.processElement(behind, T - 5000);

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(harness.getSideOutput(ClickRouter.LATE)).extracting(r -> r.getValue().eventTime())
        .containsExactly(T, T - 5000);
    Accumulator<Long, Long> late = operator.getRuntimeContext().getAccumulator(ClickRouter.LATE_METRIC);
    assertThat(late.getLocalValue()).isEqualTo(2);
  }

  @Test
  void invalidRecordsGoToTheDeadLetterOutputWithTheirReason() throws Exception {
    SourcedClick invalid = SourcedClick.invalid("missing userId");
    harness.processElement(invalid, Long.MIN_VALUE);

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(harness.getSideOutput(ClickRouter.INVALID)).singleElement()
        .satisfies(r -> assertThat(r.getValue().invalidReason).isEqualTo("missing userId"));
    Accumulator<Long, Long> invalidCount = operator.getRuntimeContext().getAccumulator(ClickRouter.INVALID_METRIC);
    assertThat(invalidCount.getLocalValue()).isEqualTo(1);
  }
}
