package io.cartpulse.flink.rules.churn;

import io.cartpulse.flink.model.ChurnSignal;
import io.cartpulse.flink.rules.churn.ChurnWindowMachine.ClosedWindow;
import io.cartpulse.flink.rules.churn.ChurnWindowMachine.Step;
import org.apache.flink.util.Collector;

/**
 * The keyed step in front of the CHURN_RISK CEP operator (keyed by userId): runs
 * {@link ChurnWindowMachine} and tells the pattern each view's window start and running count, so
 * the pattern never has to decide where a window starts (see {@link ChurnRiskPattern} for why it
 * cannot).
 *
 * <p>It forwards only what the pattern reads: the first view of a window (count 1), views from the
 * alert floor on (count >= churn.min.views) and a purchase that discards an open window. Carts,
 * removals, views 2..floor-1 and purchases outside a window cannot change any match and are
 * dropped here, which keeps the CEP operator's input and buffers small. A window that closes by
 * time needs no signal: the CEP operator ends the match at w0 + window by itself, before it sees
 * a later signal. Signals carry the user's clock ({@link Step#time()}) as their time, so the CEP
 * operator, which orders by timestamp, replays each user's signals in arrival order.
 */
public class ChurnWindowAssigner extends ChurnWindowFunction<ChurnSignal> {
  private static final long serialVersionUID = 1L;

  private final int minViews;

  public ChurnWindowAssigner(long windowMs, int minViews) {
    super(windowMs);
    this.minViews = minViews;
  }

  @Override
  protected void onStep(String userId, Step step, long now, Collector<ChurnSignal> out) {
    switch (step.change()) {
      case OPENED -> out.collect(ChurnSignal.view(userId, step.time(), step.windowStart(), 1));
      case COUNTED -> {
        if (step.views() >= minViews) {
          out.collect(ChurnSignal.view(userId, step.time(), step.windowStart(), step.views()));
        }
      }
      case DISCARDED -> out.collect(ChurnSignal.purchase(userId, step.time(), step.windowStart(), step.views()));
      case NONE -> { }
      default -> throw new IllegalStateException("unknown change " + step.change());
    }
  }

  @Override
  protected void onWindowEnd(String userId, ClosedWindow closed, long now, Collector<ChurnSignal> out) {
    // The CEP operator times the match out at the same w0 + window.
  }
}
