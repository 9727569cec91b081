package io.cartpulse.bench;

/** Runs a measurement repeatedly after warm-up runs and summarises it. */
public final class Measure {
  private Measure() {}

  /** One measurement: returns the measured value (e.g. events per second). */
  @FunctionalInterface
  public interface Run {
    double once() throws Exception;
  }

  /** {@code warmups} unrecorded runs (JIT, class loading, caches), then {@code runs} recorded ones. */
  public static Stats repeat(int warmups, int runs, Run run) throws Exception {
    for (int i = 0; i < warmups; i++) {
      run.once();
    }
    double[] values = new double[runs];
    for (int i = 0; i < runs; i++) {
      values[i] = run.once();
    }
    return Stats.of(values);
  }

  /** Heap in use after a full collection (several passes, so finalizable garbage is gone too). */
  public static long usedHeapAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
    }
    return used;
  }
}
