package io.cartpulse.bench;

import io.cartpulse.bench.jmh.JmhSection;
import io.cartpulse.bench.offline.BacktestSection;
import io.cartpulse.bench.offline.HeavyUserSection;
import io.cartpulse.bench.offline.StateSection;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The entry point {@code scripts/bench} runs, once per section (each in its own JVM, so a section
 * that fails or fills the heap leaves the others their numbers):
 *
 * <pre>
 * Bench section (backtest|state|heavy|jmh) --out DIR [--quick] [--data DIR] [--rees46 FILE]
 * Bench report --out DIR [--quick] [--live DIR] [--live-status TEXT]
 * </pre>
 *
 * A section appends its rows to DIR/rows.tsv and exits 1 when any of its measurements failed;
 * {@code report} turns the rows (plus the live rows bench-live wrote) into results.md and
 * results.json and prints the table.
 */
public final class Bench {
  private Bench() {}

  /** A group of measurements. */
  public interface Section {
    String name();

    void run(BenchContext context) throws Exception;
  }

  static final List<Section> SECTIONS = List.of(new BacktestSection(), new StateSection(), new HeavyUserSection(),
      new JmhSection());

  public static void main(String[] argv) {
    int code;
    try {
      code = run(argv, System.out);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      code = 2;
    }
    org.apache.logging.log4j.LogManager.shutdown();
    System.exit(code);
  }

  static int run(String[] argv, PrintStream out) {
    if (argv.length == 0) {
      throw new IllegalArgumentException("usage: Bench section NAME --out DIR [--quick] | Bench report --out DIR");
    }
    String command = argv[0];
    Path outDir = null;
    Path dataDir = null;
    Path rees46 = null;
    Path liveDir = null;
    String liveStatus = null;
    boolean quick = false;
    String sectionName = null;
    List<String> rest = new ArrayList<>(List.of(argv).subList(1, argv.length));
    for (int i = 0; i < rest.size(); i++) {
      String arg = rest.get(i);
      switch (arg) {
        case "--quick" -> quick = true;
        case "--out" -> outDir = Path.of(value(rest, ++i, arg));
        case "--data" -> dataDir = Path.of(value(rest, ++i, arg));
        case "--rees46" -> rees46 = Path.of(value(rest, ++i, arg));
        case "--live" -> liveDir = Path.of(value(rest, ++i, arg));
        case "--live-status" -> liveStatus = value(rest, ++i, arg);
        default -> {
          if (arg.startsWith("--") || sectionName != null) {
            throw new IllegalArgumentException("unexpected argument " + arg);
          }
          sectionName = arg;
        }
      }
    }
    if (outDir == null) {
      throw new IllegalArgumentException("--out DIR is required");
    }
    if (dataDir == null) {
      dataDir = outDir.resolve("data");
    }
    switch (command) {
      case "section" -> {
        String wanted = sectionName;
        Section section = SECTIONS.stream().filter(s -> s.name().equals(wanted)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("unknown section " + wanted + "; expected one of "
                + SECTIONS.stream().map(Section::name).toList()));
        BenchContext context = new BenchContext(outDir, quick, dataDir, rees46);
        out.printf("bench: %s (%s)%n", section.name(), quick ? "quick" : "full");
        long start = System.nanoTime();
        try {
          section.run(context);
        } catch (Exception | Error e) {
          context.add(Row.failed(section.name(), section.name() + " section", describe(e)));
          e.printStackTrace();
        }
        out.printf("bench: %s took %.0f s%n", section.name(), (System.nanoTime() - start) / 1e9);
        return context.rows().stream().anyMatch(Row::isFailure) ? 1 : 0;
      }
      case "report" -> {
        Report report = Report.load(outDir, quick, liveDir, liveStatus);
        report.write(outDir);
        out.print(report.markdownTable());
        out.printf("%nbench: wrote %s and %s%n", outDir.resolve("results.md"), outDir.resolve("results.json"));
        return 0;
      }
      default -> throw new IllegalArgumentException("unknown command " + command + "; expected section or report");
    }
  }

  private static String value(List<String> args, int i, String name) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    return args.get(i);
  }

  public static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
  }

  static boolean exists(Path path) {
    return path != null && Files.exists(path);
  }
}
