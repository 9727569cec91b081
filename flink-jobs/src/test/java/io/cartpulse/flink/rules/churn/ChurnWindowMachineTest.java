package io.cartpulse.flink.rules.churn;

import static io.cartpulse.flink.rules.churn.ChurnWindowMachine.NONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartpulse.click.EventType;
import io.cartpulse.flink.model.ChurnWindow;
import io.cartpulse.flink.rules.churn.ChurnWindowMachine.Change;
import io.cartpulse.flink.rules.churn.ChurnWindowMachine.ClosedWindow;
import io.cartpulse.flink.rules.churn.ChurnWindowMachine.Step;
import io.cartpulse.settings.SettingsInForce;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CHURN_RISK window state machine alone (no Flink), at every boundary of ALERTS.md section 4:
 * the window opens at a view, covers {@code [w0, w0 + 7 days)}, counts each view, is discarded by
 * a purchase inside it, and closes with its views when the clock reaches its end.
 */
class ChurnWindowMachineTest {
  static final long W0 = 1_569_888_000_000L; // 2019-10-01T00:00:00Z
  static final long HOUR = 3_600_000L;
  static final long WEEK = 7 * 24 * HOUR;

  final ChurnWindowMachine machine = new ChurnWindowMachine(WEEK);
  final ChurnWindow window = new ChurnWindow();

  Step view(long time) {
    return machine.onEvent(window, false, time);
  }

  Step purchase(long time) {
    return machine.onEvent(window, true, time);
  }

  void views(long from, int count) {
    for (int i = 0; i < count; i++) {
      view(from + i * HOUR);
    }
  }

  @Test
  void onlyViewsAndPurchasesAreRead() {
    assertThat(ChurnWindowMachine.reads(EventType.VIEW)).isTrue();
    assertThat(ChurnWindowMachine.reads(EventType.PURCHASE)).isTrue();
    assertThat(ChurnWindowMachine.reads(EventType.CART)).isFalse();
    assertThat(ChurnWindowMachine.reads(EventType.REMOVE_FROM_CART)).isFalse();
  }

  @Test
  void aViewWithNoOpenWindowOpensOneAtItsTimeAndAsksToWakeUpAtItsEnd() {
    Step step = view(W0);

    assertThat(step).isEqualTo(new Step(null, Change.OPENED, W0, W0, 1, NONE, W0 + WEEK));
    assertThat(window.isOpen()).isTrue();
    assertThat(window.start).isEqualTo(W0);
    assertThat(machine.end(window)).isEqualTo(W0 + WEEK);
  }

  @Test
  void eachViewCountsAlsoAtTheSameInstantAndAtTheLastMillisecond() {
    view(W0);
    assertThat(view(W0)).isEqualTo(new Step(null, Change.COUNTED, W0, W0, 2, NONE, NONE));
    assertThat(view(W0 + WEEK - 1)).isEqualTo(new Step(null, Change.COUNTED, W0 + WEEK - 1, W0, 3, NONE, NONE));
    assertThat(window.views).isEqualTo(3);
  }

  @Test
  void aViewExactlyAtTheEndFirstClosesTheWindowThenOpensTheNext() {
    views(W0, 10);

    Step step = view(W0 + WEEK);

    assertThat(step.closed()).isEqualTo(new ClosedWindow(W0, W0 + WEEK, 10));
    assertThat(step.change()).isEqualTo(Change.OPENED);
    assertThat(step.windowStart()).isEqualTo(W0 + WEEK);
    assertThat(step.views()).isEqualTo(1);
    assertThat(step.cancelledWakeUp()).isEqualTo(W0 + WEEK);
    assertThat(step.wakeUp()).isEqualTo(W0 + 2 * WEEK);
  }

  @Test
  void aPurchaseAtTheLastMillisecondDiscardsTheWindowWithoutClosingIt() {
    views(W0, 12);

    Step step = purchase(W0 + WEEK - 1);

    assertThat(step).isEqualTo(new Step(null, Change.DISCARDED, W0 + WEEK - 1, W0, 12, W0 + WEEK, W0 + WEEK - 1));
    assertThat(window.isOpen()).isFalse();
    assertThat(machine.onClock(window, W0 + WEEK)).as("nothing left to close").isNull();
  }

  @Test
  void aPurchaseExactlyAtTheEndIsOutsideTheWindowWhichClosesWithItsViews() {
    views(W0, 10);

    Step step = purchase(W0 + WEEK);

    assertThat(step).isEqualTo(new Step(new ClosedWindow(W0, W0 + WEEK, 10), Change.NONE, W0 + WEEK, NONE, 0,
        W0 + WEEK, W0 + WEEK));
    assertThat(window.isOpen()).isFalse();
  }

  @Test
  void aPurchaseWithNoOpenWindowNeitherOpensNorBlocksOne() {
    assertThat(purchase(W0)).isEqualTo(new Step(null, Change.NONE, W0, NONE, 0, NONE, W0));
    assertThat(window.isOpen()).isFalse();

    assertThat(view(W0 + HOUR).change()).isEqualTo(Change.OPENED);
    assertThat(window.start).isEqualTo(W0 + HOUR);
  }

  @Test
  void theViewAfterADiscardingPurchaseOpensANewWindow() {
    views(W0, 5);
    purchase(W0 + 5 * HOUR);

    Step step = view(W0 + 6 * HOUR);

    assertThat(step.change()).isEqualTo(Change.OPENED);
    assertThat(step.windowStart()).isEqualTo(W0 + 6 * HOUR);
    assertThat(step.closed()).isNull();
  }

  @Test
  void theClockClosesTheWindowExactlyAtItsEndNotBefore() {
    views(W0, 9);

    assertThat(machine.onClock(window, W0 + WEEK - 1)).isNull();
    assertThat(window.isOpen()).isTrue();
    // Either way the window closes: below any floor too; whether it alerts is not the machine's call.
    assertThat(machine.onClock(window, W0 + WEEK)).isEqualTo(new ClosedWindow(W0, W0 + WEEK, 9));
    assertThat(window.isOpen()).isFalse();
    assertThat(machine.onClock(window, W0 + WEEK)).as("closes once").isNull();
  }

  @Test
  void aClockFarPastTheEndStillClosesTheWindowAtItsEnd() {
    views(W0, 10);

    assertThat(machine.onClock(window, W0 + 5 * WEEK)).isEqualTo(new ClosedWindow(W0, W0 + WEEK, 10));
  }

  @Test
  void windowsNeverOverlap() {
    // A view every 12 hours for three weeks: 14 views per window, back to back.
    int closed = 0;
    for (int i = 0; i < 42; i++) {
      Step step = view(W0 + i * 12 * HOUR);
      if (step.closed() != null) {
        closed++;
        assertThat(step.closed().views()).isEqualTo(14);
        assertThat(step.closed().end()).isEqualTo(step.windowStart());
      }
    }
    assertThat(closed).isEqualTo(2);
    assertThat(window.start).isEqualTo(W0 + 2 * WEEK);
    assertThat(window.views).isEqualTo(14);
  }

  @Test
  void anEventBehindTheUsersClockIsTakenAtTheClock() {
    view(W0 + 2 * HOUR);
    purchase(W0 + 3 * HOUR);

    // Arrives after the purchase although its event time is earlier: it opens a window at the clock.
    Step step = view(W0 + HOUR);

    assertThat(step.time()).isEqualTo(W0 + 3 * HOUR);
    assertThat(step.windowStart()).isEqualTo(W0 + 3 * HOUR);
    assertThat(window.clock).isEqualTo(W0 + 3 * HOUR);
  }

  @Test
  void theStateCanGoOnceNoWindowIsOpenAndTheWatermarkHasPassedTheUsersClock() {
    view(W0);
    assertThat(machine.canForget(window, W0 + 2 * WEEK)).as("a window is open").isFalse();

    purchase(W0 + HOUR);
    assertThat(machine.canForget(window, W0 + HOUR - 1)).as("an event before the clock may still come").isFalse();
    assertThat(machine.canForget(window, W0 + HOUR)).isTrue();
  }

  @Test
  void theWindowMustBePositive() {
    assertThatThrownBy(() -> new ChurnWindowMachine(0)).hasMessageContaining("churn window");
  }

  @Test
  void theDecisionIsTheFloorOnTheClosedWindowsViewsAndTheSwitch() {
    SettingsInForce defaults = SettingsInForce.defaults();
    assertThat(ChurnAlertDecision.alerts(9, defaults)).isFalse();
    assertThat(ChurnAlertDecision.alerts(10, defaults)).isTrue();
    // One view is a window too (run-time settings allow a floor of 1).
    assertThat(ChurnAlertDecision.alerts(1, SettingsInForce.fromStartup(Map.of("churn.min-views", "1")))).isTrue();
    assertThat(ChurnAlertDecision.alerts(99, SettingsInForce.fromStartup(Map.of("churn.enabled", "false"))))
        .isFalse();
  }
}
