package io.cartpulse.dashboard.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.PvUvPoint;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PvUvCurvesTest {
  private final PvUvCurves curves = new PvUvCurves();

  private static PvUvPoint point(String day, int minute, String dimension, long pv, long uv) {
    return new PvUvPoint(day, Instant.parse(day + "T00:00:00Z").plusSeconds(60L * minute), dimension, pv, uv);
  }

  @Test
  void aCurveIsItsStepsInTimeOrderAndAPointSeenAgainReplacesTheFirst() {
    curves.add(point("2019-10-01", 3, "all", 30, 9));
    curves.add(point("2019-10-01", 1, "all", 10, 4));
    long before = curves.version("2019-10-01", "all");
    curves.add(point("2019-10-01", 3, "all", 31, 10));

    PvUvCurves.Curve all = curves.curve("2019-10-01", "all");
    assertThat(all.windowEnds()).containsExactly(Instant.parse("2019-10-01T00:01:00Z").toEpochMilli(),
        Instant.parse("2019-10-01T00:03:00Z").toEpochMilli());
    assertThat(all.pv()).containsExactly(10, 31);
    assertThat(all.uv()).containsExactly(4, 10);
    assertThat(all.version()).isGreaterThan(before);
    assertThat(curves.latestWindowEnd()).isEqualTo(Instant.parse("2019-10-01T00:03:00Z").toEpochMilli());
  }

  @Test
  void todayIsTheLatestDayAndOnlyTwoDaysAreKept() {
    curves.add(point("2019-10-01", 5, "all", 1, 1));
    curves.add(point("2019-10-02", 5, "all", 2, 2));
    curves.add(point("2019-10-03", 5, "all", 3, 3));
    curves.add(point("2019-10-01", 6, "all", 9, 9));

    assertThat(curves.latestDay()).isEqualTo("2019-10-03");
    assertThat(curves.curve("2019-10-01", "all").size()).isZero();
    assertThat(curves.version("2019-10-01", "all")).isZero();
    assertThat(curves.curve("2019-10-02", "all").pv()).containsExactly(2);
  }

  @Test
  void categoriesAreTheBusiestFirstWithoutAll() {
    curves.add(point("2019-10-01", 1, "all", 100, 10));
    curves.add(point("2019-10-01", 1, "apparel", 20, 5));
    curves.add(point("2019-10-01", 1, "electronics", 70, 8));
    curves.add(point("2019-10-01", 1, "none", 20, 2));

    assertThat(curves.categories("2019-10-01")).containsExactly("electronics", "apparel", "none");
    assertThat(curves.categories("2019-10-02")).isEmpty();
    assertThat(curves.categories(null)).isEmpty();
  }
}
