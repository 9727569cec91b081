package io.cartpulse.flink.rules.churn;

import io.cartpulse.flink.model.ChurnSignal;
import io.cartpulse.flink.rules.churn.ChurnWindowMachine.ClosedWindow;
import io.cartpulse.flink.rules.churn.ChurnWindowMachine.Step;
import org.apache.flink.util.Collector;

/**
 * The keyed step in front of the CHURN_RISK CEP operator (keyed by userId): runs
 * {@link ChurnWindowMachine} and tells the pattern only what can change a match, so the pattern
 * never has to decide where a window starts (see {@link ChurnRiskPattern} for why it cannot):
 *
 * <ul>
 *   <li>the view that opens a window (count 1);
 *   <li>a purchase that discards an open window;
 *   <li>the window's end: the final count, sent once the window is complete (the watermark at
 *       {@code end - 1}, or a later event of the user that closes it first), stamped {@code end - 1}
 *       so the CEP operator sees it before it times the window out at {@code end}.
 * </ul>
 *
 * Every other event is absorbed here (carts, removals, the views that only count, purchases
 * outside a window): the CEP operator sees at most three signals per window however busy the user
 * is. Signals carry the user's clock ({@link Step#time()}) as their time, so the CEP operator, which
 * orders by timestamp, replays each user's signals in arrival order.
 */
public class ChurnWindowAssigner extends ChurnWindowFunction<ChurnSignal> {
  private static final long serialVersionUID = 2L;

  public ChurnWindowAssigner(long windowMs) {
    super(windowMs, 1);
  }

  @Override
  protected void onStep(String userId, Step step, long now, Collector<ChurnSignal> out) {
    if (step.closed() != null) {
      onWindowEnd(userId, step.closed(), now, out);
    }
    switch (step.change()) {
      case OPENED -> out.collect(ChurnSignal.view(userId, step.time(), step.windowStart(), 1));
      case DISCARDED -> out.collect(ChurnSignal.purchase(userId, step.time(), step.windowStart(), step.views()));
      case COUNTED, NONE -> { }
      default -> throw new IllegalStateException("unknown change " + step.change());
    }
  }

  @Override
  protected void onWindowEnd(String userId, ClosedWindow closed, long now, Collector<ChurnSignal> out) {
    out.collect(ChurnSignal.end(userId, closed.start(), machine.windowMs(), closed.views()));
  }
}
