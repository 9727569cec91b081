package io.cartpulse.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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
}
