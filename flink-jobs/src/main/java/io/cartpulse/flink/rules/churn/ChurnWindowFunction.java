package io.cartpulse.flink.rules.churn;

import io.cartpulse.click.EventType;
import io.cartpulse.flink.model.ChurnWindow;
import io.cartpulse.flink.model.Click;
import io.cartpulse.flink.rules.churn.ChurnWindowMachine.ClosedWindow;
import io.cartpulse.flink.rules.churn.ChurnWindowMachine.Step;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * {@link ChurnWindowMachine} on Flink, keyed by userId: the machine's state is one
 * {@link ChurnWindow} value per user, its wake-ups are event-time timers (at most two per user:
 * the window end, or the user's clock while no window is open). What the window's steps become
 * is the subclass's: signals for the CEP operator ({@link ChurnWindowAssigner}) or alerts
 * ({@link ChurnRiskProcessFunction}).
 *
 * <p>A subclass may ask to be woken {@code completionLeadMs} before each wake-up time: at watermark
 * {@code end - 1} no event before {@code end} can still arrive (the watermark W promises nothing at or
 * before W comes), so a window is complete then, and the CEP operator behind the assigner must get
 * its end signal before it times the window out at {@code end}.
 *
 * <p>The state (name {@value #STATE_NAME}, class {@link ChurnWindow}) is in savepoints: keep both.
 * Timers restored from release 0.1.0 fire at the times it set (no lead); they are handled the same.
 */
public abstract class ChurnWindowFunction<OUT> extends KeyedProcessFunction<String, Click, OUT> {
  private static final long serialVersionUID = 1L;

  public static final String STATE_NAME = "churn-window";

  protected final ChurnWindowMachine machine;
  private final long completionLeadMs;
  private transient ValueState<ChurnWindow> windows;

  protected ChurnWindowFunction(long windowMs, long completionLeadMs) {
    this.machine = new ChurnWindowMachine(windowMs);
    this.completionLeadMs = completionLeadMs;
  }

  /** A view or purchase changed the window ({@code step}); {@code now} is the processing time. */
  protected abstract void onStep(String userId, Step step, long now, Collector<OUT> out);

  /** The clock (the watermark) reached the end of the user's window. */
  protected abstract void onWindowEnd(String userId, ClosedWindow closed, long now, Collector<OUT> out);

  @Override
  public void open(OpenContext openContext) {
    windows = getRuntimeContext().getState(
        new ValueStateDescriptor<>(STATE_NAME, TypeInformation.of(ChurnWindow.class)));
  }

  @Override
  public void processElement(Click click, Context ctx, Collector<OUT> out) throws Exception {
    if (!ChurnWindowMachine.reads(click.type)) {
      return;
    }
    ChurnWindow window = windows.value();
    if (window == null) {
      window = new ChurnWindow();
    }
    Step step = machine.onEvent(window, click.type == EventType.PURCHASE, click.time);
    TimerService timers = ctx.timerService();
    if (step.cancelledWakeUp() != ChurnWindowMachine.NONE) {
      timers.deleteEventTimeTimer(step.cancelledWakeUp() - completionLeadMs);
    }
    if (step.wakeUp() != ChurnWindowMachine.NONE) {
      timers.registerEventTimeTimer(step.wakeUp() - completionLeadMs);
    } else if (window.isOpen()) {
      // Idempotent; sets the completion timer of a window restored with the timers of another release.
      timers.registerEventTimeTimer(machine.end(window) - completionLeadMs);
    }
    onStep(click.userId, step, timers.currentProcessingTime(), out);
    windows.update(window);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<OUT> out) throws Exception {
    ChurnWindow window = windows.value();
    if (window == null) {
      return;
    }
    long complete = timestamp + completionLeadMs;
    ClosedWindow closed = machine.onClock(window, complete);
    if (closed != null) {
      onWindowEnd(ctx.getCurrentKey(), closed, ctx.timerService().currentProcessingTime(), out);
    }
    if (machine.canForget(window, complete)) {
      windows.clear();
    } else if (closed != null) {
      windows.update(window);
    }
  }
}
