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

  /**
   * Heap in use after full collections, repeated until it stops falling: objects released by
   * finalizers or cleaners (e.g. of a closed Flink harness) only go in a later collection.
   */
  public static long usedHeapAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 12; i++) {
      System.gc();
      System.runFinalization();
      long now = runtime.totalMemory() - runtime.freeMemory();
      if (i >= 3 && now >= used - (64 << 10)) {
        return Math.min(used, now);
      }
      used = Math.min(used, now);
      try {
        // Let the reference-handler and cleaner threads run before the next collection.
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return used;
  }
}
