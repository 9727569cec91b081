package io.cartpulse.backtest.flink;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.PvUvPoint;
import io.cartpulse.click.Rees46Csv;
import io.cartpulse.contract.BacktestClock;
import io.cartpulse.flink.CartPulseJob;
import io.cartpulse.flink.LocalCluster;
import io.cartpulse.flink.config.JobConfig;
import io.cartpulse.settings.SettingsVersion;
import io.cartpulse.flink.io.ClickRouter;
import io.cartpulse.flink.io.ClickWatermarks;
import io.cartpulse.flink.model.SourcedClick;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.accumulators.LongMaximum;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the job's rules ({@link CartPulseJob#build}, the same operators as the live job) over a
 * REES46 CSV file (.csv or .csv.gz) on a local Flink cluster bound to 127.0.0.1, and collects
 * what they emit.
 *
 * <p>The file is read by one source subtask, so each user's events keep file order, and the clock
 * is the largest event time seen (watermark delay 0, no wall-clock progress). At the end of a
 * bounded input Flink fires every pending timer; ALERTS.md section 2 stops the clock at T_end,
 * the largest valid event time, so only alerts with eventTime <= T_end and points with
 * windowEnd <= T_end are returned. Invalid rows are skipped here (the caller reports them).
 *
 * <p>Defaults, all overridable through {@code overrides} (JobConfig keys): parallelism 2,
 * state.backend hashmap, watermark.delay.ms 0, watermark.idle.ms 0.
 */
public final class FlinkBacktest {
  private static final Logger LOG = LoggerFactory.getLogger(FlinkBacktest.class);

  static final String MAX_EVENT_TIME = "maxEventTime";
  static final String VALID_ROWS = "validRows";
  static final String INVALID_ROWS = "invalidRows";

  private FlinkBacktest() {}

  /** What the rules emitted up to T_end ({@code lastEventTime}; Long.MIN_VALUE for no valid event). */
  public record Result(List<Alert> alerts, List<PvUvPoint> pvuv, long lastEventTime) {}

  public static Result run(Path csvFile, Properties overrides) throws Exception {
    return run(csvFile, overrides, List.of());
  }

  /** As {@link #run(Path, Properties)}, the rules following {@code settingsVersions} (ALERTS.md section 8). */
  public static Result run(Path csvFile, Properties overrides, List<SettingsVersion> settingsVersions)
      throws Exception {
    Rees46Csv.checkHeader(csvFile);
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(JobConfig.PARALLELISM, "2");
    settings.put(JobConfig.STATE_BACKEND, JobConfig.STATE_BACKEND_HASHMAP);
    settings.put(JobConfig.WATERMARK_DELAY_MS, "0");
    settings.put(JobConfig.WATERMARK_IDLE_MS, "0");
    for (String name : overrides.stringPropertyNames()) {
      settings.put(name, overrides.getProperty(name));
    }
    JobConfig config = JobConfig.from(settings).withSettingsVersions(settingsVersions);

    StreamExecutionEnvironment env = LocalCluster.environment(config.parallelism());
    CartPulseJob.configureRuntime(env, config);

    FileSource<String> source = FileSource
        .forRecordStreamFormat(new TextLineInputFormat(), new org.apache.flink.core.fs.Path(csvFile.toUri()))
        .build();
    DataStream<SourcedClick> clicks = env
        .fromSource(source, WatermarkStrategy.noWatermarks(), "rees46-csv").setParallelism(1).uid("rees46-csv")
        .flatMap(new CsvRows(), TypeInformation.of(SourcedClick.class)).setParallelism(1)
        .uid("rees46-rows").name("rees46-rows")
        .assignTimestampsAndWatermarks(ClickWatermarks.strategy(config.watermarkDelayMs(), config.watermarkIdleMs()))
        .setParallelism(1).uid("rees46-watermarks").name("rees46-watermarks");
    CartPulseJob.RoutedClicks routed = CartPulseJob.route(clicks);
    CartPulseJob.JobOutputs outputs = CartPulseJob.build(routed.valid(), config);

    InJvmCollectSink<Alert> alertSink = new InJvmCollectSink<>();
    InJvmCollectSink<PvUvPoint> pvuvSink = new InJvmCollectSink<>();
    outputs.alerts().sinkTo(alertSink).uid("backtest-alerts").name("backtest-alerts");
    outputs.pvuv().sinkTo(pvuvSink).uid("backtest-pvuv").name("backtest-pvuv");
    JobExecutionResult result;
    List<Alert> alerts;
    List<PvUvPoint> points;
    try {
      result = env.execute("CartPulse Flink backtest " + csvFile.getFileName());
    } finally {
      alerts = alertSink.drain();
      points = pvuvSink.drain();
    }

    Long max = result.getAccumulatorResult(MAX_EVENT_TIME);
    long lastEventTime = max == null ? Long.MIN_VALUE : max;
    Long late = result.getAccumulatorResult(ClickRouter.LATE_METRIC);
    if (late != null && late > 0) {
      LOG.warn("{} events of {} were behind the clock (out of order) and were not evaluated", late, csvFile);
    }
    List<Alert> dueAlerts = alerts.stream()
        .filter(a -> BacktestClock.emits(a.getEventTime().toEpochMilli(), lastEventTime)).toList();
    List<PvUvPoint> duePoints = points.stream()
        .filter(p -> BacktestClock.emits(p.getWindowEnd().toEpochMilli(), lastEventTime)).toList();
    LOG.info("Flink backtest of {}: {} valid rows, {} invalid, T_end {}, {} alerts, {} PV/UV points in {} ms",
        csvFile, result.getAccumulatorResult(VALID_ROWS), result.getAccumulatorResult(INVALID_ROWS), lastEventTime,
        dueAlerts.size(), duePoints.size(), result.getNetRuntime());
    return new Result(dueAlerts, duePoints, lastEventTime);
  }

  /** Parses CSV lines; the header and blank lines are skipped, invalid rows counted and skipped. */
  static final class CsvRows extends RichFlatMapFunction<String, SourcedClick> {
    private static final long serialVersionUID = 1L;
    private transient LongMaximum maxEventTime;
    private transient LongCounter valid;
    private transient LongCounter invalid;

    @Override
    public void open(OpenContext openContext) {
      maxEventTime = new LongMaximum();
      valid = new LongCounter();
      invalid = new LongCounter();
      getRuntimeContext().addAccumulator(MAX_EVENT_TIME, maxEventTime);
      getRuntimeContext().addAccumulator(VALID_ROWS, valid);
      getRuntimeContext().addAccumulator(INVALID_ROWS, invalid);
    }

    @Override
    public void flatMap(String line, Collector<SourcedClick> out) {
      if (line.isEmpty() || Rees46Csv.isHeader(line)) {
        return;
      }
      Rees46Csv.Row row = Rees46Csv.parseLine(0, line);
      if (!row.isValid()) {
        invalid.add(1);
        return;
      }
      valid.add(1);
      maxEventTime.add(row.event().getEventTime().toEpochMilli());
      out.collect(SourcedClick.valid(row.event()));
    }
  }
}
