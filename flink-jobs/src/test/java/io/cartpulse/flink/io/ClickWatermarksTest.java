package io.cartpulse.flink.io;

import static io.cartpulse.testing.Clicks.click;
import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.flink.model.SourcedClick;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class ClickWatermarksTest {
  static final long T = 1_569_888_000_000L;

  static final class Recorded implements WatermarkOutput {
    final List<Long> watermarks = new ArrayList<>();
    boolean idle;

    @Override
    public void emitWatermark(Watermark watermark) {
      watermarks.add(watermark.getTimestamp());
      idle = false;
    }

    @Override
    public void markIdle() {
      idle = true;
    }

    @Override
    public void markActive() {
      idle = false;
    }

    long last() {
      return watermarks.get(watermarks.size() - 1);
    }
  }

  static SourcedClick at(long time) {
    return SourcedClick.valid(click(time, "view", "u", "p", null));
  }

  @Test
  void theClockIsTheLargestEventTimeMinusTheDelay() {
    AtomicLong wall = new AtomicLong(0);
    ClickWatermarks.Generator generator = new ClickWatermarks.Generator(2000, 0, wall::get,
        InputWaitClock.tracked(wall::get));
    Recorded out = new Recorded();
    generator.onEvent(at(T + 5000), T + 5000, out);
    generator.onEvent(at(T + 1000), T + 1000, out);
    generator.onPeriodicEmit(out);
    // Flink's watermark W promises nothing at or before W: max - delay - 1.
    assertThat(out.last()).isEqualTo(T + 5000 - 2000 - 1);
  }

  @Test
  void invalidRecordsNeverMoveTheClock() {
    ClickWatermarks.Generator generator = new ClickWatermarks.Generator(0, 0, () -> 0, InputWaitClock.tracked(() -> 0));
    Recorded out = new Recorded();
    generator.onEvent(at(T), T, out);
    generator.onEvent(SourcedClick.invalid("garbage"), Long.MIN_VALUE, out);
    generator.onPeriodicEmit(out);
    assertThat(out.last()).isEqualTo(T - 1);
  }

  @Test
  void aQuietPartitionKeepsTheClockMovingWithWallTimeOnceTheInputWaited() {
    AtomicLong wall = new AtomicLong(1_000_000);
    InputWaitClock input = InputWaitClock.tracked(wall::get);
    ClickWatermarks.Generator generator = new ClickWatermarks.Generator(2000, 30_000, wall::get, input);
    Recorded out = new Recorded();
    generator.onEvent(at(T), T, out);
    input.startWaiting();
    wall.addAndGet(29_999);
    generator.onPeriodicEmit(out);
    assertThat(out.last()).isEqualTo(T - 2001);

    wall.addAndGet(1);
    generator.onPeriodicEmit(out);
    assertThat(out.last()).isEqualTo(T - 2001 + 30_000);

    wall.addAndGet(60_000);
    generator.onPeriodicEmit(out);
    assertThat(out.last()).isEqualTo(T - 2001 + 90_000);
  }

  @Test
  void aBusyInputNeverMovesAQuietPartitionsClock() {
    // The subtask emits another partition's backlog (or is backpressured): this partition's records
    // may be queued behind it, so its clock must stay at its last event however long that takes.
    AtomicLong wall = new AtomicLong(1_000_000);
    InputWaitClock input = InputWaitClock.tracked(wall::get);
    ClickWatermarks.Generator generator = new ClickWatermarks.Generator(2000, 3_000, wall::get, input);
    Recorded out = new Recorded();
    generator.onEvent(at(T), T, out);
    wall.addAndGet(600_000);
    generator.onPeriodicEmit(out);
    assertThat(out.last()).isEqualTo(T - 2001);

    // Short waits between fetches add up; only their sum counts, the busy time in between does not.
    for (int i = 0; i < 2; i++) {
      input.startWaiting();
      wall.addAndGet(1_000);
      input.stopWaiting();
      wall.addAndGet(60_000);
    }
    generator.onPeriodicEmit(out);
    assertThat(out.last()).isEqualTo(T - 2001);
    input.startWaiting();
    wall.addAndGet(1_000);
    generator.onPeriodicEmit(out);
    // Waited 3 s in all since the event: the clock runs on by the wall time since that event.
    assertThat(out.last()).isEqualTo(T - 2001 + 600_000 + 2 * 61_000 + 1_000);
  }

  @Test
  void aQuietPartitionJoinsTheLargestEventTimeOfItsSubtask() {
    // Input stopped: partition A's last event is an event-hour behind partition B's. Results due in
    // between must not wait an hour of wall time for A's clock to crawl there.
    AtomicLong wall = new AtomicLong(1_000_000);
    InputWaitClock input = InputWaitClock.tracked(wall::get);
    ClickWatermarks.Generator a = new ClickWatermarks.Generator(2000, 3_000, wall::get, input);
    ClickWatermarks.Generator b = new ClickWatermarks.Generator(2000, 3_000, wall::get, input);
    Recorded outA = new Recorded();
    Recorded outB = new Recorded();
    a.onEvent(at(T), T, outA);
    b.onEvent(at(T + 3_600_000), T + 3_600_000, outB);
    a.onPeriodicEmit(outA);
    assertThat(outA.last()).as("busy: its own clock").isEqualTo(T - 2001);

    input.startWaiting();
    wall.addAndGet(3_000);
    a.onPeriodicEmit(outA);
    b.onPeriodicEmit(outB);
    assertThat(outA.last()).isEqualTo(T + 3_600_000 - 2001 + 3_000);
    assertThat(outB.last()).isEqualTo(T + 3_600_000 - 2001 + 3_000);
  }

  @Test
  void aPartitionWithoutEventsGoesIdleOnlyAfterTheInputHadRecordsAndThenWaited() {
    AtomicLong wall = new AtomicLong(0);
    InputWaitClock input = InputWaitClock.tracked(wall::get);
    ClickWatermarks.Generator quiet = new ClickWatermarks.Generator(2000, 30_000, wall::get, input);
    ClickWatermarks.Generator busy = new ClickWatermarks.Generator(2000, 30_000, wall::get, input);
    Recorded out = new Recorded();
    Recorded busyOut = new Recorded();

    // Before the first record nothing can be told apart: the first fetch may still bring this partition's backlog.
    input.startWaiting();
    wall.addAndGet(120_000);
    quiet.onPeriodicEmit(out);
    assertThat(out.idle).isFalse();

    input.stopWaiting();
    busy.onEvent(at(T), T, busyOut);
    quiet.onPeriodicEmit(out);
    wall.addAndGet(120_000);
    quiet.onPeriodicEmit(out);
    assertThat(out.idle).as("the subtask is busy with another partition").isFalse();

    input.startWaiting();
    wall.addAndGet(29_999);
    quiet.onPeriodicEmit(out);
    assertThat(out.idle).isFalse();
    wall.addAndGet(1);
    quiet.onPeriodicEmit(out);
    assertThat(out.idle).isTrue();
    assertThat(out.watermarks).isEmpty();
  }

  @Test
  void anUntrackedInputCountsAllWallTimeAsWaiting() {
    AtomicLong wall = new AtomicLong(0);
    ClickWatermarks.Generator generator = new ClickWatermarks.Generator(2000, 30_000, wall::get,
        InputWaitClock.untracked(wall::get));
    Recorded out = new Recorded();
    generator.onPeriodicEmit(out);
    wall.set(30_000);
    generator.onPeriodicEmit(out);
    assertThat(out.idle).isTrue();
  }

  @Test
  void withoutIdlenessTheClockStaysAtTheLastEvent() {
    AtomicLong wall = new AtomicLong(0);
    InputWaitClock input = InputWaitClock.tracked(wall::get);
    ClickWatermarks.Generator generator = new ClickWatermarks.Generator(0, 0, wall::get, input);
    Recorded out = new Recorded();
    generator.onEvent(at(T), T, out);
    input.startWaiting();
    wall.set(10_000_000);
    generator.onPeriodicEmit(out);
    assertThat(out.last()).isEqualTo(T - 1);
  }
}
