package io.cartpulse.bench.live;

import io.cartpulse.bench.Stats;
import io.cartpulse.contract.Topics;
import io.cartpulse.flink.config.JobConfig;
import io.cartpulse.local.LocalStack;
import io.cartpulse.local.generator.SyntheticShop;
import io.cartpulse.local.generator.SyntheticShop.ShopConfig;
import io.cartpulse.local.kafka.ClickProducer;
import io.cartpulse.rules.RuleCatalog;
import io.cartpulse.streams.config.StreamsAppConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run on a freshly started {@link LocalStack}: first the latency phase at a moderate rate,
 * then the throughput ladder. The synthetic shop runs with its event clock on the wall clock
 * (no time compression, {@link ShopConfig#realTime()} densities at the offered rate), as a live shop
 * would: windows, cooldowns and state lifetimes are the real ones.
 */
final class LiveRun {
  private static final Logger LOG = LoggerFactory.getLogger(LiveRun.class);
  private static final String FLINK_RPC_LOGGER = "org.apache.flink.runtime.rpc.pekko.FencedPekkoRpcActor";

  /**
   * One offered rate of the ladder, per engine: {@code *Committed} the lowest committed lag over the last
   * judge window; {@code *FetchBefore}/{@code *FetchLast} the median fetch-position lag over the two last
   * judge windows (-1 unknown). In records.
   */
  record StepResult(int offered, double achieved, long streamsCommitted, long streamsFetchBefore,
      long streamsFetchLast, long flinkCommitted, long flinkFetchBefore, long flinkFetchLast, boolean producerLimited,
      ThreadCpu.Usage cpu, String streamThreads, double streamThreadsCommitting, PerEvent perEvent) {

    boolean streamsBounded() {
      return boundedLag(streamsCommitted, streamsFetchBefore, streamsFetchLast, offered);
    }

    boolean flinkBounded() {
      return boundedLag(flinkCommitted, flinkFetchBefore, flinkFetchLast, offered);
    }

    boolean bounded() {
      return streamsBounded() && flinkBounded();
    }

    boolean sustained() {
      return bounded() && !producerLimited;
    }

    String describe() {
      return String.format(Locale.ROOT, "offered %d ev/s, produced %.0f ev/s; streams-app lag committed %d, fetch %d -> %d;"
          + " flink lag committed %d, fetch %d -> %d: %s; %s; %s; stream threads: %s", offered, achieved,
          streamsCommitted, streamsFetchBefore, streamsFetchLast, flinkCommitted, flinkFetchBefore, flinkFetchLast,
          bounded() ? (producerLimited ? "bounded, but the producer fell short" : "sustained") : "NOT bounded",
          cpu.describe(), perEvent.describe(cpu), streamThreads);
    }
  }

  /**
   * What each engine got through in the judged window, in events per second: the streams-app by its
   * committed offsets (every commit, ~100 ms), the Flink job by its consumer's fetch position (its
   * committed offsets move only on checkpoints) - so CPU per event can be given for what was processed,
   * not what was offered, even while an engine falls behind or catches up. NaN when unknown.
   */
  record PerEvent(double produced, double streamsProcessed, double flinkProcessed) {

    static PerEvent between(ConsumerLag.Sample first, ConsumerLag.Sample last, double produced) {
      double seconds = (last.nanoTime() - first.nanoTime()) / 1e9;
      if (seconds <= 0) {
        return new PerEvent(produced, Double.NaN, Double.NaN);
      }
      double streams = rate(first.endOffset() - first.streams(), last.endOffset() - last.streams(), seconds);
      double flink = first.flinkFetch() < 0 || last.flinkFetch() < 0 ? Double.NaN
          : rate(first.endOffset() - first.flinkFetch(), last.endOffset() - last.flinkFetch(), seconds);
      return new PerEvent(produced, streams, flink);
    }

    private static double rate(long from, long to, double seconds) {
      return to >= from ? (to - from) / seconds : Double.NaN;
    }

    /** e.g. "per processed event: streams-app 52 us (9,800 ev/s), flink 40 us (10,000 ev/s), broker 30 us, ...". */
    String describe(ThreadCpu.Usage cpu) {
      return String.format(Locale.ROOT, "CPU per event: streams-app %s us (of %s ev/s processed), flink %s us "
              + "(of %s ev/s), broker %s us, feed+producer %s us, jvm gc+jit %s us (the last three per produced event)",
          micros(cpu.cores(ThreadCpu.STREAMS), streamsProcessed), whole(streamsProcessed),
          micros(cpu.cores(ThreadCpu.FLINK), flinkProcessed), whole(flinkProcessed),
          micros(cpu.cores(ThreadCpu.BROKER), produced), micros(cpu.cores(ThreadCpu.FEED), produced),
          micros(cpu.cores(ThreadCpu.JVM), produced));
    }

    private static String micros(double cores, double eventsPerSecond) {
      return Double.isNaN(eventsPerSecond) || eventsPerSecond <= 0 ? "?"
          : String.format(Locale.ROOT, "%.0f", cores / eventsPerSecond * 1e6);
    }

    private static String whole(double eventsPerSecond) {
      return Double.isNaN(eventsPerSecond) ? "?" : String.format(Locale.ROOT, "%.0f", eventsPerSecond);
    }
  }

  /**
   * The latency phase. {@code warmUpSeconds}: feeding before the window (the fixed warm-up, then until both
   * engines had caught up); {@code caughtUp} false when they had not within the settle timeout.
   */
  record LatencyResult(double achieved, AlertLatencyProbe.Result alerts, ThreadCpu.Usage cpu, String streamThreads,
      double warmUpSeconds, boolean caughtUp) {}

  /** {@code idle}: CPU of the stack with no input (null when not measured). */
  record RunResult(ThreadCpu.Usage idle, LatencyResult latency, List<StepResult> steps) {
    /** The produced rate of the highest sustained step, or 0 when none was. */
    double highestSustained() {
      return steps.stream().filter(StepResult::sustained).mapToDouble(StepResult::achieved).max().orElse(0);
    }

    /** The first step that was not sustained, or null. */
    StepResult firstFailure() {
      return steps.stream().filter(step -> !step.sustained()).findFirst().orElse(null);
    }
  }

  /** Stack sampling period of the stream threads (each sample is a safepoint: not too often). */
  private static final long SAMPLE_STACKS_MS = 100;

  private final LiveBenchPlan plan;
  private final Properties config;
  private final Path runDir;
  private final Consumer<String> progress;
  private final boolean leaveStackRunning;
  private long lastEventClock = Long.MIN_VALUE;

  LiveRun(LiveBenchPlan plan, Properties config, Path runDir, boolean leaveStackRunning, Consumer<String> progress) {
    this.plan = plan;
    this.config = config;
    this.runDir = runDir;
    this.leaveStackRunning = leaveStackRunning;
    this.progress = progress;
  }

  /** The settings of the benchmark stack (both engines get them): {@code config}, then the plan's own. */
  static Properties overrides(LiveBenchPlan plan, Properties config) {
    Properties overrides = new Properties();
    overrides.putAll(config);
    overrides.setProperty(RuleCatalog.CART_ABANDONMENT_DELAY.key(), LiveBenchPlan.ABANDONMENT_DELAY.toString());
    // A Kafka Streams key: the streams-app passes it on (the Flink job is not given it). Set
    // even at its default, so a --config cannot change what the rows say they measured. (LocalStack
    // sets the Flink checkpoint interval after these.)
    overrides.setProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, String.valueOf(plan.commitIntervalMs()));
    return overrides;
  }

  static LocalStack.Settings settings(Path runDir, LiveBenchPlan plan, Properties config) {
    return LocalStack.Settings.defaults(runDir).withRegistryPort(0).withRuleOverrides(overrides(plan, config))
        .withCheckpointIntervalMs(plan.checkpointIntervalMs()).withStreamThreads(streamThreads(config));
  }

  /**
   * The streams-app's stream threads: {@code num.stream.threads} of --config, else LocalStack's 2
   * (LocalStack sets the key itself, after --config, so it is taken from there).
   */
  static int streamThreads(Properties config) {
    String value = config.getProperty(StreamsConfig.NUM_STREAM_THREADS_CONFIG);
    if (value == null) {
      return LocalStack.Settings.defaults(Path.of(".")).streamThreads();
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(StreamsConfig.NUM_STREAM_THREADS_CONFIG + "=" + value + ": not a number", e);
    }
  }

  RunResult run() throws Exception {
    long started = System.nanoTime();
    LocalStack stack = LocalStack.start(settings(runDir, plan, config), line -> LOG.info("stack: {}", line));
    boolean failed = true;
    try {
      progress.accept(String.format(Locale.ROOT, "stack up in %.1f s (%s)", (System.nanoTime() - started) / 1e9,
          stack.bootstrapServers()));
      RunResult result;
      try (ClickProducer producer = new ClickProducer(stack.bootstrapServers(), stack.registryUrl(), true,
          Topics.CLICKSTREAM);
          ConsumerLag lag = new ConsumerLag(stack.bootstrapServers(), StreamsAppConfig.DEFAULT_APPLICATION_ID,
              JobConfig.defaultConfig().groupId())) {
        ThreadCpu.Usage idle = null;
        if (!plan.idleWindow().isZero()) {
          ThreadCpu.Snapshot idleStart = ThreadCpu.snapshot();
          Thread.sleep(plan.idleWindow().toMillis());
          idle = ThreadCpu.between(idleStart, ThreadCpu.snapshot());
          progress.accept("at rest (no input): " + idle.describe());
        }
        LatencyResult latency = latencyPhase(stack, producer, lag);
        List<StepResult> steps = ladder(stack, producer, lag);
        result = new RunResult(idle, latency, steps);
      }
      failed = false;
      return result;
    } finally {
      // Quick mode leaves the last stack to the process exit: a clean stop (Flink savepoint, Streams
      // close, broker shutdown) costs seconds that a ~30 s smoke run does not have.
      if (failed || !leaveStackRunning) {
        // A stop with savepoint that meets a checkpoint in flight makes Flink's RPC layer log an ERROR
        // about an "unseen checkpoint": expected while stopping, noise on the console.
        Configurator.setLevel(FLINK_RPC_LOGGER, Level.OFF);
        try {
          stack.close();
        } finally {
          Configurator.setLevel(FLINK_RPC_LOGGER, Level.INFO);
        }
      }
    }
  }

  private SyntheticShop shop(int rate) {
    // Event time = wall time, and never behind the previous phase's last click (a new shop starts now).
    long start = Math.max(System.currentTimeMillis() / 1000 * 1000,
        lastEventClock == Long.MIN_VALUE ? 0 : (lastEventClock / 1000 + 1) * 1000);
    return new SyntheticShop(ShopConfig.realTime().withEventsPerSecond(rate).withStartEpochMs(start));
  }

  private LatencyResult latencyPhase(LocalStack stack, ClickProducer producer, ConsumerLag lag) throws Exception {
    SyntheticShop shop = shop(plan.latencyRate());
    try (AlertLatencyProbe probe = new AlertLatencyProbe(stack.bootstrapServers(), stack.registryUrl(),
        LiveBenchPlan.FETCH_MAX_WAIT_MS); StreamThreadSampler sampler = new StreamThreadSampler(SAMPLE_STACKS_MS)) {
      ThreadCpu.Snapshot cpuStart;
      long ackedStart;
      long windowStart;
      try (ClickFeed feed = new ClickFeed(producer, shop, plan.latencyRate(), probe).start()) {
        long warmUpStart = System.nanoTime();
        hold(stack, feed, plan.latencyWarmUp());
        boolean caughtUp = settle(stack, feed, lag, plan.latencyRate());
        double warmUpSeconds = (System.nanoTime() - warmUpStart) / 1e9;
        cpuStart = ThreadCpu.snapshot();
        CommitProfile.Snapshot commitStart = CommitProfile.snapshot();
        ackedStart = producer.acked();
        windowStart = System.nanoTime();
        sampler.reset();
        probe.openWindow();
        hold(stack, feed, plan.latencyWindow());
        probe.closeWindow();
        double seconds = (System.nanoTime() - windowStart) / 1e9;
        long acked = producer.acked() - ackedStart;
        ThreadCpu.Usage cpu = ThreadCpu.between(cpuStart, ThreadCpu.snapshot());
        String streamThreads = sampler.describe() + "; " + CommitProfile.between(commitStart,
            CommitProfile.snapshot());
        hold(stack, feed, plan.latencyTail());
        feed.close();
        lastEventClock = shop.eventClock();
        AlertLatencyProbe.Result alerts = probe.result();
        LatencyResult result = new LatencyResult(acked / seconds, alerts, cpu, streamThreads, warmUpSeconds,
            caughtUp);
        progress.accept(String.format(Locale.ROOT,
            "latency at %d ev/s (produced %.0f/s): %d alerts matched %s, p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
                + " due-time alerts %d p50 %.1f ms; %s; stream threads: %s", plan.latencyRate(), result.achieved(),
            alerts.triggeredMs().length, alerts.matchedByType(), Stats.percentile(alerts.triggeredMs(), 50),
            Stats.percentile(alerts.triggeredMs(), 99), Stats.percentile(alerts.triggeredMs(), 100),
            alerts.dueMs().length, Stats.percentile(alerts.dueMs(), 50), cpu.describe(), streamThreads));
        return result;
      }
    }
  }

  private List<StepResult> ladder(LocalStack stack, ClickProducer producer, ConsumerLag lag) throws Exception {
    List<StepResult> results = new ArrayList<>();
    StepResult lastSustained = null;
    for (int rate : plan.steps()) {
      StepResult step = step(stack, producer, lag, rate);
      results.add(step);
      if (step.sustained()) {
        lastSustained = step;
        continue;
      }
      if (step.bounded() || lastSustained == null || plan.refineAbove() <= 0
          || rate - lastSustained.offered() <= plan.refineAbove()) {
        break;
      }
      int middle = (int) Math.round((rate + lastSustained.offered()) / 2.0 / 1000) * 1000;
      if (middle > lastSustained.offered() && middle < rate && drain(stack, lag, rate)) {
        results.add(step(stack, producer, lag, middle));
      }
      break;
    }
    return results;
  }

  private StepResult step(LocalStack stack, ClickProducer producer, ConsumerLag lag, int rate) throws Exception {
    SyntheticShop shop = shop(rate);
    long judge = plan.judgeWindow().toNanos();
    List<ConsumerLag.Sample> samples = new ArrayList<>();
    long start;
    long ackedStart = 0;
    long judgeStartNanos = 0;
    ThreadCpu.Snapshot cpuStart = null;
    CommitProfile.Snapshot commitStart = null;
    try (ClickFeed feed = new ClickFeed(producer, shop, rate, null).start();
        StreamThreadSampler sampler = new StreamThreadSampler(SAMPLE_STACKS_MS)) {
      start = System.nanoTime();
      long end = start + plan.stepHold().toNanos();
      long judgeStart = end - 2 * judge;
      long next = start;
      while (true) {
        long now = System.nanoTime();
        if (cpuStart == null && now >= judgeStart) {
          cpuStart = ThreadCpu.snapshot();
          commitStart = CommitProfile.snapshot();
          sampler.reset();
          ackedStart = producer.acked();
          judgeStartNanos = now;
        }
        if (now >= end) {
          break;
        }
        check(stack, feed);
        if (now >= next) {
          samples.add(lag.sample());
          next += plan.sampleEvery().toNanos();
        }
        Thread.sleep(Math.max(1, Math.min((next - System.nanoTime()) / 1_000_000, (end - System.nanoTime()) / 1_000_000)));
      }
      samples.add(lag.sample());
      ThreadCpu.Snapshot cpuEnd = ThreadCpu.snapshot();
      double seconds = (System.nanoTime() - judgeStartNanos) / 1e9;
      double achieved = (producer.acked() - ackedStart) / seconds;
      ThreadCpu.Usage cpu = ThreadCpu.between(cpuStart, cpuEnd);
      String streamThreads = sampler.describe() + "; " + CommitProfile.between(commitStart, CommitProfile.snapshot());
      double committing = sampler.share(StreamThreadSampler.COMMIT);
      if (LOG.isInfoEnabled()) {
        LOG.info("Busiest threads at {} ev/s:\n{}", rate, ThreadCpu.top(cpuStart, cpuEnd, 25));
      }
      feed.close();
      lastEventClock = shop.eventClock();
      long before = end - 2 * judge;
      long last = end - judge;
      boolean producerLimited = achieved < LiveBenchPlan.PRODUCER_SHARE * rate;
      List<ConsumerLag.Sample> judged = samples.stream().filter(sample -> sample.nanoTime() >= before).toList();
      PerEvent perEvent = judged.size() < 2 ? new PerEvent(achieved, Double.NaN, Double.NaN)
          : PerEvent.between(judged.get(0), judged.get(judged.size() - 1), achieved);
      StepResult result = new StepResult(rate, achieved,
          minLag(samples, last, Long.MAX_VALUE, ConsumerLag.Sample::streams),
          medianLag(samples, before, last, ConsumerLag.Sample::streamsFetch),
          medianLag(samples, last, Long.MAX_VALUE, ConsumerLag.Sample::streamsFetch),
          minLag(samples, last, Long.MAX_VALUE, ConsumerLag.Sample::flink),
          medianLag(samples, before, last, ConsumerLag.Sample::flinkFetch),
          medianLag(samples, last, Long.MAX_VALUE, ConsumerLag.Sample::flinkFetch),
          producerLimited, cpu, streamThreads, committing, perEvent);
      progress.accept("step " + result.describe());
      return result;
    }
  }

  /**
   * Bounded: the committed lag at its lowest in the last window at most {@link LiveBenchPlan#LAG_BOUND_SECONDS}
   * of input, and the fetch lag (median) of the last window at most {@link LiveBenchPlan#LAG_GROWTH_SECONDS} of
   * input above the window before (not growing). Without fetch lags the committed lag alone decides.
   */
  static boolean boundedLag(long committed, long fetchBefore, long fetchLast, int rate) {
    boolean growing = fetchBefore >= 0 && fetchLast >= 0 && fetchLast - fetchBefore > LiveBenchPlan.LAG_GROWTH_SECONDS * rate;
    return committed <= LiveBenchPlan.LAG_BOUND_SECONDS * rate && !growing;
  }

  /** The smallest lag sampled in [from, to); Long.MAX_VALUE when no sample fell in it. */
  static long minLag(List<ConsumerLag.Sample> samples, long from, long to, ToLongFunction<ConsumerLag.Sample> lag) {
    long min = Long.MAX_VALUE;
    for (ConsumerLag.Sample sample : samples) {
      if (sample.nanoTime() >= from && sample.nanoTime() < to) {
        min = Math.min(min, lag.applyAsLong(sample));
      }
    }
    return min;
  }

  /** The median lag sampled in [from, to), ignoring unknown (-1) values; -1 when none. */
  static long medianLag(List<ConsumerLag.Sample> samples, long from, long to, ToLongFunction<ConsumerLag.Sample> lag) {
    List<Double> values = new ArrayList<>();
    for (ConsumerLag.Sample sample : samples) {
      long value = lag.applyAsLong(sample);
      if (sample.nanoTime() >= from && sample.nanoTime() < to && value >= 0) {
        values.add((double) value);
      }
    }
    return values.isEmpty() ? -1 : (long) Stats.median(values);
  }

  /** Waits (feeding nothing) until both engines are nearly caught up; false when they are not within the timeout. */
  private boolean drain(LocalStack stack, ConsumerLag lag, int rate) throws Exception {
    long deadline = System.nanoTime() + plan.drainTimeout().toNanos();
    long bound = (long) (LiveBenchPlan.LAG_GROWTH_SECONDS * rate);
    while (System.nanoTime() < deadline) {
      if (stack.engineFailure() != null) {
        throw new IllegalStateException(stack.engineFailure());
      }
      ConsumerLag.Sample sample = lag.sample();
      if (sample.streams() <= bound && sample.flink() <= bound) {
        return true;
      }
      Thread.sleep(plan.sampleEvery().toMillis());
    }
    progress.accept("the backlog of the failed step did not drain within " + plan.drainTimeout().toSeconds()
        + " s; no refinement step");
    return false;
  }

  /**
   * Keeps feeding until both engines have caught up with the input (a fresh stack spends its first
   * seconds compiling, deploying and rebalancing, longer on a busy machine): the streams-app's lag
   * at most 0.5 s of input, the Flink job's at most one checkpoint interval plus 1 s of input (its
   * offsets move on checkpoints). Gives up after {@link LiveBenchPlan#settleTimeout()}; returns
   * whether they caught up.
   */
  private boolean settle(LocalStack stack, ClickFeed feed, ConsumerLag lag, int rate) throws Exception {
    long deadline = System.nanoTime() + plan.settleTimeout().toNanos();
    long streamsBound = rate / 2;
    long flinkBound = (long) (rate * (plan.checkpointIntervalMs() / 1000.0 + 1));
    while (true) {
      check(stack, feed);
      ConsumerLag.Sample sample = lag.sample();
      if (sample.streams() <= streamsBound && sample.flink() <= flinkBound) {
        return true;
      }
      if (System.nanoTime() >= deadline) {
        progress.accept(String.format(Locale.ROOT, "the engines had not caught up after the warm-up plus %d s "
            + "(lag streams-app %d, flink %d records); measuring anyway", plan.settleTimeout().toSeconds(),
            sample.streams(), sample.flink()));
        return false;
      }
      Thread.sleep(plan.sampleEvery().toMillis());
    }
  }

  /** Keeps feeding for {@code duration}, failing fast when an engine or the feed fails. */
  private static void hold(LocalStack stack, ClickFeed feed, Duration duration) throws InterruptedException {
    long end = System.nanoTime() + duration.toNanos();
    while (true) {
      check(stack, feed);
      long left = end - System.nanoTime();
      if (left <= 0) {
        return;
      }
      Thread.sleep(Math.max(1, Math.min(200, left / 1_000_000)));
    }
  }

  private static void check(LocalStack stack, ClickFeed feed) {
    if (stack.engineFailure() != null) {
      throw new IllegalStateException(stack.engineFailure());
    }
    if (feed.failure() != null) {
      throw new IllegalStateException("feeding clickstream failed: " + feed.failure().getMessage(), feed.failure());
    }
  }
}
