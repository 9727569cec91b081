package io.cartpulse.flink.settings;

import io.cartpulse.avro.RuleSettings;
import io.cartpulse.settings.InvalidSettingException;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The stream of settings versions the rules follow while they run. */
public final class SettingsStreams {
  public static final AvroTypeInfo<RuleSettings> TYPE = new AvroTypeInfo<>(RuleSettings.class);

  private SettingsStreams() {}

  /**
   * Settings never hold the event-time clock back: their watermark is "everything", so an operator
   * connected to them follows the clicks' watermark alone (a quiet settings topic must not stall it).
   */
  public static WatermarkStrategy<RuleSettings> neverHoldTheClock() {
    return WatermarkStrategy.forGenerator(context -> new WatermarkGenerator<RuleSettings>() {
      @Override
      public void onEvent(RuleSettings event, long eventTimestamp, WatermarkOutput output) {}

      @Override
      public void onPeriodicEmit(WatermarkOutput output) {
        output.emitWatermark(new Watermark(Long.MAX_VALUE));
      }
    });
  }

  /** No versions arrive while the job runs (a backtest: its versions are in the job's configuration). */
  public static DataStream<RuleSettings> none(StreamExecutionEnvironment env) {
    // fromData(emptyList) fails at run time in Flink 2.2 (its generator asks for one element): a
    // one-number sequence mapped to nothing is an empty bounded stream that ends at once.
    return env.fromSequence(0, 0).setParallelism(1).uid("no-rule-settings-source").name("no-rule-settings")
        .flatMap((Long ignored, Collector<RuleSettings> out) -> { }, TYPE).setParallelism(1)
        .uid("no-rule-settings").name("no-rule-settings");
  }

  /** Only valid versions pass; a bad record is logged and counted ({@code invalidSettings}), never fatal. */
  public static DataStream<RuleSettings> validated(DataStream<RuleSettings> records) {
    return records.flatMap(new Validate(), TYPE).setParallelism(records.getParallelism())
        .uid("rule-settings-valid").name("rule-settings-valid");
  }

  /** The broadcast every settings-following operator connects to. */
  public static BroadcastStream<RuleSettings> broadcast(DataStream<RuleSettings> validated) {
    return validated.broadcast(FollowedSettings.STATE);
  }

  static final class Validate extends RichFlatMapFunction<RuleSettings, RuleSettings> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(Validate.class);
    private transient Counter invalid;

    @Override
    public void open(OpenContext openContext) {
      invalid = getRuntimeContext().getMetricGroup().counter("invalidSettings");
    }

    @Override
    public void flatMap(RuleSettings record, Collector<RuleSettings> out) {
      try {
        FollowedSettings.toVersion(record);
        out.collect(record);
      } catch (InvalidSettingException e) {
        invalid.inc();
        LOG.warn("rule-settings: skipped a bad settings record (version {}): {}", record.getVersion(), e.getMessage());
      }
    }
  }
}
