package io.cartpulse.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of the results table. {@code median}/{@code min}/{@code max} are NaN for a row that
 * failed or carries text only; {@code runs} is how many measurements the median is over.
 */
public record Row(String section, String measure, double median, double min, double max, int runs, String unit,
    String notes) {

  public static Row of(String section, String measure, Stats stats, String unit, String notes) {
    return new Row(section, measure, stats.median(), stats.min(), stats.max(), stats.runs(), unit, notes);
  }

  public static Row failed(String section, String measure, String reason) {
    return new Row(section, measure, Double.NaN, Double.NaN, Double.NaN, 0, "", "FAILED: " + reason);
  }

  public boolean isFailure() {
    return notes.startsWith("FAILED");
  }

  /** Tab-separated, one line (tabs and newlines in the text become spaces). */
  public String toTsv() {
    return String.join("\t", clean(section), clean(measure), Double.toString(median), Double.toString(min),
        Double.toString(max), Integer.toString(runs), clean(unit), clean(notes));
  }

  public static Row fromTsv(String line) {
    String[] f = line.split("\t", -1);
    if (f.length != 8) {
      throw new IllegalArgumentException("not a result row (" + f.length + " fields): " + line);
    }
    return new Row(f[0], f[1], Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]),
        Integer.parseInt(f[5]), f[6], f[7]);
  }

  private static String clean(String text) {
    return text == null ? "" : text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
  }

  /** A number the way the table shows it: thousands separators, fewer decimals the larger it is. */
  public static String format(double value) {
    if (Double.isNaN(value)) {
      return "-";
    }
    double abs = Math.abs(value);
    if (abs >= 1000) {
      return String.format("%,.0f", value);
    }
    if (abs >= 100) {
      return String.format("%.0f", value);
    }
    if (abs >= 10) {
      return String.format("%.1f", value);
    }
    return String.format("%.2f", value);
  }

  public String medianText() {
    return format(median);
  }

  public String spreadText() {
    if (Double.isNaN(min)) {
      return "-";
    }
    if (runs <= 1) {
      return "(1 run)";
    }
    return format(min) + " - " + format(max);
  }

  public String runsText() {
    return runs == 0 ? "-" : Integer.toString(runs);
  }

  /** Splits a markdown table row "| a | b |" into its trimmed cells. */
  static List<String> cells(String line) {
    String body = line.trim();
    if (body.startsWith("|")) {
      body = body.substring(1);
    }
    if (body.endsWith("|")) {
      body = body.substring(0, body.length() - 1);
    }
    List<String> cells = new ArrayList<>();
    for (String cell : body.split("\\|", -1)) {
      cells.add(cell.trim());
    }
    return cells;
  }
}
