package io.cartpulse.flink.rules;

import io.cartpulse.alert.Alerts;
import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.RuleSettings;
import io.cartpulse.flink.settings.FollowedSettings;
import io.cartpulse.rules.RuleCatalog;
import io.cartpulse.settings.SettingsInForce;
import io.cartpulse.settings.SettingsTimeline;
import io.cartpulse.flink.model.SurgeHistory;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * TRAFFIC_SURGE (ALERTS.md section 4) over the event times of all views, keyed by one constant
 * (the rule is global). Views are counted per epoch-aligned minute while the minute is open; the
 * timer at m + 1 min (fired by the watermark, in minute order) closes minute m, decides whether
 * it surges and emits on a rising edge only.
 *
 * <p>Minute m surges iff the stream's first view is at or before m - history; c(m) >= minViews;
 * and c(m) x baselineMinutes >= factor x (sum of c over [m - baselineMinutes, m)), compared
 * exactly in BigDecimal. Minutes without views do not surge. The minimum and the factor, and
 * whether a surge is emitted ({@code surge.enabled}), are the settings in force at m + 1 min
 * (ALERTS.md section 8); whether m - 1 surged was decided at its own end, m, with the settings in
 * force then, and does not depend on {@code surge.enabled}. State: the open minutes' counts (as
 * many as the watermark delay spans), one {@link SurgeHistory}, and the settings versions
 * (broadcast state, {@link FollowedSettings}).
 */
public class TrafficSurgeFunction extends KeyedBroadcastProcessFunction<Integer, Long, RuleSettings, Alert> {
  private static final long serialVersionUID = 2L;

  public static final long MINUTE = 60_000L;
  public static final String VIEWS = "views";
  public static final String BASELINE = "baseline";

  private final FollowedSettings settings;
  private final int historyMinutes;
  private final int baselineMinutes;
  private transient MapState<Long, Long> openMinutes;
  private transient ValueState<SurgeHistory> history;

  public TrafficSurgeFunction(SettingsTimeline initial, int historyMinutes, int baselineMinutes) {
    this.settings = new FollowedSettings(initial, "traffic-surge");
    this.historyMinutes = historyMinutes;
    this.baselineMinutes = baselineMinutes;
  }

  @Override
  public void open(OpenContext openContext) {
    openMinutes = getRuntimeContext().getMapState(new MapStateDescriptor<>("surge-open-minutes", Types.LONG, Types.LONG));
    history = getRuntimeContext().getState(
        new ValueStateDescriptor<>("surge-history", TypeInformation.of(SurgeHistory.class)));
  }

  @Override
  public void processElement(Long viewTime, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
    SurgeHistory h = history.value();
    if (h == null || viewTime < h.firstView) {
      h = h == null ? new SurgeHistory(baselineMinutes) : h;
      h.firstView = viewTime;
      history.update(h);
    }
    long minute = Math.floorDiv(viewTime, MINUTE) * MINUTE;
    Long count = openMinutes.get(minute);
    if (count == null) {
      count = 0L;
      ctx.timerService().registerEventTimeTimer(minute + MINUTE);
    }
    openMinutes.put(minute, count + 1);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
    long minute = timestamp - MINUTE;
    Long count = openMinutes.get(minute);
    if (count == null) {
      return;
    }
    openMinutes.remove(minute);
    SurgeHistory h = history.value();
    SettingsInForce atEnd = settings.timeline(ctx.getBroadcastState(FollowedSettings.STATE)).at(timestamp);
    BigDecimal factor = atEnd.get(RuleCatalog.SURGE_FACTOR);
    long baselineSum = h.sum(minute - baselineMinutes * MINUTE, minute);
    boolean surges = h.firstView <= minute - historyMinutes * MINUTE
        && count >= atEnd.get(RuleCatalog.SURGE_MIN_VIEWS)
        && BigDecimal.valueOf(count).multiply(BigDecimal.valueOf(baselineMinutes))
            .compareTo(factor.multiply(BigDecimal.valueOf(baselineSum))) >= 0;
    h.record(minute, count);
    if (surges) {
      if (h.lastSurgeMinute != minute - MINUTE && atEnd.get(RuleCatalog.SURGE.enabled())) {
        out.collect(alert(minute, count, baselineSum, factor, ctx.timerService().currentProcessingTime()));
      }
      h.lastSurgeMinute = minute;
    }
    history.update(h);
  }

  @Override
  public void processBroadcastElement(RuleSettings version, Context ctx, Collector<Alert> out) throws Exception {
    settings.add(version, ctx.getBroadcastState(FollowedSettings.STATE), ctx.currentWatermark());
  }

  private Alert alert(long minute, long views, long baselineSum, BigDecimal factor, long now) {
    String baseline = BigDecimal.valueOf(baselineSum)
        .divide(BigDecimal.valueOf(baselineMinutes), 2, RoundingMode.HALF_UP).toPlainString();
    String message = "Traffic surge: " + views + " views in the minute from " + Instant.ofEpochMilli(minute)
        + ", at least " + factor.toPlainString() + " times the baseline of " + baseline
        + " views per minute over the previous " + baselineMinutes + " minutes.";
    return Alerts.create(AlertType.TRAFFIC_SURGE, null, null, null, minute + MINUTE, now, Alerts.SOURCE_FLINK,
        message, Map.of(VIEWS, Long.toString(views), BASELINE, baseline), null);
  }
}
