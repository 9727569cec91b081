package io.cartpulse.flink.backtest;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.flink.testing.ContractOracle;
import io.cartpulse.flink.testing.Fixtures;
import io.cartpulse.flink.testing.Results;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/** Manual check (not a test): {@code OracleCheck <csv> [key=value ...]} compares the backtest with the oracle. */
public final class OracleCheck {
  private OracleCheck() {}

  public static void main(String[] args) throws Exception {
    Properties overrides = new Properties();
    for (int i = 1; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      overrides.setProperty(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    Path csv = Path.of(args[0]);
    long start = System.nanoTime();
    FlinkBacktest.Result result = FlinkBacktest.run(csv, overrides);
    long millis = (System.nanoTime() - start) / 1_000_000;
    List<ClickEvent> events = Fixtures.readValid(csv);
    report("churn", Results.churnLines(result.alerts()), ContractOracle.churn(events, 7 * 86_400_000L, 10));
    report("surge", Results.surgeLines(result.alerts()),
        ContractOracle.surges(events, 50, new BigDecimal("3.0"), 30, 30));
    report("pvuv", Results.pvuvLines(result.pvuv()), ContractOracle.pvuv(events));
    System.out.println("backtest wall time " + millis + " ms");
  }

  private static void report(String what, List<String> flink, List<String> oracle) {
    System.out.println(what + ": flink " + flink.size() + ", oracle " + oracle.size() + ", "
        + (Objects.equals(flink, oracle) ? "EQUAL" : "DIFFERENT"));
    if (!Objects.equals(flink, oracle)) {
      flink.stream().filter(l -> !oracle.contains(l)).limit(5).forEach(l -> System.out.println("  only flink: " + l));
      oracle.stream().filter(l -> !flink.contains(l)).limit(5).forEach(l -> System.out.println("  only oracle: " + l));
    }
  }
}
