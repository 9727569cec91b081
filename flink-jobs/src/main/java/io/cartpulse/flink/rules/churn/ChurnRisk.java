package io.cartpulse.flink.rules.churn;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.RuleSettings;
import io.cartpulse.flink.model.ChurnSignal;
import io.cartpulse.flink.model.Click;
import io.cartpulse.settings.SettingsTimeline;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The CHURN_RISK operators of the job, with their uids. A uid names an operator's state in
 * savepoints: never change one whose state the new code still reads, and change it when the
 * state changes incompatibly (then the old state is dropped, see flink-jobs/README.md).
 */
public final class ChurnRisk {
  /** {@link ChurnImplementation#PROCESS}: the keyed function. */
  public static final String PROCESS_UID = "churn-risk-process";
  /** {@link ChurnImplementation#CEP}: the window assigner, the signal timestamps, the CEP operator. */
  public static final String ASSIGNER_UID = "churn-window-assigner";
  public static final String SIGNAL_TIME_UID = "churn-signal-time";
  public static final String CEP_UID = "churn-risk-cep";
  /** Both: the settings decision at the window end. */
  public static final String GATE_UID = "churn-risk-gate";

  private ChurnRisk() {}

  /**
   * CHURN_RISK alerts of {@code clicks} (event-time timestamps, each user's clicks in arrival
   * order), decided with {@code initial} and the versions that arrive on {@code settings}.
   */
  public static DataStream<Alert> alerts(DataStream<Click> clicks, ChurnImplementation implementation, long windowMs,
      SettingsTimeline initial, BroadcastStream<RuleSettings> settings) {
    DataStream<Alert> candidates = switch (implementation) {
      case PROCESS -> clicks.keyBy(click -> click.userId, Types.STRING)
          .process(new ChurnRiskProcessFunction(windowMs), new AvroTypeInfo<>(Alert.class))
          .uid(PROCESS_UID).name(PROCESS_UID);
      case CEP -> cep(clicks, windowMs);
    };
    return candidates.connect(settings)
        .process(new ChurnRiskGate(initial), new AvroTypeInfo<>(Alert.class))
        .setParallelism(candidates.getParallelism())
        .uid(GATE_UID).name(GATE_UID);
  }

  private static DataStream<Alert> cep(DataStream<Click> clicks, long windowMs) {
    SingleOutputStreamOperator<ChurnSignal> signals = clicks
        .keyBy(click -> click.userId, Types.STRING)
        .process(new ChurnWindowAssigner(windowMs), TypeInformation.of(ChurnSignal.class))
        .uid(ASSIGNER_UID).name(ASSIGNER_UID)
        .transform(SIGNAL_TIME_UID, TypeInformation.of(ChurnSignal.class), new ChurnSignalTimestamper())
        .uid(SIGNAL_TIME_UID);
    // The signals are still partitioned by userId (same subtask, same key), so the CEP operator
    // can take them without another shuffle and chain with the assigner.
    return ChurnRiskPattern.apply(
            DataStreamUtils.reinterpretAsKeyedStream(signals, signal -> signal.userId, Types.STRING), windowMs)
        .uid(CEP_UID).name(CEP_UID);
  }
}
