package io.cartpulse.bench.live;

import java.util.List;
import java.util.Locale;

/**
 * One measure over several runs: the row of live.md ({@code | measure | median | spread | runs | unit | notes |})
 * and the object of live.json ({@code {measure, median, min, max, runs, unit, notes}}).
 */
record ResultRow(String measure, double median, double min, double max, int runs, String unit, String notes) {

  static ResultRow of(String measure, List<Double> perRun, String unit, String notes) {
    return new ResultRow(measure, Stats.median(perRun), Stats.min(perRun), Stats.max(perRun),
        (int) perRun.stream().filter(d -> !Double.isNaN(d)).count(), unit, notes);
  }

  String markdown() {
    String spread = runs == 0 ? "-" : runs == 1 ? "-" : format(min) + " - " + format(max);
    return "| " + measure + " | " + (runs == 0 ? "n/a" : format(median)) + " | " + spread + " | " + runs + " | "
        + unit + " | " + notes.replace("|", "/") + " |";
  }

  String json() {
    return "{\"measure\":" + quote(measure) + ",\"median\":" + number(median) + ",\"min\":" + number(min)
        + ",\"max\":" + number(max) + ",\"runs\":" + runs + ",\"unit\":" + quote(unit) + ",\"notes\":"
        + quote(notes) + "}";
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

  private static String number(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "null";
    }
    return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.3f", value);
  }

  static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
