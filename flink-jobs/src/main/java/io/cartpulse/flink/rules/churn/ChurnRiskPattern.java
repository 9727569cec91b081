package io.cartpulse.flink.rules.churn;

import io.cartpulse.avro.Alert;
import io.cartpulse.flink.model.ChurnSignal;
import io.cartpulse.flink.rules.churn.ChurnWindowMachine.ClosedWindow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.nfa.compiler.NFACompiler;
import org.apache.flink.cep.operator.CepOperator;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.Collector;

/**
 * CHURN_RISK with FlinkCEP: the pattern over the signals of {@link ChurnWindowAssigner}.
 *
 * <p>The stage names ({@value #FIRST}, {@value #PURCHASE}, {@value #LAST}, {@value #NEXT}) are in
 * the CEP operator's state (its partial matches name their stage), so savepoints taken with open
 * windows restore only into a pattern that still has them.
 *
 * <pre>
 * begin("first")        a view with count 1 (it opened a window at w0 = its time)
 * notFollowedBy("purchase")   a purchase in the window discards it
 * followedByAny("last") a view with count >= churn.min-views
 * notFollowedBy("next") ... that is the window's last signal (no later view or purchase)
 * within(churn window)  measured from "first", i.e. the match completes at w0 + window
 * </pre>
 *
 * <p><b>Why an assigner in front.</b> A pure pattern cannot express "windows never overlap":
 * every view could start its own partial match (conditions cannot see keyed state), and neither
 * timeouts nor after-match skip strategies stop later views from opening overlapping windows. A
 * greedy {@code timesOrMore(10)} grows state and time roughly cubically (about 700 MB for 1,000
 * views), and a looping pattern ending in {@code notFollowedBy(..).within(..)} drops its last
 * element (FLINK-31040). So a small keyed function decides which window a view belongs to and
 * its running count, and the pattern only recognises "a window's first view, no purchase, a last
 * view with enough views, nothing after it before w0 + window".
 *
 * <p><b>Bounded state.</b> Per user the NFA holds at most two partial matches ("first" waiting
 * for more views; "first, last" waiting for the window to end) and the shared buffer at most two
 * events, however many views the window has: each view from the floor on opens a new "last"
 * branch ({@code followedByAny}) and ends the previous one ({@code notFollowedBy("next")}).
 * Views 2..floor-1 never reach this operator. Proven by ChurnRiskStateTest (100,000 views).
 *
 * <p><b>Timing.</b> The CEP operator times partial matches out when {@code timestamp - start >=
 * window}, before it processes events at that timestamp: the pending "first, last" branch
 * completes at w0 + window, and an event at exactly w0 + window belongs to the next window. The
 * alert's eventTime is computed as w0 + window, not taken from the watermark.
 *
 * <p><b>Timers.</b> Besides one timer per buffered timestamp (until the watermark passes it) and
 * the window end, the CEP operator registers a no-op timer at t + window for each signal that
 * arrives in the same watermark interval as a window's first view (its "new partial match" flag
 * is only reset once per watermark). They fire by then and leave nothing behind; the number is
 * bounded by the signals of one watermark interval, not by the views of a window.
 *
 * <p><b>Cost.</b> Measured against {@link ChurnRiskProcessFunction} (one value, one timer per
 * user): per view about 20 us versus 1 us in the operator harness, and 20-30 s versus 8 s for a
 * 1,000,000-event backtest on two cores. The CEP version is the default because the pattern states
 * the rule declaratively and the issue asks for it; {@code churn.implementation=process} switches
 * to the plain function (identical alerts, ChurnRiskEquivalenceTest).
 */
public final class ChurnRiskPattern {
  public static final String FIRST = "first";
  public static final String PURCHASE = "purchase";
  public static final String LAST = "last";
  public static final String NEXT = "next";

  private ChurnRiskPattern() {}

  public static Pattern<ChurnSignal, ?> pattern(long windowMs, int minViews) {
    return Pattern.<ChurnSignal>begin(FIRST).where(new FirstView())
        .notFollowedBy(PURCHASE).where(new IsPurchase())
        .followedByAny(LAST).where(new ViewWithAtLeast(minViews))
        .notFollowedBy(NEXT).where(new AnySignal())
        .within(Duration.ofMillis(windowMs));
  }

  /** Applies the pattern to signals keyed by userId whose timestamps are the signal times. */
  public static SingleOutputStreamOperator<Alert> apply(KeyedStream<ChurnSignal, String> signals, long windowMs,
      int minViews) {
    return CEP.pattern(signals, pattern(windowMs, minViews))
        .inEventTime()
        .process(new AlertOnMatch(windowMs, minViews), new AvroTypeInfo<>(Alert.class));
  }

  /** The operator {@link #apply} creates, for harness tests (event time, no comparator, no skip). */
  public static CepOperator<ChurnSignal, String, Alert> operator(long windowMs, int minViews) {
    return new CepOperator<>(
        TypeInformation.of(ChurnSignal.class).createSerializer(new SerializerConfigImpl()),
        false,
        NFACompiler.compileFactory(pattern(windowMs, minViews), false),
        null,
        AfterMatchSkipStrategy.noSkip(),
        new AlertOnMatch(windowMs, minViews),
        null);
  }

  /**
   * Turns a complete match, a window that closed with the last signal's views, into the alert
   * when {@link ChurnAlertDecision} says so (always, while the pattern asks for the same floor).
   */
  public static final class AlertOnMatch extends PatternProcessFunction<ChurnSignal, Alert> {
    private static final long serialVersionUID = 1L;
    private final long windowMs;
    private final ChurnAlertDecision decision;

    public AlertOnMatch(long windowMs, int minViews) {
      this.windowMs = windowMs;
      this.decision = new ChurnAlertDecision(minViews);
    }

    @Override
    public void processMatch(Map<String, List<ChurnSignal>> match, Context ctx, Collector<Alert> out) {
      ChurnSignal first = match.get(FIRST).get(0);
      ChurnSignal last = match.get(LAST).get(0);
      ClosedWindow closed = new ClosedWindow(first.windowStart, first.windowStart + windowMs, last.views);
      if (decision.alerts(closed)) {
        out.collect(ChurnAlerts.create(first.userId, closed.start(), closed.views(), windowMs,
            ctx.currentProcessingTime()));
      }
    }
  }

  static final class FirstView extends SimpleCondition<ChurnSignal> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean filter(ChurnSignal signal) {
      return !signal.purchase && signal.views == 1;
    }
  }

  static final class IsPurchase extends SimpleCondition<ChurnSignal> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean filter(ChurnSignal signal) {
      return signal.purchase;
    }
  }

  static final class ViewWithAtLeast extends SimpleCondition<ChurnSignal> {
    private static final long serialVersionUID = 1L;
    private final int minViews;

    ViewWithAtLeast(int minViews) {
      this.minViews = minViews;
    }

    @Override
    public boolean filter(ChurnSignal signal) {
      return !signal.purchase && signal.views >= minViews;
    }
  }

  static final class AnySignal extends SimpleCondition<ChurnSignal> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean filter(ChurnSignal signal) {
      return true;
    }
  }
}
