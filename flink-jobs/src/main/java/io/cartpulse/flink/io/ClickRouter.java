package io.cartpulse.flink.io;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.flink.model.SourcedClick;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The gate in front of the rules, right after watermarks are assigned: invalid records go to
 * {@link #INVALID} (dead-letter topic), events behind the clock (timestamp at or before the
 * current watermark) go to {@link #LATE} (the late topic); nothing is dropped silently. Both are
 * counted (metrics and accumulators {@code invalidRecords} and {@code lateEvents}). On-time valid events continue
 * as {@link ClickEvent}s.
 */
public class ClickRouter extends ProcessFunction<SourcedClick, ClickEvent> {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<SourcedClick> INVALID =
      new OutputTag<>("invalid-clicks", TypeInformation.of(SourcedClick.class));
  public static final OutputTag<SourcedClick> LATE =
      new OutputTag<>("late-clicks", TypeInformation.of(SourcedClick.class));
  public static final String INVALID_METRIC = "invalidRecords";
  public static final String LATE_METRIC = "lateEvents";

  private transient Counter invalid;
  private transient Counter late;
  private transient LongCounter lateTotal;
  private transient LongCounter invalidTotal;

  @Override
  public void open(OpenContext openContext) {
    invalid = getRuntimeContext().getMetricGroup().counter(INVALID_METRIC);
    late = getRuntimeContext().getMetricGroup().counter(LATE_METRIC);
    // Also an accumulator, so a finished (backtest) job reports it in its result.
    lateTotal = new LongCounter();
    getRuntimeContext().addAccumulator(LATE_METRIC, lateTotal);
    invalidTotal = new LongCounter();
    getRuntimeContext().addAccumulator(INVALID_METRIC, invalidTotal);
  }

  @Override
  public void processElement(SourcedClick click, Context ctx, Collector<ClickEvent> out) {
    if (!click.isValid()) {
      invalid.inc();
      invalidTotal.add(1);
      ctx.output(INVALID, click);
    } else if (ctx.timestamp() != null && ctx.timestamp() <= ctx.timerService().currentWatermark()) {
      late.inc();
      lateTotal.add(1);
      ctx.output(LATE, click);
    } else {
      out.collect(click.event);
    }
  }
}
