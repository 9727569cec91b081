package io.cartpulse.flink.rules;

import io.cartpulse.avro.Alert;
import io.cartpulse.click.EventType;
import io.cartpulse.flink.model.ChurnWindow;
import io.cartpulse.flink.model.Click;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * CHURN_RISK (ALERTS.md section 4) as a plain keyed function, keyed by userId: the reference the
 * CEP version ({@link ChurnWindowAssigner} + {@link ChurnRiskPattern}) is tested and measured
 * against. Same window bookkeeping as the assigner (one {@link ChurnWindow} value, at most two
 * timers per user); the alert is emitted by the close timer at w0 + window, or by the first later
 * event when it arrives before the watermark lets the timer fire.
 */
public class ChurnRiskProcessFunction extends KeyedProcessFunction<String, Click, Alert> {
  private static final long serialVersionUID = 1L;

  public static final String STATE_NAME = "churn-window";

  private final long windowMs;
  private final int minViews;
  private transient ValueState<ChurnWindow> windows;

  public ChurnRiskProcessFunction(long windowMs, int minViews) {
    this.windowMs = windowMs;
    this.minViews = minViews;
  }

  @Override
  public void open(OpenContext openContext) {
    windows = getRuntimeContext().getState(
        new ValueStateDescriptor<>(STATE_NAME, TypeInformation.of(ChurnWindow.class)));
  }

  @Override
  public void processElement(Click click, Context ctx, Collector<Alert> out) throws Exception {
    if (click.type != EventType.VIEW && click.type != EventType.PURCHASE) {
      return;
    }
    ChurnWindow window = windows.value();
    if (window == null) {
      window = new ChurnWindow();
    }
    long time = Math.max(click.time, window.clock);
    window.clock = time;
    TimerService timers = ctx.timerService();
    if (window.isOpen() && time >= window.start + windowMs) {
      timers.deleteEventTimeTimer(window.start + windowMs);
      emitIfEnough(click.userId, window, ctx.timerService().currentProcessingTime(), out);
      window.close();
    }
    if (click.type == EventType.VIEW) {
      if (!window.isOpen()) {
        window.start = time;
        window.views = 1;
        timers.registerEventTimeTimer(time + windowMs);
      } else {
        window.views++;
      }
    } else if (window.isOpen()) {
      timers.deleteEventTimeTimer(window.start + windowMs);
      window.close();
    }
    if (!window.isOpen()) {
      timers.registerEventTimeTimer(time);
    }
    windows.update(window);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
    ChurnWindow window = windows.value();
    if (window == null) {
      return;
    }
    if (window.isOpen() && window.start + windowMs == timestamp) {
      emitIfEnough(ctx.getCurrentKey(), window, ctx.timerService().currentProcessingTime(), out);
      windows.clear();
    } else if (!window.isOpen() && window.clock <= timestamp) {
      windows.clear();
    }
  }

  private void emitIfEnough(String userId, ChurnWindow window, long now, Collector<Alert> out) {
    if (window.views >= minViews) {
      out.collect(ChurnAlerts.create(userId, window.start, window.views, windowMs, now));
    }
  }
}
