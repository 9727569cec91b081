package io.cartpulse.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BacktestClockTest {

  @Test
  void theClockStopsAtTheLargestEventTimeAndEmitsWhatIsDueByThen() {
    BacktestClock clock = new BacktestClock();
    clock.advance(1_000);
    clock.advance(5_000);
    clock.advance(3_000); // a late event does not move it back

    assertThat(clock.tEnd()).isEqualTo(5_000L);
    assertThat(clock.emits(5_000)).as("due exactly at T_end").isTrue();
    assertThat(clock.emits(5_001)).as("due after T_end").isFalse();
    assertThat(clock.emits(-10)).isTrue();
  }

  @Test
  void anInputWithoutEventsEmitsNothing() {
    BacktestClock clock = new BacktestClock();

    assertThat(clock.hasEvents()).isFalse();
    assertThat(clock.tEnd()).isNull();
    assertThat(clock.emits(Long.MIN_VALUE)).isFalse();
  }

  @Test
  void subjectsFollowTheTopicNameStrategy() {
    assertThat(Subjects.valueSubject(Topics.ALERTS)).isEqualTo("alerts-value");
    assertThat(Subjects.subject(Topics.CLICKSTREAM, true)).isEqualTo("clickstream-key");
    assertThat(Subjects.subject(Topics.PVUV, false)).isEqualTo("pvuv-value");
  }
}
