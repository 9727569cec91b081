package io.cartpulse.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.PvUvPoint;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputComparisonTest {
  static final long T_END = 1_000_000;

  static Alert alert(String id, long time, String views) {
    return Alert.newBuilder().setAlertId(id).setType(AlertType.PURCHASE_INTENT).setUserId("u").setProductId("p")
        .setEventTime(Instant.ofEpochMilli(time)).setDetectedAt(Instant.ofEpochMilli(time + 5))
        .setSource("streams-app").setMessage("m").setAttributes(Map.of("views", views)).build();
  }

  static PvUvPoint point(long windowEnd, long pv) {
    return PvUvPoint.newBuilder().setDay("1970-01-01").setWindowEnd(Instant.ofEpochMilli(windowEnd))
        .setDimension("all").setPv(pv).setUv(1).build();
  }

  @Test
  void theSameOutputIsExactWhateverItsDetectionTime() {
    Alert live = alert("a", 10, "4");
    live.setDetectedAt(Instant.ofEpochMilli(99_999));
    OutputComparison result = OutputComparison.alerts(List.of(alert("a", 10, "4")), List.of(live), T_END);
    assertThat(result.exact()).isTrue();
    assertThat(result.records()).isEqualTo(1);
  }

  @Test
  void missingDuplicateDifferentAndExtraAreCountedApart() {
    List<Alert> expected = List.of(alert("a", 10, "4"), alert("b", 20, "4"), alert("c", 30, "4"));
    List<Alert> got = List.of(alert("a", 10, "4"), alert("a", 10, "4"), alert("b", 20, "5"),
        alert("late", T_END + 1, "4"), alert("wrong", T_END, "4"));
    OutputComparison result = OutputComparison.alerts(expected, got, T_END);
    assertThat(result.missing()).isEqualTo(1);
    assertThat(result.duplicates()).isEqualTo(1);
    assertThat(result.different()).isEqualTo(1);
    assertThat(result.extraAfterEnd()).isEqualTo(1);
    assertThat(result.extraWithin()).isEqualTo(1);
    assertThat(result.exact()).isFalse();
    assertThat(result.examples()).hasSize(OutputComparison.EXAMPLES);
  }

  @Test
  void pointsAreIdentifiedByDayStepAndDimension() {
    OutputComparison result = OutputComparison.pvuv(List.of(point(60_000, 3)),
        List.of(point(60_000, 3), point(60_000, 4), point(T_END + 60_000, 5)), T_END);
    assertThat(result.duplicates()).isEqualTo(1);
    assertThat(result.extraAfterEnd()).isEqualTo(1);
    assertThat(result.missing()).isZero();
    assertThat(result.exact()).isFalse();
  }

  @Test
  void deadLettersMustBeThePoisonOncePerEngineWithItsReason() {
    List<ClickFeeder.Landed> poison = List.of(new ClickFeeder.Landed(0, 5, PoisonRecords.Reason.MAGIC_BYTE),
        new ClickFeeder.Landed(1, 7, PoisonRecords.Reason.NEGATIVE_PRICE));
    String magic = "undecodable: Cannot deserialize ClickEvent from topic 'clickstream': unknown magic byte 3";
    List<OutputTap.DeadLetter> exact = List.of(new OutputTap.DeadLetter(magic, 0, 5),
        new OutputTap.DeadLetter("Cannot deserialize ClickEvent from topic 'clickstream': unknown magic byte 3", 0, 5),
        new OutputTap.DeadLetter("negative price -5.00", 1, 7), new OutputTap.DeadLetter("negative price -5.00", 1, 7));
    assertThat(DeadLetterCheck.of(poison, exact).exact()).isTrue();

    List<OutputTap.DeadLetter> wrong = List.of(new OutputTap.DeadLetter(magic, 0, 5),
        new OutputTap.DeadLetter("missing userId", 1, 7), new OutputTap.DeadLetter("negative price -5.00", 1, 7),
        new OutputTap.DeadLetter("schema id 1 is unknown to the registry at x", 2, 9));
    DeadLetterCheck check = DeadLetterCheck.of(poison, wrong);
    assertThat(check.wrongCount()).as("0@5 once only").isEqualTo(1);
    assertThat(check.wrongReason()).isEqualTo(1);
    assertThat(check.notPoison()).as("a valid record dead-lettered").isEqualTo(1);
    assertThat(check.exact()).isFalse();
  }
}
