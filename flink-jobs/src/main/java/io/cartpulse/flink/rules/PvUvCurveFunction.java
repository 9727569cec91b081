package io.cartpulse.flink.rules;

import io.cartpulse.avro.PvUvPoint;
import io.cartpulse.flink.model.Click;
import io.cartpulse.flink.model.CurveMinute;
import io.cartpulse.flink.model.CurveTotals;
import io.cartpulse.flink.model.DimensionView;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * PV/UV curves (ALERTS.md section 4): cumulative day windows with one-minute steps, keyed by
 * "{day}|{dimension}" so a day's state goes away after its last point.
 *
 * <p>With a watermark delay, views at or after a step end m can be processed before the timer at
 * m fires, so nothing is added to the running totals directly: each view goes into its own
 * minute's delta (views, and users seen for the first time that day in that minute), and the
 * timer at m folds in exactly the minute [m - 1 min, m) before emitting the point for m. One
 * timer runs at a time per curve, from the first minute with a view to the day's end (k = 1440),
 * so quiet minutes still get their (unchanged) point. UV is exact: each user's earliest minute
 * of the day is kept in a map; a user first seen in an earlier minute than recorded (out-of-order
 * arrival within the watermark delay) moves its "new user" count to that minute.
 */
public class PvUvCurveFunction extends KeyedProcessFunction<String, DimensionView, PvUvPoint> {
  private static final long serialVersionUID = 1L;

  public static final long MINUTE = 60_000L;
  public static final long DAY = 86_400_000L;
  public static final int STEPS_PER_DAY = (int) (DAY / MINUTE);
  public static final String ALL = "all";

  private transient MapState<String, Integer> firstMinuteByUser;
  private transient MapState<Integer, CurveMinute> minutes;
  private transient ValueState<CurveTotals> totals;

  @Override
  public void open(OpenContext openContext) {
    firstMinuteByUser = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("pvuv-user-first-minute", Types.STRING, Types.INT));
    minutes = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("pvuv-minutes", Types.INT, TypeInformation.of(CurveMinute.class)));
    totals = getRuntimeContext().getState(
        new ValueStateDescriptor<>("pvuv-totals", TypeInformation.of(CurveTotals.class)));
  }

  @Override
  public void processElement(DimensionView view, Context ctx, Collector<PvUvPoint> out) throws Exception {
    long dayStart = Math.floorDiv(view.time, DAY) * DAY;
    int minute = (int) ((view.time - dayStart) / MINUTE);
    Integer firstMinute = firstMinuteByUser.get(view.userId);
    if (firstMinute == null || minute < firstMinute) {
      firstMinuteByUser.put(view.userId, minute);
      if (firstMinute != null) {
        CurveMinute later = minutes.get(firstMinute);
        later.newUsers--;
        minutes.put(firstMinute, later);
      }
      CurveMinute delta = delta(minute);
      delta.views++;
      delta.newUsers++;
      minutes.put(minute, delta);
    } else {
      CurveMinute delta = delta(minute);
      delta.views++;
      minutes.put(minute, delta);
    }
    long stepEnd = dayStart + (minute + 1) * MINUTE;
    CurveTotals current = totals.value();
    if (current == null || stepEnd < current.nextStep) {
      if (current == null) {
        current = new CurveTotals();
      } else {
        ctx.timerService().deleteEventTimeTimer(current.nextStep);
      }
      current.nextStep = stepEnd;
      ctx.timerService().registerEventTimeTimer(stepEnd);
      totals.update(current);
    }
  }

  private CurveMinute delta(int minute) throws Exception {
    CurveMinute delta = minutes.get(minute);
    return delta == null ? new CurveMinute() : delta;
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<PvUvPoint> out) throws Exception {
    CurveTotals current = totals.value();
    if (current == null || current.nextStep != timestamp) {
      return;
    }
    long dayStart = Math.floorDiv(timestamp - 1, DAY) * DAY;
    int step = (int) ((timestamp - dayStart) / MINUTE);
    CurveMinute delta = minutes.get(step - 1);
    if (delta != null) {
      current.pv += delta.views;
      current.uv += delta.newUsers;
      minutes.remove(step - 1);
    }
    String key = ctx.getCurrentKey();
    int bar = key.indexOf('|');
    out.collect(PvUvPoint.newBuilder()
        .setDay(key.substring(0, bar))
        .setDimension(key.substring(bar + 1))
        .setWindowEnd(Instant.ofEpochMilli(timestamp))
        .setPv(current.pv)
        .setUv(current.uv)
        .build());
    if (step < STEPS_PER_DAY) {
      current.nextStep = timestamp + MINUTE;
      ctx.timerService().registerEventTimeTimer(current.nextStep);
      totals.update(current);
    } else {
      firstMinuteByUser.clear();
      minutes.clear();
      totals.clear();
    }
  }

  /** Key of a curve: "{UTC day}|{dimension}". */
  public static String key(String day, String dimension) {
    return day + '|' + dimension;
  }

  /** Each view counts towards two curves of its day: "all" and its top-level category. */
  public static final class ToDimensions implements FlatMapFunction<Click, DimensionView> {
    private static final long serialVersionUID = 1L;
    private transient long cachedDayStart = Long.MIN_VALUE;
    private transient String cachedDay;

    @Override
    public void flatMap(Click click, Collector<DimensionView> out) {
      if (!click.isView()) {
        return;
      }
      long dayStart = Math.floorDiv(click.time, DAY) * DAY;
      if (cachedDay == null || dayStart != cachedDayStart) {
        cachedDay = LocalDate.ofEpochDay(dayStart / DAY).toString();
        cachedDayStart = dayStart;
      }
      out.collect(new DimensionView(key(cachedDay, ALL), click.userId, click.time));
      out.collect(new DimensionView(key(cachedDay, click.topCategory), click.userId, click.time));
    }
  }
}
