package io.cartpulse.bench.flink;

import io.cartpulse.avro.Alert;
import io.cartpulse.flink.model.ChurnSignal;
import io.cartpulse.flink.model.Click;
import io.cartpulse.flink.rules.churn.ChurnRiskPattern;
import io.cartpulse.flink.rules.churn.ChurnRiskProcessFunction;
import io.cartpulse.flink.rules.churn.ChurnWindowAssigner;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.operator.CepOperator;
import org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * The two CHURN_RISK implementations on Flink's keyed operator test harness (heap state backend,
 * as the backtest's hashmap backend): the CEP pipeline (window assigner feeding the CEP operator,
 * signal timestamps applied as ChurnSignalTimestamper does) and the plain keyed function. Alerts
 * are counted and dropped so the harness output does not grow.
 */
public abstract class ChurnHarness implements AutoCloseable {
  public static final long WEEK = 7 * 86_400_000L;

  public abstract String name();

  public abstract void click(Click click) throws Exception;

  public abstract void watermark(long watermark) throws Exception;

  private long alerts;
  /** The minimum the gate applies after the operators (the default, 10, unless given). */
  int minViews = 10;

  /** Alerts emitted so far. */
  public final long alerts() {
    countAlerts();
    return alerts;
  }

  /** The harness of the operator that emits the alerts. */
  abstract KeyedOneInputStreamOperatorTestHarness<String, ?, Alert> alertOperator();

  /** Counts and drops what the alert operator emitted since the last call. */
  final void countAlerts() {
    for (Object o; (o = alertOperator().getOutput().poll()) != null; ) {
      // Every closed window is a candidate; the gate after the operators keeps those with enough views.
      if (o instanceof StreamRecord<?> record && record.getValue() instanceof Alert candidate
          && Integer.parseInt(candidate.getAttributes().get("views")) >= minViews) {
        alerts++;
      }
    }
  }

  /** Keyed state entries over the pipeline's operators. */
  public abstract int stateEntries();

  /** Event-time timers over the pipeline's operators. */
  public abstract int timers();

  /** Bytes of a full snapshot of the pipeline's operators. */
  public abstract long snapshotBytes() throws Exception;

  public static ChurnHarness create(String implementation) throws Exception {
    return create(implementation, WEEK, 10);
  }

  public static ChurnHarness create(String implementation, long windowMs, int minViews) throws Exception {
    return switch (implementation) {
      case "cep" -> new Cep(windowMs, minViews);
      case "process" -> new Plain(windowMs, minViews);
      default -> throw new IllegalArgumentException("churn implementation: cep or process, not " + implementation);
    };
  }

  static <IN, OUT> KeyedOneInputStreamOperatorTestHarness<String, IN, OUT> open(
      KeyedOneInputStreamOperatorTestHarness<String, IN, OUT> harness) throws Exception {
    // Snapshots of a million users exceed the default 5 MB limit of in-memory checkpoint storage.
    harness.setCheckpointStorage(new JobManagerCheckpointStorage(Integer.MAX_VALUE));
    harness.setup();
    harness.open();
    return harness;
  }

  static final class Plain extends ChurnHarness {
    private final KeyedOneInputStreamOperatorTestHarness<String, Click, Alert> harness;

    Plain(long windowMs, int minViews) throws Exception {
      this.minViews = minViews;
      harness = open(new KeyedOneInputStreamOperatorTestHarness<>(
          new KeyedProcessOperator<>(new ChurnRiskProcessFunction(windowMs)), c -> c.userId, Types.STRING));
    }

    @Override
    public String name() {
      return "process";
    }

    @Override
    public void click(Click click) throws Exception {
      harness.processElement(click, click.time);
    }

    @Override
    public void watermark(long watermark) throws Exception {
      harness.processWatermark(watermark);
      countAlerts();
    }

    @Override
    KeyedOneInputStreamOperatorTestHarness<String, ?, Alert> alertOperator() {
      return harness;
    }

    @Override
    public int stateEntries() {
      return harness.numKeyedStateEntries();
    }

    @Override
    public int timers() {
      return harness.numEventTimeTimers();
    }

    @Override
    public long snapshotBytes() throws Exception {
      return harness.snapshot(1, 1).getStateSize();
    }

    @Override
    public void close() throws Exception {
      harness.close();
    }
  }

  static final class Cep extends ChurnHarness {
    private final KeyedOneInputStreamOperatorTestHarness<String, Click, ChurnSignal> assigner;
    private final KeyedOneInputStreamOperatorTestHarness<String, ChurnSignal, Alert> cep;

    Cep(long windowMs, int minViews) throws Exception {
      this.minViews = minViews;
      assigner = open(new KeyedOneInputStreamOperatorTestHarness<>(
          new KeyedProcessOperator<>(new ChurnWindowAssigner(windowMs)), c -> c.userId, Types.STRING));
      CepOperator<ChurnSignal, String, Alert> operator = ChurnRiskPattern.operator(windowMs);
      cep = open(new KeyedOneInputStreamOperatorTestHarness<>(operator, s -> s.userId, Types.STRING));
    }

    @Override
    public String name() {
      return "cep";
    }

    @Override
    public void click(Click click) throws Exception {
      assigner.processElement(click, click.time);
      forwardSignals();
    }

    @SuppressWarnings("unchecked")
    private void forwardSignals() throws Exception {
      for (Object o; (o = assigner.getOutput().poll()) != null; ) {
        if (o instanceof StreamRecord<?> record) {
          ChurnSignal signal = ((StreamRecord<ChurnSignal>) record).getValue();
          cep.processElement(signal, signal.time);
        }
      }
    }

    @Override
    public void watermark(long watermark) throws Exception {
      assigner.processWatermark(watermark);
      forwardSignals();
      cep.processWatermark(watermark);
      countAlerts();
    }

    @Override
    KeyedOneInputStreamOperatorTestHarness<String, ?, Alert> alertOperator() {
      return cep;
    }

    @Override
    public int stateEntries() {
      return assigner.numKeyedStateEntries() + cep.numKeyedStateEntries();
    }

    @Override
    public int timers() {
      return assigner.numEventTimeTimers() + cep.numEventTimeTimers();
    }

    @Override
    public long snapshotBytes() throws Exception {
      return assigner.snapshot(1, 1).getStateSize() + cep.snapshot(1, 1).getStateSize();
    }

    @Override
    public void close() throws Exception {
      assigner.close();
      cep.close();
    }
  }
}
