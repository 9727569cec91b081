package io.cartpulse.bench.jmh;

import io.cartpulse.bench.Bench;
import io.cartpulse.bench.BenchContext;
import io.cartpulse.bench.Guard;
import io.cartpulse.bench.Row;
import io.cartpulse.bench.Stats;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The JMH hot-path benchmarks of this package. Full mode: 3 forks (fresh JVMs), each 3 warm-up
 * iterations of 0.5 s and 2 measured ones of 0.75 s; the median and spread are over the forks' scores. Quick mode: one
 * short iteration in this JVM (no fork), a smoke test only.
 */
public final class JmhSection implements Bench.Section {
  static final String SECTION = "hot path (JMH)";

  /** Benchmark method -> what it measures, for the table. */
  static final Map<String, String> NAMES = Map.ofEntries(
      Map.entry("StreamsRuleBenchmarks.viewNoAlert",
          "one view through every rule (decode, prune, evaluate, encode), no alert"),
      Map.entry("StreamsRuleBenchmarks.viewCrossSellAlert", "one view through every rule, CROSS_SELL alerting"),
      Map.entry("StreamsRuleBenchmarks.cartPriceSensitivityAlert",
          "one cart through every rule, PRICE_SENSITIVITY alerting"),
      Map.entry("StreamsRuleBenchmarks.cartOpensAnItem", "one cart > 200 through every rule, CART_ABANDONMENT item opened"),
      Map.entry("StreamsRuleBenchmarks.purchaseCouponAlert", "one purchase through every rule, COUPON_ISSUED alerting"),
      Map.entry("StreamsRuleBenchmarks.stateEncode", "user state decode + encode (every event)"),
      Map.entry("StreamsRuleBenchmarks.stateDecode", "user state decode (every event)"),
      Map.entry("DecodeBenchmarks.csvParse", "REES46 CSV line parse + validate (backtest input)"),
      Map.entry("DecodeBenchmarks.avroDecode", "Avro decode of a click (Confluent framing, cached schema)"),
      Map.entry("DecodeBenchmarks.avroDecodeValidateToClick", "Avro decode + validate + normalize + rule Click"),
      Map.entry("DecodeBenchmarks.avroEncodeClick", "Avro encode of a click"),
      Map.entry("DecodeBenchmarks.alertCreate", "alert record create (deterministic name-based UUID id)"),
      Map.entry("DecodeBenchmarks.alertEncode", "alert Avro encode"),
      Map.entry("TopologyBenchmarks.pipeBatch", "streams-app topology per event (TopologyTestDriver, in-memory stores)"),
      Map.entry("StoreBenchmarks.getThenPut", "user state store round trip: one get + one put, 100k users"),
      Map.entry("FlinkRuleBenchmarks.churnRisk", "Flink CHURN_RISK per event"),
      Map.entry("FlinkRuleBenchmarks.trafficSurge", "Flink TRAFFIC_SURGE per event"),
      Map.entry("FlinkRuleBenchmarks.pvUvCurves", "Flink PV/UV curves per event (2 dimensions per view)"));

  @Override
  public String name() {
    return "jmh";
  }

  @Override
  public void run(BenchContext context) throws Exception {
    boolean quick = context.quick();
    ChainedOptionsBuilder options = new OptionsBuilder()
        .include(System.getProperty("bench.jmh.include", JmhSection.class.getPackageName() + "\\..*Benchmarks\\..*"))
        .shouldFailOnError(false)
        .verbosity(quick ? VerboseMode.SILENT : VerboseMode.NORMAL)
        .output(context.out().resolve("jmh.txt").toString())
        .result(context.out().resolve("jmh.json").toString())
        .resultFormat(org.openjdk.jmh.results.format.ResultFormatType.JSON);
    if (quick) {
      options.forks(0).warmupIterations(1).warmupTime(TimeValue.milliseconds(100))
          .measurementIterations(1).measurementTime(TimeValue.milliseconds(200))
          // The churn operators' steady state takes 11 million events to reach: not for a smoke test.
          .param("warmUpEvents", String.valueOf(FlinkRuleBenchmarks.CHURN_WINDOWS_OPEN_EVENTS));
    } else {
      options.forks(3).warmupIterations(3).warmupTime(TimeValue.milliseconds(500))
          .measurementIterations(2).measurementTime(TimeValue.milliseconds(750))
          .jvmArgs(forkJvmArgs().toArray(String[]::new));
    }
    Collection<RunResult> results = new Runner(options.build()).run();
    List<String> seen = new ArrayList<>();
    for (RunResult result : results) {
      String benchmark = result.getParams().getBenchmark();
      String shortName = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
      String params = result.getParams().getParamsKeys().stream()
          .map(key -> key + "=" + result.getParams().getParam(key)).collect(Collectors.joining(", "));
      String measure = NAMES.getOrDefault(shortName, shortName) + (params.isEmpty() ? "" : " (" + params + ")");
      seen.add(shortName);
      Guard.run(context, SECTION, measure, () -> {
        List<Double> forkScores = new ArrayList<>();
        for (BenchmarkResult fork : result.getBenchmarkResults()) {
          forkScores.add(fork.getPrimaryResult().getScore());
        }
        double[] scores = forkScores.stream().mapToDouble(Double::doubleValue).toArray();
        String unit = result.getPrimaryResult().getScoreUnit().replace("ns/op", "ns/event");
        context.add(Row.of(SECTION, measure, Stats.of(scores), unit,
            context.modeNote((quick ? "in-process, one 0.2 s iteration" : "median over 3 forks (fresh JVMs) of 2 x 0.75 s after 3 x 0.5 s warm-up")
                + "; " + shortName)));
      });
    }
    for (String expected : NAMES.keySet()) {
      if (!seen.contains(expected) && System.getProperty("bench.jmh.include") == null) {
        context.add(Row.failed(SECTION, NAMES.get(expected), "no JMH result for " + expected
            + " (it failed: see jmh.txt in the output directory)"));
      }
    }
  }

  /** The forks get this JVM's module openings (Flink) and logging setup, and their own heap. */
  static List<String> forkJvmArgs() {
    List<String> args = new ArrayList<>();
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports") || arg.startsWith("-Dlog4j2")
          || arg.startsWith("-Dcartpulse")) {
        args.add(arg);
      }
    }
    args.add("-Xmx2g");
    return args;
  }
}
