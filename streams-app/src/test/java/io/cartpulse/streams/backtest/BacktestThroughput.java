package io.cartpulse.streams.backtest;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.click.Rees46Csv;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Throughput of {@link StreamsBacktest} (not a test; run by hand):
 * {@code java -cp <test classpath> io.cartpulse.streams.backtest.BacktestThroughput [rees46.csv] [synthetic count]}.
 */
public final class BacktestThroughput {
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && !args[0].isEmpty()) {
      List<ClickEvent> events = new ArrayList<>();
      Rees46Csv.read(Path.of(args[0]), row -> {
        if (row.isValid()) {
          events.add(row.event());
        }
      });
      measure("rees46 " + args[0], events, 3);
    }
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    measure("synthetic " + count, SyntheticClicks.large(42, count), 2);
  }

  private static void measure(String name, List<ClickEvent> events, int rounds) {
    for (int round = 1; round <= rounds; round++) {
      java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
      long cpuStart = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      List<Alert> alerts = StreamsBacktest.run(events.iterator(), new Properties());
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
      System.out.printf("%s round %d: %d events, %d alerts, wall %.2f s (%.0f events/s), cpu %.2f s (%.0f events/cpu-s)%n",
          name, round, events.size(), alerts.size(), seconds, events.size() / seconds, cpuSeconds,
          events.size() / cpuSeconds);
    }
  }
}
