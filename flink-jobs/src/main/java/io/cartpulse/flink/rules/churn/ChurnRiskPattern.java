package io.cartpulse.flink.rules.churn;

import io.cartpulse.avro.Alert;
import io.cartpulse.flink.model.ChurnSignal;
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
 * begin("first")        the view that opened a window at w0 (count 1)
 * notFollowedBy("purchase")   a purchase in the window discards it
 * followedByAny("last") the window's end signal: it is complete, with its final count
 * notFollowedBy("next") ... and nothing after it before w0 + window
 * within(churn window)  measured from "first", i.e. the match completes at w0 + window
 * </pre>
 *
 * A match is a window that closed without a purchase; whether it alerts (at least
 * {@code churn.min-views} views, {@code churn.enabled}) is read from the settings in force at its
 * end by {@link ChurnRiskGate} (ALERTS.md section 8), so a minimum of 1 view works too.
 *
 * <p><b>Why an assigner in front.</b> A pure pattern cannot express "windows never overlap":
 * every view could start its own partial match (conditions cannot see keyed state), and neither
 * timeouts nor after-match skip strategies stop later views from opening overlapping windows. A
 * greedy {@code timesOrMore(10)} grows state and time roughly cubically (about 700 MB for 1,000
 * views), and a looping pattern ending in {@code notFollowedBy(..).within(..)} drops its last
 * element (FLINK-31040). So a small keyed function decides which window a view belongs to, counts
 * it, and sends the pattern at most three signals per window (open, purchase, end); the pattern
 * recognises "a window's first view, no purchase, its end, nothing after it before w0 + window".
 *
 * <p><b>Release 0.1.0 state.</b> That release sent every view from the alert floor on as a "last"
 * candidate; a restored partial match "first, last(view)" still completes on its timeout, and an
 * end signal of the new assigner ends it ({@code next}) and completes its own. Views with a count
 * of 2 or more are only ever such restored signals.
 *
 * <p><b>Bounded state.</b> Per user the NFA holds at most two partial matches ("first" waiting
 * for the end; "first, last" waiting for the window to time out) and the shared buffer at most two
 * signals, however many views the window has. Proven by ChurnRiskStateTest (100,000 views).
 *
 * <p><b>Timing.</b> The CEP operator times partial matches out when {@code timestamp - start >=
 * window}, before it processes events at that timestamp: the pending "first, last" branch
 * completes at w0 + window (the end signal is stamped w0 + window - 1), and an event at exactly
 * w0 + window belongs to the next window. The alert's eventTime is computed as w0 + window, not
 * taken from the watermark.
 *
 * <p><b>Cost.</b> Measured against {@link ChurnRiskProcessFunction} in docs/BENCHMARKS.md; the CEP
 * version is the default because the pattern states the rule declaratively;
 * {@code churn.implementation=process} switches to the plain function (identical alerts,
 * ChurnRiskEquivalenceTest).
 */
public final class ChurnRiskPattern {
  public static final String FIRST = "first";
  public static final String PURCHASE = "purchase";
  public static final String LAST = "last";
  public static final String NEXT = "next";

  private ChurnRiskPattern() {}

  public static Pattern<ChurnSignal, ?> pattern(long windowMs) {
    return Pattern.<ChurnSignal>begin(FIRST).where(new FirstView())
        .notFollowedBy(PURCHASE).where(new IsPurchase())
        .followedByAny(LAST).where(new WindowEnd())
        .notFollowedBy(NEXT).where(new AnySignal())
        .within(Duration.ofMillis(windowMs));
  }

  /** Applies the pattern to signals keyed by userId whose timestamps are the signal times. */
  public static SingleOutputStreamOperator<Alert> apply(KeyedStream<ChurnSignal, String> signals, long windowMs) {
    return CEP.pattern(signals, pattern(windowMs))
        .inEventTime()
        .process(new AlertOnMatch(windowMs), new AvroTypeInfo<>(Alert.class));
  }

  /** The operator {@link #apply} creates, for harness tests (event time, no comparator, no skip). */
  public static CepOperator<ChurnSignal, String, Alert> operator(long windowMs) {
    return new CepOperator<>(
        TypeInformation.of(ChurnSignal.class).createSerializer(new SerializerConfigImpl()),
        false,
        NFACompiler.compileFactory(pattern(windowMs), false),
        null,
        AfterMatchSkipStrategy.noSkip(),
        new AlertOnMatch(windowMs),
        null);
  }

  /** Turns a complete match, a window that closed with the last signal's views, into a candidate alert. */
  public static final class AlertOnMatch extends PatternProcessFunction<ChurnSignal, Alert> {
    private static final long serialVersionUID = 2L;
    private final long windowMs;

    public AlertOnMatch(long windowMs) {
      this.windowMs = windowMs;
    }

    @Override
    public void processMatch(Map<String, List<ChurnSignal>> match, Context ctx, Collector<Alert> out) {
      ChurnSignal first = match.get(FIRST).get(0);
      ChurnSignal last = match.get(LAST).get(0);
      out.collect(ChurnAlerts.create(first.userId, first.windowStart, last.views, windowMs,
          ctx.currentProcessingTime()));
    }
  }

  static final class FirstView extends SimpleCondition<ChurnSignal> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean filter(ChurnSignal signal) {
      return !signal.purchase && !signal.end && signal.views == 1;
    }
  }

  static final class IsPurchase extends SimpleCondition<ChurnSignal> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean filter(ChurnSignal signal) {
      return signal.purchase;
    }
  }

  /** The window's end signal; or a counting view restored from release 0.1.0 (count >= 2, see the class comment). */
  static final class WindowEnd extends SimpleCondition<ChurnSignal> {
    private static final long serialVersionUID = 2L;

    @Override
    public boolean filter(ChurnSignal signal) {
      return signal.end || !signal.purchase && signal.views >= 2;
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
