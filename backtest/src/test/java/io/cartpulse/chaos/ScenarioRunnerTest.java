package io.cartpulse.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ScenarioRunnerTest {

  @Test
  void aRecoveryIsRecordedBeforeTheRunStopsWaitingForIt() throws Exception {
    List<ScenarioRunner.Recovery> recoveries = new CopyOnWriteArrayList<>();
    CompletableFuture<Long> assigned = new CompletableFuture<>();
    ScenarioRunner.Measurement measurement = ScenarioRunner.measure(assigned, 1_000, recoveries, "holds partitions",
        "how");

    assigned.complete(8_500L);
    measurement.await(Duration.ofSeconds(5));

    assertThat(recoveries).containsExactly(new ScenarioRunner.Recovery("holds partitions", 7_500, "how"));
  }

  @Test
  void aRecoveryTheRunStoppedWaitingForIsReportedAsNotSeen() throws Exception {
    List<ScenarioRunner.Recovery> recoveries = new CopyOnWriteArrayList<>();
    CompletableFuture<Long> processing = new CompletableFuture<>();
    ScenarioRunner.Measurement measurement = ScenarioRunner.measure(processing, 1_000, recoveries,
        "processing again", "how");

    measurement.await(Duration.ofMillis(1));

    assertThat(recoveries).containsExactly(new ScenarioRunner.Recovery("processing again", -1, "how"));
    assertThat(processing).isCancelled();
  }

  @Test
  void howARecoveryWasMeasuredIsReadWhenItsClockStops() throws Exception {
    List<ScenarioRunner.Recovery> recoveries = new CopyOnWriteArrayList<>();
    CompletableFuture<Long> processing = new CompletableFuture<>();
    AtomicReference<String> note = new AtomicReference<>("before");
    ScenarioRunner.Measurement measurement = ScenarioRunner.measure(processing, 1_000, recoveries,
        "processing again", () -> "how" + note.get());

    note.set("; at the stop");
    processing.complete(3_000L);
    measurement.await(Duration.ofSeconds(5));

    assertThat(recoveries).containsExactly(new ScenarioRunner.Recovery("processing again", 2_000, "how; at the stop"));
  }

  @Test
  void aRestartsCpuIsReportedWithItsShareOfTheMachine() {
    assertThat(ScenarioRunner.cpuNote(Optional.of(Duration.ofMillis(5_100)), 17_000, 2))
        .isEqualTo("; by then it had used 5.1 s of CPU, 0.30 of the machine's 2 cores on average");
  }

  @Test
  void aRestartsCpuIsLeftOutWhenTheSystemDoesNotTellIt() {
    assertThat(ScenarioRunner.cpuNote(Optional.empty(), 17_000, 2)).isEmpty();
    assertThat(ScenarioRunner.cpuNote(Optional.of(Duration.ofSeconds(1)), 0, 2)).isEmpty();
  }
}
