package io.cartpulse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * results.md and results.json: the machine, then one table of every measurement (median, spread,
 * runs, unit, notes), the live rows of bench-live included as they were written.
 */
public final class Report {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A table line, already as text (the live rows arrive that way). */
  record Line(String section, String measure, String median, String spread, String runs, String unit, String notes) {}

  private final boolean quick;
  private final Map<String, String> machine;
  private final List<Row> rows;
  private final List<Line> lines;
  private final String liveStatus;
  private final JsonNode liveJson;

  private Report(boolean quick, Map<String, String> machine, List<Row> rows, List<Line> lines, String liveStatus,
      JsonNode liveJson) {
    this.quick = quick;
    this.machine = machine;
    this.rows = rows;
    this.lines = lines;
    this.liveStatus = liveStatus;
    this.liveJson = liveJson;
  }

  static Report load(Path out, boolean quick, Path liveDir, String liveStatus) {
    List<Row> rows = new ArrayList<>();
    Path rowsFile = out.resolve(BenchContext.ROWS_FILE);
    try {
      if (Files.exists(rowsFile)) {
        for (String line : Files.readAllLines(rowsFile, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            rows.add(Row.fromTsv(line));
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + rowsFile + ": " + e.getMessage(), e);
    }
    List<Line> lines = new ArrayList<>();
    for (Row row : rows) {
      lines.add(new Line(row.section(), row.measure(), row.medianText(), row.spreadText(), row.runsText(), row.unit(),
          row.notes()));
    }
    String status = liveStatus;
    JsonNode liveJson = null;
    if (liveDir != null) {
      Path md = liveDir.resolve("live.md");
      Path json = liveDir.resolve("live.json");
      try {
        if (Files.exists(md)) {
          for (String line : Files.readAllLines(md, StandardCharsets.UTF_8)) {
            Line live = liveLine(line);
            if (live != null) {
              lines.add(live);
            }
          }
        }
        if (Files.exists(json)) {
          liveJson = JSON.readTree(json.toFile());
        }
      } catch (IOException e) {
        status = (status == null ? "" : status + "; ") + "cannot read " + liveDir + ": " + e.getMessage();
      }
    }
    if (status != null && !status.isBlank()) {
      lines.add(new Line("live", "live end-to-end (scripts/bench-live)", "-", "-", "-", "", status));
    }
    return new Report(quick, machine(), rows, lines, status, liveJson);
  }

  /** A data row of live.md ({@code | measure | median | spread | runs | unit | notes |}); null for headers and text. */
  static Line liveLine(String line) {
    if (!line.trim().startsWith("|")) {
      return null;
    }
    List<String> cells = Row.cells(line);
    if (cells.isEmpty() || cells.get(0).isEmpty() || cells.get(0).equalsIgnoreCase("measure")
        || cells.get(0).matches("[-: ]+")) {
      return null;
    }
    String measure = cells.get(0);
    String median = cells.size() > 1 ? cells.get(1) : "";
    String spread = cells.size() > 2 ? cells.get(2) : "";
    String runs = cells.size() > 3 ? cells.get(3) : "";
    String unit = cells.size() > 4 ? cells.get(4) : "";
    String notes = cells.size() > 5 ? String.join(" | ", cells.subList(5, cells.size())) : "";
    return new Line("live", measure, median, spread, runs, unit, notes);
  }

  static Map<String, String> machine() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("date", Instant.now().toString());
    m.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
    m.put("cpu", firstMatch(Path.of("/proc/cpuinfo"), "model name"));
    String memTotal = firstMatch(Path.of("/proc/meminfo"), "MemTotal");
    m.put("memory", memTotal);
    m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    m.put("load average (1/5/15 min, at report time)", read(Path.of("/proc/loadavg")));
    m.put("report JVM heap max", (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
    m.put("uptime of this JVM", ManagementFactory.getRuntimeMXBean().getUptime() + " ms");
    return m;
  }

  private static String firstMatch(Path file, String key) {
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(key)) {
          int colon = line.indexOf(':');
          return line.substring(colon + 1).trim();
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // not Linux: unknown
    }
    return "unknown";
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).trim();
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  String markdownTable() {
    StringBuilder b = new StringBuilder();
    b.append("| section | measure | median | spread (min - max) | runs | unit | notes |\n");
    b.append("|---|---|---:|---|---:|---|---|\n");
    for (Line line : lines) {
      b.append("| ").append(md(line.section())).append(" | ").append(md(line.measure())).append(" | ")
          .append(md(line.median())).append(" | ").append(md(line.spread())).append(" | ").append(md(line.runs()))
          .append(" | ").append(md(line.unit())).append(" | ").append(md(line.notes())).append(" |\n");
    }
    return b.toString();
  }

  void write(Path out) {
    StringBuilder md = new StringBuilder();
    md.append("# CartPulse benchmark results (").append(quick ? "quick smoke run: 1 run per number, not for sizing"
        : "full run").append(")\n\n");
    md.append("Machine:\n\n");
    machine.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
    md.append("\nEvery number is the median of the runs shown, after warm-up runs in the same JVM; spread is "
        + "min - max over those runs. See docs/BENCHMARKS.md for the method and what limits each number.\n\n");
    md.append(markdownTable());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("mode", quick ? "quick" : "full");
    json.put("machine", machine);
    List<Map<String, Object>> rowObjects = new ArrayList<>();
    for (Row row : rows) {
      Map<String, Object> object = new LinkedHashMap<>();
      object.put("section", row.section());
      object.put("measure", row.measure());
      object.put("median", number(row.median()));
      object.put("min", number(row.min()));
      object.put("max", number(row.max()));
      object.put("runs", row.runs());
      object.put("unit", row.unit());
      object.put("notes", row.notes());
      rowObjects.add(object);
    }
    json.put("rows", rowObjects);
    json.put("live", liveJson);
    json.put("liveStatus", liveStatus);
    try {
      Files.createDirectories(out);
      Files.writeString(out.resolve("results.md"), md.toString(), StandardCharsets.UTF_8);
      JSON.writerWithDefaultPrettyPrinter().writeValue(out.resolve("results.json").toFile(), json);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the results to " + out + ": " + e.getMessage(), e);
    }
  }

  private static String md(String text) {
    return text == null ? "" : text.replace("|", "\\|");
  }

  /** null for a failed or text-only row (NaN), so the file stays valid JSON. */
  private static Double number(double value) {
    return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
  }
}
