package io.cartpulse.flink.rules;

import io.cartpulse.click.EventType;
import io.cartpulse.flink.model.ChurnSignal;
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
 * The keyed step in front of the CHURN_RISK CEP operator (keyed by userId): gives each view the
 * start of the non-overlapping window it counts in and its running count, so the pattern never
 * has to decide where a window starts (see {@link ChurnRiskPattern} for why it cannot).
 *
 * <p>Per user it keeps one value ({@link ChurnWindow}) and at most two timers. It forwards only
 * what the pattern reads: the first view of a window (count 1), views from the alert floor on
 * (count >= churn.min-views) and a purchase that discards an open window. Carts, removals,
 * views 2..floor-1 and purchases outside a window cannot change any match and are dropped here,
 * which keeps the CEP operator's input and buffers small.
 *
 * <p>Window membership follows ALERTS.md: a view opens a window at w0 = t when none is open; an
 * event at t >= w0 + window is outside it (the window has closed, even if the close timer has
 * not fired yet because the watermark lags). Signals carry the user's clock (the largest event
 * time so far) as their time, so the CEP operator, which orders by timestamp, replays each user's
 * signals in arrival order.
 */
public class ChurnWindowAssigner extends KeyedProcessFunction<String, Click, ChurnSignal> {
  private static final long serialVersionUID = 1L;

  public static final String STATE_NAME = "churn-window";

  private final long windowMs;
  private final int minViews;
  private transient ValueState<ChurnWindow> windows;

  public ChurnWindowAssigner(long windowMs, int minViews) {
    this.windowMs = windowMs;
    this.minViews = minViews;
  }

  @Override
  public void open(OpenContext openContext) {
    windows = getRuntimeContext().getState(
        new ValueStateDescriptor<>(STATE_NAME, TypeInformation.of(ChurnWindow.class)));
  }

  @Override
  public void processElement(Click click, Context ctx, Collector<ChurnSignal> out) throws Exception {
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
      // Closed by time; the CEP operator ends the match at w0 + window before it sees this event.
      timers.deleteEventTimeTimer(window.start + windowMs);
      window.close();
    }
    if (click.type == EventType.VIEW) {
      if (!window.isOpen()) {
        window.start = time;
        window.views = 1;
        timers.registerEventTimeTimer(time + windowMs);
        out.collect(ChurnSignal.view(click.userId, time, window.start, 1));
      } else {
        window.views++;
        if (window.views >= minViews) {
          out.collect(ChurnSignal.view(click.userId, time, window.start, window.views));
        }
      }
    } else if (window.isOpen()) {
      out.collect(ChurnSignal.purchase(click.userId, time, window.start, window.views));
      timers.deleteEventTimeTimer(window.start + windowMs);
      window.close();
    }
    if (!window.isOpen()) {
      // Remember the clock only until the watermark passes it: later events cannot be earlier.
      timers.registerEventTimeTimer(time);
    }
    windows.update(window);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<ChurnSignal> out) throws Exception {
    ChurnWindow window = windows.value();
    if (window == null) {
      return;
    }
    boolean windowEnded = window.isOpen() && window.start + windowMs == timestamp;
    boolean clockPassed = !window.isOpen() && window.clock <= timestamp;
    if (windowEnded || clockPassed) {
      windows.clear();
    }
  }
}
