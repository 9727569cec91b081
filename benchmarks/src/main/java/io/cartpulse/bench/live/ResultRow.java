package io.cartpulse.bench.live;

import io.cartpulse.bench.Stats;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One measure over several runs: the row of live.md ({@code | measure | median | spread | runs | unit | notes |})
 * and the object of live.json ({@code {measure, median, min, max, runs, unit, notes}}).
 */
record ResultRow(String measure, double median, double min, double max, int runs, String unit, String notes) {

  static ResultRow of(String measure, List<Double> perRun, String unit, String notes) {
    Stats stats = Stats.ofRuns(perRun);
    return new ResultRow(measure, stats.median(), stats.min(), stats.max(), stats.runs(), unit, notes);
  }

  String markdown() {
    String spread = runs == 0 ? "-" : runs == 1 ? "-" : format(min) + " - " + format(max);
    return "| " + measure + " | " + (runs == 0 ? "n/a" : format(median)) + " | " + spread + " | " + runs + " | "
        + unit + " | " + notes.replace("|", "/") + " |";
  }

  /** The live.json object, in field order (Jackson writes it). */
  Map<String, Object> json() {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("measure", measure);
    object.put("median", number(median));
    object.put("min", number(min));
    object.put("max", number(max));
    object.put("runs", runs);
    object.put("unit", unit);
    object.put("notes", notes);
    return object;
  }

  /** Whole numbers from 100 on, one decimal from 10 (latencies in ms), two below (CPU cores). */
  static String format(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    double magnitude = Math.abs(value);
    return String.format(Locale.ROOT, magnitude >= 100 || value == 0 ? "%.0f" : magnitude >= 10 ? "%.1f" : "%.2f",
        value);
  }

  /** A whole number as such, else three decimals; null for no measurement. */
  private static Number number(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return null;
    }
    return value == Math.rint(value) ? (Number) (long) value
        : BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP);
  }
}
