package io.cartpulse.bench.live;

import java.time.Duration;
import java.util.List;

/**
 * What one bench-live invocation measures and for how long. {@link #full()} is the issue-6 run
 * (several minutes); {@link #quick()} fits in the ~30 s that scripts/bench --quick gives it (numbers
 * only, too short to judge anything).
 *
 * @param runs independent runs, each on a freshly started stack
 * @param latencyRate offered rate of the latency phase (events per second)
 * @param latencyWarmUp feeding before the measured window (JIT, caches, consumer fetch sessions)
 * @param latencyWindow clicks produced in this window are measured
 * @param latencyTail feeding goes on this long after the window so its last alerts arrive under the same load
 * @param steps offered rates of the throughput ladder, in order; it stops at the first rate not sustained
 * @param refineAbove after a failed step, one more step halfway between it and the last sustained one
 *     when they are further apart than this (0 = never)
 * @param stepHold how long each rate is offered
 * @param judgeWindow the lag is judged over the last two windows of this length of each step
 * @param sampleEvery lag sampling period
 * @param drainTimeout after a step that built a backlog, how long to wait for it to drain
 * @param commitIntervalMs the streams-app's commit.interval.ms (exactly-once: how often output becomes visible)
 * @param checkpointIntervalMs the Flink checkpoint interval (its output and offsets are committed on checkpoints)
 */
record LiveBenchPlan(String name, int runs, int latencyRate, Duration latencyWarmUp, Duration latencyWindow,
    Duration latencyTail, List<Integer> steps, int refineAbove, Duration stepHold, Duration judgeWindow,
    Duration sampleEvery, Duration drainTimeout, long commitIntervalMs, long checkpointIntervalMs) {

  /** After the fixed warm-up, how long the latency phase waits at most for both engines to catch up. */
  Duration settleTimeout() {
    return switch (name) {
      case "quick" -> Duration.ofSeconds(1);
      case "warm-up" -> Duration.ofSeconds(20);
      default -> Duration.ofSeconds(45);
    };
  }

  /**
   * The discarded run that precedes the measured ones in full mode, or null: the first stack of a JVM
   * runs on a cold JIT (compiling about a core-second per second for minutes) and measures the
   * compiler, not the pipeline; a long-running deployment is JIT-warm.
   */
  LiveBenchPlan warmUpPlan() {
    if (!"full".equals(name)) {
      return null;
    }
    return new LiveBenchPlan("warm-up", 1, latencyRate, Duration.ofSeconds(5), Duration.ofSeconds(15),
        Duration.ofSeconds(2), List.of(5_000, 10_000, 20_000), 0, Duration.ofSeconds(10), Duration.ofSeconds(5),
        sampleEvery, Duration.ZERO, commitIntervalMs, checkpointIntervalMs);
  }

  /** How long the CPU of the stack at rest (no input) is measured before the latency phase; zero: not. */
  Duration idleWindow() {
    return "full".equals(name) ? Duration.ofSeconds(5) : Duration.ZERO;
  }

  /** Quick mode leaves its (only) stack running at the end and lets the process exit take it down. */
  boolean leaveLastStackRunning() {
    return "quick".equals(name);
  }

  /** Lag at the best moment of the last window must be at most this many seconds of input. */
  static final double LAG_BOUND_SECONDS = 2.0;
  /** ... and at most this many seconds of input above the best moment of the window before. */
  static final double LAG_GROWTH_SECONDS = 0.25;
  /** The producer must deliver at least this share of the offered rate for a step to count as offered. */
  static final double PRODUCER_SHARE = 0.95;
  /** Streams commit interval: the exactly-once default of Kafka Streams, which LocalStack keeps. */
  static final long DEFAULT_COMMIT_INTERVAL_MS = 100;
  /** LocalStack's Flink checkpoint interval. */
  static final long DEFAULT_CHECKPOINT_INTERVAL_MS = 2_000;
  /** The cap on how long the latency consumer's fetch may wait at the broker. */
  static final long FETCH_MAX_WAIT_MS = 20;
  /** Cart abandonment delay for the benchmark, so that time-driven alerts fall inside a run. */
  static final Duration ABANDONMENT_DELAY = Duration.ofSeconds(10);

  static LiveBenchPlan full() {
    return new LiveBenchPlan("full", 3, 2_000, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(5),
        List.of(2_500, 5_000, 10_000, 20_000, 30_000, 40_000, 50_000), 5_000, Duration.ofSeconds(20), Duration.ofSeconds(5),
        Duration.ofMillis(500), Duration.ofSeconds(60), DEFAULT_COMMIT_INTERVAL_MS, DEFAULT_CHECKPOINT_INTERVAL_MS);
  }

  static LiveBenchPlan quick() {
    return new LiveBenchPlan("quick", 1, 2_000, Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofMillis(500),
        List.of(10_000), 0, Duration.ofSeconds(4), Duration.ofSeconds(2), Duration.ofMillis(250), Duration.ZERO,
        DEFAULT_COMMIT_INTERVAL_MS, DEFAULT_CHECKPOINT_INTERVAL_MS);
  }

  LiveBenchPlan withRuns(int value) {
    return new LiveBenchPlan(name, value, latencyRate, latencyWarmUp, latencyWindow, latencyTail, steps, refineAbove,
        stepHold, judgeWindow, sampleEvery, drainTimeout,
        commitIntervalMs, checkpointIntervalMs);
  }

  LiveBenchPlan withSteps(List<Integer> value) {
    return new LiveBenchPlan(name, runs, latencyRate, latencyWarmUp, latencyWindow, latencyTail, List.copyOf(value),
        refineAbove, stepHold, judgeWindow, sampleEvery, drainTimeout,
        commitIntervalMs, checkpointIntervalMs);
  }

  LiveBenchPlan withLatencyRate(int value) {
    return new LiveBenchPlan(name, runs, value, latencyWarmUp, latencyWindow, latencyTail, steps, refineAbove,
        stepHold, judgeWindow, sampleEvery, drainTimeout,
        commitIntervalMs, checkpointIntervalMs);
  }

  LiveBenchPlan withStepHold(Duration value) {
    return new LiveBenchPlan(name, runs, latencyRate, latencyWarmUp, latencyWindow, latencyTail, steps, refineAbove,
        value, judgeWindow, sampleEvery, drainTimeout,
        commitIntervalMs, checkpointIntervalMs);
  }

  LiveBenchPlan withIntervals(long commitMs, long checkpointMs) {
    return new LiveBenchPlan(name, runs, latencyRate, latencyWarmUp, latencyWindow, latencyTail, steps, refineAbove,
        stepHold, judgeWindow, sampleEvery, drainTimeout, commitMs, checkpointMs);
  }
}
