package io.cartpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void medianAndSpreadOfRuns() {
    assertThat(Stats.of(3, 1, 2)).isEqualTo(new Stats(2, 1, 3, 3));
    assertThat(Stats.of(4, 1, 2, 3).median()).isEqualTo(2.5);
    assertThat(Stats.of(4, 1, 2, 3).relativeSpread()).isEqualTo(1.2);
    assertThatThrownBy(Stats::of).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void runsThatMeasuredNothingAreSkipped() {
    assertThat(Stats.ofRuns(List.of(Double.NaN, 5.0, 1.0))).isEqualTo(new Stats(3, 1, 5, 2));
    assertThat(Stats.ofRuns(List.of(Double.NaN)).runs()).isZero();
    assertThat(Stats.median(List.of())).isNaN();
  }

  @Test
  void percentilesAreNearestRank() {
    double[] sample = {15, 20, 35, 40, 50};
    assertThat(Stats.percentile(sample, 30)).isEqualTo(20);
    assertThat(Stats.percentile(sample, 40)).isEqualTo(20);
    assertThat(Stats.percentile(sample, 50)).isEqualTo(35);
    assertThat(Stats.percentile(sample, 100)).isEqualTo(50);
    assertThat(Stats.percentile(new double[0], 50)).isNaN();
  }
}
