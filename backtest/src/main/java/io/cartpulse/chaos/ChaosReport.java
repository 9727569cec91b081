package io.cartpulse.chaos;

import io.cartpulse.avro.Alert;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The text scripts/chaos prints: one block per scenario, a summary table at the end. */
final class ChaosReport {
  private ChaosReport() {}

  static String scenario(ScenarioRunner.Result result, double seconds) {
    StringBuilder out = new StringBuilder();
    Scenario scenario = result.scenario();
    line(out, "  result %s: %s (%.0f s, load average %s)", scenario.name(), result.passed() ? "PASS" : "FAIL",
        seconds, Chaos.loadAverage());
    line(out, "    input: %,d events in %.1f s (%,.0f/s)%s", result.inputEvents(), result.feedSeconds(),
        result.inputEvents() / Math.max(result.feedSeconds(), 0.001),
        result.poisonSent() > 0 ? String.format(" + %,d poison records", result.poisonSent()) : "");
    for (Scenario.Fault fault : scenario.faults()) {
      line(out, "    fault: %s", fault.describe());
    }
    comparison(out, "alerts", result.alerts());
    comparison(out, "pvuv", result.pvuv());
    DeadLetterCheck dlq = result.deadLetters();
    line(out, "    dead letters: expected %,d, got %,d; poison not dead-lettered once per engine %d, wrong reason %d, "
        + "valid records dead-lettered %d", dlq.expectedTotal(), dlq.gotTotal(), dlq.wrongCount(), dlq.wrongReason(),
        dlq.notPoison());
    if (!dlq.expected().isEmpty() || !dlq.got().isEmpty()) {
      StringBuilder reasons = new StringBuilder();
      for (PoisonRecords.Reason reason : PoisonRecords.Reason.values()) {
        long want = dlq.expected().getOrDefault(reason, 0L);
        long got = dlq.got().getOrDefault(reason, 0L);
        if (want > 0 || got > 0) {
          reasons.append(reasons.length() == 0 ? "" : ", ").append(reason.name().toLowerCase()).append(' ')
              .append(got).append(want == got ? "" : " (expected " + want + ")");
        }
      }
      line(out, "      by reason: %s", reasons);
    }
    line(out, "    late events: %,d; undecodable output records: %,d", result.lateEvents(), result.undecodable());
    line(out, "    aborted-transaction records (seen by read_uncommitted only): %s", result.abortedRecords());
    for (ScenarioRunner.Recovery recovery : result.recoveries()) {
      line(out, "    recovery: %s: %s (%s)", recovery.what(),
          recovery.millis() < 0 ? "not seen" : String.format("%.1f s", recovery.millis() / 1000.0),
          recovery.measure());
    }
    line(out, "    drained %.1f s after the input and the faults ended", result.drainSeconds());
    for (String problem : result.problems()) {
      line(out, "    PROBLEM: %s", problem);
    }
    return out.toString();
  }

  private static void comparison(StringBuilder out, String what, OutputComparison c) {
    line(out, "    %s: expected %,d, got %,d records: missing %d, duplicate %d, different %d, extra %d due after the "
        + "last input event (allowed live), extra before it %d", what, c.expected(), c.records(), c.missing(),
        c.duplicates(), c.different(), c.extraAfterEnd(), c.extraWithin());
    for (String example : c.examples()) {
      line(out, "      e.g. %s", example);
    }
  }

  static String summary(List<ScenarioRunner.Result> results) {
    StringBuilder out = new StringBuilder("summary\n");
    line(out, "  %-20s %-6s %9s %9s %9s %9s %9s %9s %9s", "scenario", "result", "alerts", "missing", "dup",
        "points", "missing", "dup", "dlq");
    for (ScenarioRunner.Result r : results) {
      line(out, "  %-20s %-6s %,9d %9d %9d %,9d %9d %9d %,9d", r.scenario().name(), r.passed() ? "PASS" : "FAIL",
          r.alerts().records(), r.alerts().missing(), r.alerts().duplicates(), r.pvuv().records(),
          r.pvuv().missing(), r.pvuv().duplicates(), r.deadLetters().gotTotal());
    }
    for (ScenarioRunner.Result r : results) {
      for (ScenarioRunner.Recovery recovery : r.recoveries()) {
        line(out, "  %-20s %s: %s", r.scenario().name(), recovery.what(),
            recovery.millis() < 0 ? "not seen" : String.format("%.1f s", recovery.millis() / 1000.0));
      }
    }
    return out.toString();
  }

  static String byType(List<Alert> alerts) {
    Map<String, Integer> counts = new TreeMap<>();
    alerts.forEach(alert -> counts.merge(alert.getType().name(), 1, Integer::sum));
    return counts.toString();
  }

  private static void line(StringBuilder out, String format, Object... args) {
    out.append(String.format(format, args)).append('\n');
  }
}
