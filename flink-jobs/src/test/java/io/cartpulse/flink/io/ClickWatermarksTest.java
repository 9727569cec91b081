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
    ClickWatermarks.Generator generator = new ClickWatermarks.Generator(2000, 0, wall::get);
    Recorded out = new Recorded();
    generator.onEvent(at(T + 5000), T + 5000, out);
    generator.onEvent(at(T + 1000), T + 1000, out);
    generator.onPeriodicEmit(out);
    // Flink's watermark W promises nothing at or before W: max - delay - 1.
    assertThat(out.last()).isEqualTo(T + 5000 - 2000 - 1);
  }

  @Test
  void invalidRecordsNeverMoveTheClock() {
    ClickWatermarks.Generator generator = new ClickWatermarks.Generator(0, 0, () -> 0);
    Recorded out = new Recorded();
    generator.onEvent(at(T), T, out);
    generator.onEvent(SourcedClick.invalid("garbage"), Long.MIN_VALUE, out);
    generator.onPeriodicEmit(out);
    assertThat(out.last()).isEqualTo(T - 1);
  }

  @Test
  void aQuietPartitionKeepsTheClockMovingWithWallTime() {
    AtomicLong wall = new AtomicLong(1_000_000);
    ClickWatermarks.Generator generator = new ClickWatermarks.Generator(2000, 30_000, wall::get);
    Recorded out = new Recorded();
    generator.onEvent(at(T), T, out);
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
  void aPartitionWithoutEventsGoesIdleSoItDoesNotHoldTheOthersBack() {
    AtomicLong wall = new AtomicLong(0);
    ClickWatermarks.Generator generator = new ClickWatermarks.Generator(2000, 30_000, wall::get);
    Recorded out = new Recorded();
    generator.onPeriodicEmit(out);
    assertThat(out.idle).isFalse();
    wall.set(30_000);
    generator.onPeriodicEmit(out);
    assertThat(out.idle).isTrue();
    assertThat(out.watermarks).isEmpty();
  }

  @Test
  void withoutIdlenessTheClockStaysAtTheLastEvent() {
    AtomicLong wall = new AtomicLong(0);
    ClickWatermarks.Generator generator = new ClickWatermarks.Generator(0, 0, wall::get);
    Recorded out = new Recorded();
    generator.onEvent(at(T), T, out);
    wall.set(10_000_000);
    generator.onPeriodicEmit(out);
    assertThat(out.last()).isEqualTo(T - 1);
  }
}
