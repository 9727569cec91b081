package io.cartpulse.flink.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.PvUvPoint;
import io.cartpulse.click.EventType;
import io.cartpulse.flink.model.Click;
import io.cartpulse.flink.model.DimensionView;
import io.cartpulse.testing.Clicks;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PV/UV curves (ALERTS.md section 4) on the operator harness. */
class PvUvCurveFunctionTest {
  static final long MINUTE = 60_000L;
  static final long DAY = 86_400_000L;
  static final long D = 1_569_888_000_000L; // 2019-10-01T00:00:00Z
  static final String ALL_D = PvUvCurveFunction.key("2019-10-01", "all");
  static final String ALL_D1 = PvUvCurveFunction.key("2019-10-02", "all");

  private KeyedOneInputStreamOperatorTestHarness<String, DimensionView, PvUvPoint> harness;

  @BeforeEach
  void open() throws Exception {
    harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new PvUvCurveFunction()),
        view -> view.key, Types.STRING);
    harness.open();
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  void view(String key, String user, long time) throws Exception {
    harness.processElement(new DimensionView(key, user, time), time);
  }

  List<PvUvPoint> points() {
    List<PvUvPoint> points = new ArrayList<>(harness.extractOutputValues());
    harness.getOutput().clear();
    return points;
  }

  static String line(PvUvPoint p) {
    return p.getDay() + " " + p.getDimension() + " +" + (p.getWindowEnd().toEpochMilli() - D) / MINUTE + "min pv="
        + p.getPv() + " uv=" + p.getUv();
  }

  @Test
  void theFirstPointIsAtTheEndOfTheFirstMinuteWithAView() throws Exception {
    view(ALL_D, "a", D + 5 * MINUTE + 30_000);
    harness.processWatermark(D + 6 * MINUTE - 1);
    assertThat(points()).isEmpty();

    harness.processWatermark(D + 6 * MINUTE);

    assertThat(points()).singleElement().satisfies(point -> {
      assertThat(point.getDay()).isEqualTo("2019-10-01");
      assertThat(point.getDimension()).isEqualTo("all");
      assertThat(point.getWindowEnd().toEpochMilli()).isEqualTo(D + 6 * MINUTE);
      assertThat(point.getPv()).isEqualTo(1);
      assertThat(point.getUv()).isEqualTo(1);
    });
  }

  @Test
  void everyMinuteGetsACumulativePointQuietOnesIncluded() throws Exception {
    view(ALL_D, "a", D);
    view(ALL_D, "a", D + 2 * MINUTE);
    view(ALL_D, "b", D + 2 * MINUTE + 59_999);
    harness.processWatermark(D + 3 * MINUTE);

    assertThat(points()).extracting(PvUvCurveFunctionTest::line).containsExactly(
        "2019-10-01 all +1min pv=1 uv=1",
        "2019-10-01 all +2min pv=1 uv=1",
        "2019-10-01 all +3min pv=3 uv=2");
  }

  @Test
  void aViewAtAStepEndIsNotInThatStepEvenWhenProcessedFirst() throws Exception {
    view(ALL_D, "a", D + 30_000);
    view(ALL_D, "b", D + MINUTE); // arrives before the clock reaches D + 1 min
    harness.processWatermark(D + 2 * MINUTE);

    assertThat(points()).extracting(PvUvCurveFunctionTest::line).containsExactly(
        "2019-10-01 all +1min pv=1 uv=1",
        "2019-10-01 all +2min pv=2 uv=2");
  }

  @Test
  void aUserSeenFirstInALaterMinuteAndThenInAnEarlierOneCountsOnceFromTheEarlierOne() throws Exception {
    view(ALL_D, "u", D + 5 * MINUTE);
    view(ALL_D, "v", D + 5 * MINUTE);
    view(ALL_D, "u", D + 3 * MINUTE); // out of order, still ahead of the clock
    harness.processWatermark(D + 6 * MINUTE);

    assertThat(points()).extracting(PvUvCurveFunctionTest::line).containsExactly(
        "2019-10-01 all +4min pv=1 uv=1",
        "2019-10-01 all +5min pv=1 uv=1",
        "2019-10-01 all +6min pv=3 uv=2");
  }

  @Test
  void uvIsExactForManyUsers() throws Exception {
    for (int user = 0; user < 1_000; user++) {
      for (int i = 0; i < 3; i++) {
        view(ALL_D, "user" + user, D + i * 1000 + user);
      }
    }
    harness.processWatermark(D + MINUTE);
    assertThat(points()).extracting(PvUvCurveFunctionTest::line).containsExactly("2019-10-01 all +1min pv=3000 uv=1000");
  }

  @Test
  void aDayEndsWithItsLastStepAndTheNextDayStartsAfresh() throws Exception {
    view(ALL_D, "a", D + DAY - 1);
    view(ALL_D1, "a", D + DAY);
    harness.processWatermark(D + DAY);

    assertThat(points()).extracting(PvUvCurveFunctionTest::line).containsExactly("2019-10-01 all +1440min pv=1 uv=1");
    assertThat(harness.numKeyedStateEntries(ALL_D)).as("day D's state after its last point").isZero();

    harness.processWatermark(D + DAY + MINUTE);
    assertThat(points()).extracting(PvUvCurveFunctionTest::line).containsExactly("2019-10-02 all +1441min pv=1 uv=1");
  }

  @Test
  void aFullDayHas1440PointsThenNoStateOrTimersAreLeft() throws Exception {
    view(ALL_D, "a", D);
    view(PvUvCurveFunction.key("2019-10-01", "electronics"), "a", D + 10 * MINUTE);
    harness.processWatermark(D + DAY - 1);
    assertThat(harness.numEventTimeTimers()).isEqualTo(2);

    harness.processWatermark(D + DAY);

    List<PvUvPoint> points = points();
    assertThat(points).filteredOn(p -> p.getDimension().equals("all")).hasSize(1440)
        .last().satisfies(p -> assertThat(p.getWindowEnd().toEpochMilli()).isEqualTo(D + DAY));
    assertThat(points).filteredOn(p -> p.getDimension().equals("electronics")).hasSize(1430);
    assertThat(points).allSatisfy(p -> assertThat(p.getPv()).isEqualTo(1));
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void eachViewCountsForAllAndItsTopLevelCategory() {
    List<DimensionView> out = new ArrayList<>();
    Collector<DimensionView> collector = new Collector<>() {
      @Override
      public void collect(DimensionView record) {
        out.add(record);
      }

      @Override
      public void close() {}
    };
    PvUvCurveFunction.ToDimensions toDimensions = new PvUvCurveFunction.ToDimensions();
    toDimensions.flatMap(Click.of(Clicks.click(D + DAY - 1, "view", "u", "p", "electronics.audio.headphone")),
        collector);
    toDimensions.flatMap(Click.of(Clicks.click(D + DAY, "view", "u", "p", null)), collector);
    toDimensions.flatMap(new Click(D, EventType.PURCHASE, "u", "p", "electronics"), collector);

    assertThat(out).extracting(v -> v.key).containsExactly(
        "2019-10-01|all", "2019-10-01|electronics", "2019-10-02|all", "2019-10-02|none");
  }
}
