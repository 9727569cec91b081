package io.cartpulse.bench.jmh;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.PvUvPoint;
import io.cartpulse.bench.flink.ChurnHarness;
import io.cartpulse.click.EventType;
import io.cartpulse.flink.model.Click;
import io.cartpulse.flink.model.DimensionView;
import io.cartpulse.flink.rules.PvUvCurveFunction;
import io.cartpulse.flink.rules.TrafficSurgeFunction;
import io.cartpulse.avro.RuleSettings;
import io.cartpulse.flink.settings.FollowedSettings;
import io.cartpulse.settings.SettingsInForce;
import io.cartpulse.settings.SettingsTimeline;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.Collector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The Flink rules' operators per event on Flink's keyed operator harness (heap state backend):
 * CHURN_RISK in both implementations, TRAFFIC_SURGE and the PV/UV curves. Input: 10,000 users,
 * one event every 60 ms of event time (each user views every 10 minutes, so churn windows fill up
 * and alert), 1 event in 97 a purchase, a watermark every 100 events as a source would send.
 *
 * <p>CHURN_RISK is measured in its steady state: before the measurement the operators take
 * {@link Churn#warmUpEvents} events, untimed (the default, {@value #CHURN_STEADY_STATE_EVENTS}, is
 * 7.6 days of event time). Every user has opened a churn window after the first 10 events each;
 * without that a fork measures mostly the first view of each of the 10,000 users - a window
 * opening, the dearest event of either version, which a running job meets about once per user and
 * week. Windows keep opening: a purchase inside a window closes it (every user buys about every 16
 * hours of event time) and the user's next view opens the next. The CEP operator keeps the timeout
 * timer of each window it saw open until the window's end, 7 days on, however soon the window was
 * discarded, so its timers only stop growing after 7 days of event time; and its code paths are
 * still being compiled after 3 million events (in one JVM over 25 million events its cost per
 * event fell from 2.1 us in the first million to 0.4-0.9 us from the fourth on). The earlier
 * warm-up of 100,000 events measured CEP's JIT warm-up and a growing timer queue instead of the
 * steady state (docs/BENCHMARKS.md, issue 15).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FlinkRuleBenchmarks {
  static final int BATCH = 1_000;
  static final int USERS = 10_000;
  static final long STEP_MS = 60;
  /** 7.6 days of event time: past the 7-day window, so the CEP operator's timers have stopped growing. */
  static final long CHURN_STEADY_STATE_EVENTS = 11_000_000L;
  /** Ten views per user: every user's churn window open (the quick run's warm-up). */
  static final long CHURN_WINDOWS_OPEN_EVENTS = 10L * USERS;

  /** The shared event sequence. */
  static final class Clicks {
    final String[] users = new String[USERS];
    long n;

    Clicks() {
      for (int i = 0; i < USERS; i++) {
        users[i] = "user-" + i;
      }
    }

    long time() {
      return Fixtures.T0 + n * STEP_MS;
    }

    Click next() {
      long i = n++;
      EventType type = i % 97 == 0 ? EventType.PURCHASE : EventType.VIEW;
      return new Click(Fixtures.T0 + i * STEP_MS, type, users[(int) (i % USERS)], "p" + (i % 500),
          "c" + (i % 13));
    }
  }

  @State(Scope.Thread)
  public static class Churn {
    @Param({"process", "cep"})
    public String implementation;

    /** Untimed events before the measurement; the quick run sets {@link #CHURN_WINDOWS_OPEN_EVENTS}. */
    @Param({"" + CHURN_STEADY_STATE_EVENTS})
    public long warmUpEvents;

    ChurnHarness churn;
    Clicks clicks;

    @Setup(Level.Trial)
    public void start() throws Exception {
      churn = ChurnHarness.create(implementation);
      clicks = new Clicks();
      for (long i = 0; i < warmUpEvents; i++) {
        step(churn, clicks, i);
      }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
      churn.close();
    }
  }

  /** CHURN_RISK per event (the CEP version includes its window assigner in front). */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long churnRisk(Churn state) throws Exception {
    for (int i = 0; i < BATCH; i++) {
      step(state.churn, state.clicks, i);
    }
    return state.churn.alerts();
  }

  private static void step(ChurnHarness churn, Clicks clicks, long i) throws Exception {
    churn.click(clicks.next());
    if (i % 100 == 99) {
      churn.watermark(clicks.time() - 1);
    }
  }

  @State(Scope.Thread)
  public static class Surge {
    KeyedBroadcastOperatorTestHarness<Integer, Long, RuleSettings, Alert> harness;
    Clicks clicks;

    @Setup(Level.Trial)
    public void start() throws Exception {
      harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
          new TrafficSurgeFunction(SettingsTimeline.of(SettingsInForce.defaults()), 30, 30), time -> 0, Types.INT,
          FollowedSettings.STATE);
      clicks = new Clicks();
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
      harness.close();
    }
  }

  /** TRAFFIC_SURGE per view (one global key; minute counts and a timer per minute). */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int trafficSurge(Surge state) throws Exception {
    for (int i = 0; i < BATCH; i++) {
      Click click = state.clicks.next();
      if (click.isView()) {
        state.harness.processElement(click.time, click.time);
      }
      if (i % 100 == 99) {
        state.harness.watermark(state.clicks.time() - 1);
      }
    }
    int out = state.harness.getOutput().size();
    state.harness.getOutput().clear();
    return out;
  }

  @State(Scope.Thread)
  public static class Curves {
    KeyedOneInputStreamOperatorTestHarness<String, DimensionView, PvUvPoint> harness;
    PvUvCurveFunction.ToDimensions dimensions;
    Collector<DimensionView> into;
    Clicks clicks;

    @Setup(Level.Trial)
    public void start() throws Exception {
      harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new PvUvCurveFunction()),
          view -> view.key, Types.STRING);
      harness.setup();
      harness.open();
      dimensions = new PvUvCurveFunction.ToDimensions();
      clicks = new Clicks();
      into = new Collector<>() {
        @Override
        public void collect(DimensionView view) {
          try {
            harness.processElement(view, view.time);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }

        @Override
        public void close() {}
      };
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
      harness.close();
    }
  }

  /** PV/UV curves per event (two dimensions per view: all and the top-level category). */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int pvUvCurves(Curves state) throws Exception {
    for (int i = 0; i < BATCH; i++) {
      state.dimensions.flatMap(state.clicks.next(), state.into);
      if (i % 100 == 99) {
        state.harness.processWatermark(state.clicks.time() - 1);
      }
    }
    int out = state.harness.getOutput().size();
    state.harness.getOutput().clear();
    return out;
  }
}
