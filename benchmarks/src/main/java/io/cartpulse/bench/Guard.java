package io.cartpulse.bench;

/** Runs one measurement; a failure becomes a FAILED row and the section goes on with the next. */
public final class Guard {
  private Guard() {}

  @FunctionalInterface
  public interface Body {
    void run() throws Exception;
  }

  public static void run(BenchContext context, String section, String measure, Body body) {
    try {
      body.run();
    } catch (Exception | Error e) {
      context.add(Row.failed(section, measure, Bench.describe(e)));
      e.printStackTrace();
    }
  }
}
