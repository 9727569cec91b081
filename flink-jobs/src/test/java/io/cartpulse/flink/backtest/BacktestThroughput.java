package io.cartpulse.flink.backtest;

import java.nio.file.Path;
import java.util.Properties;

/**
 * Measures the backtest (not a test): {@code BacktestThroughput <csv> [key=value ...]}. Prints
 * wall time, events per second and result counts.
 */
public final class BacktestThroughput {
  private BacktestThroughput() {}

  public static void main(String[] args) throws Exception {
    Properties overrides = new Properties();
    for (int i = 1; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      overrides.setProperty(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    long start = System.nanoTime();
    FlinkBacktest.Result result = FlinkBacktest.run(Path.of(args[0]), overrides);
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("%s %s: %d ms wall, %d alerts, %d pvuv points, T_end %d%n", args[0], overrides, millis,
        result.alerts().size(), result.pvuv().size(), result.lastEventTime());
  }
}
