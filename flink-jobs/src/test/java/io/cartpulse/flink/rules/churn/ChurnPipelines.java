package io.cartpulse.flink.rules.churn;

import io.cartpulse.avro.Alert;
import io.cartpulse.flink.model.ChurnSignal;
import io.cartpulse.flink.model.Click;
import java.util.ArrayList;
import io.cartpulse.settings.SettingsInForce;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.nfa.NFAState;
import org.apache.flink.cep.nfa.NFAStateSerializer;
import org.apache.flink.cep.operator.CepOperator;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * The two CHURN_RISK implementations behind one test interface, on Flink's operator test
 * harnesses: the CEP pipeline (assigner harness feeding the CEP operator harness, the signal
 * timestamps applied in between as ChurnSignalTimestamper does) and the plain function. Both emit
 * every closed window; {@link #takeAlerts} applies the decision {@link ChurnRiskGate} makes, with
 * the minimum given here (the gate itself: ChurnRiskGateTest).
 */
final class ChurnPipelines {
  static final long WEEK = 7 * 86_400_000L;

  private ChurnPipelines() {}

  interface ChurnUnderTest extends AutoCloseable {
    void click(Click click) throws Exception;

    void watermark(long watermark) throws Exception;

    /** Sets the operators' processing time (what an alert's detectedAt is taken from). */
    void processingTime(long time) throws Exception;

    /** Alerts emitted since the last call. */
    List<Alert> takeAlerts();

    /** Keyed state entries over every operator of the pipeline. */
    int stateEntries();

    /** Event-time timers over every operator of the pipeline. */
    int timers();

    /** Bytes of a full snapshot of every operator of the pipeline. */
    long snapshotBytes() throws Exception;

    List<OperatorSubtaskState> snapshot() throws Exception;

    String name();
  }

  static ChurnUnderTest create(String name, long windowMs, int minViews) throws Exception {
    return create(name, windowMs, minViews, null);
  }

  static ChurnUnderTest create(String name, long windowMs, int minViews, List<OperatorSubtaskState> restoreFrom)
      throws Exception {
    return switch (name) {
      case "cep" -> new Cep(windowMs, minViews, restoreFrom);
      case "process" -> new Plain(windowMs, minViews, restoreFrom);
      default -> throw new IllegalArgumentException(name);
    };
  }

  /** The candidates that alert with {@code minViews} (and the rule enabled), as the gate decides. */
  static List<Alert> decided(List<Alert> candidates, int minViews) {
    SettingsInForce settings = SettingsInForce.fromStartup(Map.of("churn.min-views", String.valueOf(minViews)));
    List<Alert> alerts = new ArrayList<>();
    for (Alert candidate : candidates) {
      if (ChurnAlertDecision.alerts(Integer.parseInt(candidate.getAttributes().get(ChurnAlerts.VIEWS)), settings)) {
        alerts.add(candidate);
      }
    }
    return alerts;
  }

  static <IN, OUT> KeyedOneInputStreamOperatorTestHarness<String, IN, OUT> open(
      KeyedOneInputStreamOperatorTestHarness<String, IN, OUT> harness, OperatorSubtaskState restoreFrom)
      throws Exception {
    harness.setup();
    if (restoreFrom != null) {
      harness.initializeState(restoreFrom);
    }
    harness.open();
    return harness;
  }

  static final class Plain implements ChurnUnderTest {
    final KeyedOneInputStreamOperatorTestHarness<String, Click, Alert> harness;

    final int minViews;

    Plain(long windowMs, int minViews, List<OperatorSubtaskState> restoreFrom) throws Exception {
      this.minViews = minViews;
      harness = open(new KeyedOneInputStreamOperatorTestHarness<>(
          new KeyedProcessOperator<>(new ChurnRiskProcessFunction(windowMs)), c -> c.userId, Types.STRING),
          restoreFrom == null ? null : restoreFrom.get(0));
    }

    @Override
    public void click(Click click) throws Exception {
      harness.processElement(click, click.time);
    }

    @Override
    public void watermark(long watermark) throws Exception {
      harness.processWatermark(watermark);
    }

    @Override
    public void processingTime(long time) throws Exception {
      harness.setProcessingTime(time);
    }

    @Override
    public List<Alert> takeAlerts() {
      List<Alert> alerts = decided(harness.extractOutputValues(), minViews);
      harness.getOutput().clear();
      return alerts;
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
    public List<OperatorSubtaskState> snapshot() throws Exception {
      return List.of(harness.snapshot(1, 1));
    }

    @Override
    public String name() {
      return "process";
    }

    @Override
    public void close() throws Exception {
      harness.close();
    }
  }

  static final class Cep implements ChurnUnderTest {
    final KeyedOneInputStreamOperatorTestHarness<String, Click, ChurnSignal> assigner;
    final KeyedOneInputStreamOperatorTestHarness<String, ChurnSignal, Alert> cep;

    final int minViews;

    Cep(long windowMs, int minViews, List<OperatorSubtaskState> restoreFrom) throws Exception {
      this.minViews = minViews;
      assigner = open(new KeyedOneInputStreamOperatorTestHarness<>(
          new KeyedProcessOperator<>(new ChurnWindowAssigner(windowMs)), c -> c.userId, Types.STRING),
          restoreFrom == null ? null : restoreFrom.get(0));
      CepOperator<ChurnSignal, String, Alert> operator = ChurnRiskPattern.operator(windowMs);
      cep = open(new KeyedOneInputStreamOperatorTestHarness<>(operator, s -> s.userId, Types.STRING),
          restoreFrom == null ? null : restoreFrom.get(1));
    }

    @Override
    public void click(Click click) throws Exception {
      assigner.processElement(click, click.time);
      forwardSignals();
    }

    private void forwardSignals() throws Exception {
      for (StreamRecord<? extends ChurnSignal> record : assigner.extractOutputStreamRecords()) {
        ChurnSignal signal = record.getValue();
        cep.processElement(signal, signal.time);
      }
      assigner.getOutput().clear();
    }

    @Override
    public void watermark(long watermark) throws Exception {
      assigner.processWatermark(watermark);
      forwardSignals();
      cep.processWatermark(watermark);
    }

    @Override
    public void processingTime(long time) throws Exception {
      assigner.setProcessingTime(time);
      cep.setProcessingTime(time);
    }

    @Override
    public List<Alert> takeAlerts() {
      List<Alert> alerts = decided(cep.extractOutputValues(), minViews);
      cep.getOutput().clear();
      return alerts;
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

    /** Bytes of the CEP operator's snapshot alone. */
    long cepSnapshotBytes() throws Exception {
      return cep.snapshot(1, 1).getStateSize();
    }

    /** The NFA's partial matches for {@code userId}, read from the operator's keyed state. */
    int partialMatches(String userId) throws Exception {
      KeyedStateBackend<Object> backend = cep.getOperator().getKeyedStateBackend();
      backend.setCurrentKey(userId);
      ValueState<NFAState> state = backend.getPartitionedState(VoidNamespace.INSTANCE,
          VoidNamespaceSerializer.INSTANCE, new ValueStateDescriptor<>("nfaStateName", new NFAStateSerializer()));
      NFAState nfa = state.value();
      return nfa == null ? 0 : nfa.getPartialMatches().size();
    }

    @Override
    public List<OperatorSubtaskState> snapshot() throws Exception {
      return List.of(assigner.snapshot(1, 1), cep.snapshot(1, 1));
    }

    @Override
    public String name() {
      return "cep";
    }

    @Override
    public void close() throws Exception {
      assigner.close();
      cep.close();
    }
  }
}
