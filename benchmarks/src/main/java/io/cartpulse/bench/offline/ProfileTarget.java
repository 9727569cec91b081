package io.cartpulse.bench.offline;

import io.cartpulse.backtest.flink.FlinkBacktest;
import io.cartpulse.backtest.streams.StreamsBacktest;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A steady workload to attach a profiler to (docs/BENCHMARKS.md, "Profiling"):
 * {@code ProfileTarget streams|flink|flink-process CSV ROUNDS} runs one engine's backtest over the
 * file ROUNDS times and prints each round's throughput.
 */
public final class ProfileTarget {
  private ProfileTarget() {}

  public static void main(String[] args) throws Exception {
    String engine = args[0];
    Path csv = Path.of(args[1]);
    int rounds = Integer.parseInt(args[2]);
    Datasets.Parsed parsed = Datasets.read(csv);
    for (int round = 1; round <= rounds; round++) {
      long start = System.nanoTime();
      int results;
      switch (engine) {
        case "streams" -> results = StreamsBacktest.run(parsed.events().iterator(), new Properties()).size();
        case "flink", "flink-process" -> {
          Properties props = new Properties();
          if (engine.equals("flink-process")) {
            props.setProperty("churn.implementation", "process");
          }
          results = FlinkBacktest.run(csv, props).alerts().size();
        }
        default -> throw new IllegalArgumentException("engine: streams, flink or flink-process");
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("%s round %d: %d results, %.2f s, %.0f events/s%n", engine, round, results, seconds,
          parsed.events().size() / seconds);
    }
    System.exit(0);
  }
}
