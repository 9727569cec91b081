package io.cartpulse.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every test docs/CONTRACT-TESTS.md names exists: each {@code Class#method} (or {@code Class}) in
 * backticks, resolved the way the document says at its top. It reads the sources of every module
 * (the test classes of the other modules are not on this module's classpath), so a renamed or
 * deleted test shows up here, all of them in one failure.
 */
class ContractTestsDocTest {
  /** A name in backticks: an optional prefix (S:), an optional folder path, a class and/or #method. */
  private static final Pattern NAME = Pattern.compile(
      "(?:(?<prefix>[A-Z]):)?(?<path>(?:[a-z]+/)*)(?<cls>[A-Z][A-Za-z0-9]*)?(?:#(?<method>[a-z][A-Za-z0-9_]*)"
          + "(?<prefixOnly>\\.\\.\\.)?)?");
  /** A prefix before the names of a table cell or paragraph: "S: `...`". */
  private static final Pattern HINT = Pattern.compile("(?<![\\w`])([A-Z]):(?=\\s)");
  /** The document's definitions: "`S:` is `streams-app/src/test/java/io/cartpulse/streams/`". */
  private static final Pattern DEFINITION = Pattern.compile("`([A-Z]):`\\s+is\\s+`([^`]+/)`");
  /** A section's default: "All in `S:rules/` unless noted". */
  private static final Pattern SECTION_DEFAULT = Pattern.compile("All in `([A-Z]):[^`]*` unless noted");

  private final Path root = repositoryRoot();
  private final Map<String, Path> prefixes = new LinkedHashMap<>();
  private final Map<String, List<Path>> sourcesBySimpleName = new HashMap<>();
  private final List<String> problems = new ArrayList<>();

  @Test
  void everyClassAndMethodTheDocumentNamesExists() throws IOException {
    List<String> lines = Files.readAllLines(root.resolve("docs/CONTRACT-TESTS.md"), StandardCharsets.UTF_8);
    String text = String.join("\n", lines);
    Matcher definition = DEFINITION.matcher(text);
    while (definition.find()) {
      prefixes.put(definition.group(1), root.resolve(definition.group(2)));
    }
    assertThat(prefixes).as("the prefix definitions at the top of the document").containsKeys("S", "F");
    indexSources();

    int checked = 0;
    String sectionDefault = null;
    List<String> columnDefaults = List.of();
    Path tableSubject = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("#")) {
        sectionDefault = null;
        columnDefaults = List.of();
        tableSubject = null;
        continue;
      }
      if (!line.startsWith("|")) {
        tableSubject = null;
        columnDefaults = List.of();
        // A paragraph (or list item) is one cell: its lines up to a blank line, a table or a heading.
        int first = i;
        StringBuilder paragraph = new StringBuilder(line);
        while (!line.isBlank() && i + 1 < lines.size() && !lines.get(i + 1).isBlank()
            && !lines.get(i + 1).startsWith("|") && !lines.get(i + 1).startsWith("#")
            && !lines.get(i + 1).startsWith("- ")) {
          line = lines.get(++i);
          paragraph.append(' ').append(line);
        }
        Matcher sectionHint = SECTION_DEFAULT.matcher(paragraph);
        if (sectionHint.find()) {
          sectionDefault = sectionHint.group(1);
        }
        checked += checkCell(first + 1, paragraph.toString(), sectionDefault, null).names();
        continue;
      }
      List<String> cells = cells(line);
      if (cells.stream().allMatch(cell -> cell.matches(":?-+:?"))) {
        continue;
      }
      if (columnDefaults.isEmpty()) {
        // The header row: a column named after a module gives that module's prefix to its cells.
        columnDefaults = cells.stream().map(cell -> switch (cell) {
          case "streams-app" -> "S";
          case "flink-jobs" -> "F";
          default -> "";
        }).toList();
        continue;
      }
      for (int c = 0; c < cells.size(); c++) {
        String column = c < columnDefaults.size() && !columnDefaults.get(c).isEmpty() ? columnDefaults.get(c)
            : sectionDefault;
        CellResult result = checkCell(i + 1, cells.get(c), column, tableSubject);
        checked += result.names();
        if (tableSubject == null) {
          tableSubject = result.firstClass();
        }
      }
    }

    assertThat(checked).as("names checked").isGreaterThan(100);
    assertThat(problems).as("names in docs/CONTRACT-TESTS.md that do not resolve (%d)", problems.size())
        .isEmpty();
  }

  private record CellResult(int names, Path firstClass) {}

  /**
   * Checks the names of one table cell or paragraph line, left to right: a hint ("F: ") sets the
   * prefix of the names after it; {@code #method} alone belongs to the class named before it in the
   * cell, or else to the table's first class.
   */
  private CellResult checkCell(int lineNumber, String text, String defaultPrefix, Path subject) {
    String hint = defaultPrefix;
    Path cellClass = null;
    boolean cellClassMissing = false;
    Path firstClass = null;
    int names = 0;
    String[] parts = text.split("`", -1);
    for (int p = 0; p < parts.length; p++) {
      String part = parts[p];
      if (p % 2 == 0) {
        Matcher hints = HINT.matcher(part);
        while (hints.find()) {
          if (prefixes.containsKey(hints.group(1))) {
            hint = hints.group(1);
          }
        }
        continue;
      }
      Matcher name = NAME.matcher(part);
      if (!name.matches() || name.group("cls") == null && name.group("method") == null) {
        continue;
      }
      names++;
      String where = "line " + lineNumber + ": `" + part + "`";
      String cls = name.group("cls");
      Path file;
      if (cls == null) {
        if (cellClassMissing) {
          continue; // its class is reported already
        }
        file = cellClass != null ? cellClass : subject;
        if (file == null) {
          problems.add(where + ": no class before it in its cell or table");
          continue;
        }
      } else {
        String prefix = name.group("prefix") != null ? name.group("prefix") : hint;
        file = resolveClass(where, prefix, name.group("path"), cls);
        cellClassMissing = file == null;
        if (file == null) {
          continue;
        }
        cellClass = file;
        if (firstClass == null && cls.endsWith("Test")) {
          firstClass = file;
        }
      }
      String method = name.group("method");
      if (method != null && !declaresMethod(file, method, name.group("prefixOnly") != null)) {
        problems.add(where + ": " + root.relativize(file) + " has no test method " + method
            + (name.group("prefixOnly") != null ? "..." : ""));
      }
    }
    return new CellResult(names, firstClass);
  }

  /**
   * A test class under its prefix's folder (the path given, or found by simple name there); another
   * class (a production class, an Avro record) anywhere in the repository.
   */
  private Path resolveClass(String where, String prefix, String path, String cls) {
    List<Path> candidates = sourcesBySimpleName.getOrDefault(cls, List.of());
    if (!cls.endsWith("Test")) {
      if (candidates.isEmpty()) {
        problems.add(where + ": no class " + cls + " in the repository");
        return null;
      }
      return candidates.get(0);
    }
    Path base = prefix == null ? null : prefixes.get(prefix);
    if (prefix != null && base == null) {
      problems.add(where + ": the prefix " + prefix + ": is not defined at the top of the document");
      return null;
    }
    if (base != null && !path.isEmpty()) {
      Path file = base.resolve(path).resolve(cls + ".java");
      if (!Files.isRegularFile(file)) {
        problems.add(where + ": no " + root.relativize(file));
        return null;
      }
      return file;
    }
    List<Path> matching = candidates.stream()
        .filter(file -> base == null ? file.toString().contains("/src/test/java/") : file.startsWith(base))
        .toList();
    if (matching.size() != 1) {
      problems.add(where + ": " + (matching.isEmpty() ? "no test class " + cls : "several classes " + cls)
          + (base == null ? " in the repository" : " under " + root.relativize(base)) + " "
          + matching.stream().map(root::relativize).toList());
      return null;
    }
    return matching.get(0);
  }

  private static boolean declaresMethod(Path file, String method, boolean prefixOnly) {
    try {
      String source = Files.readString(file, StandardCharsets.UTF_8);
      return Pattern.compile("\\bvoid\\s+" + Pattern.quote(method) + (prefixOnly ? "\\w*" : "") + "\\s*\\(")
          .matcher(source).find();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every Java source (main and test) and Avro record of every module, by simple name. */
  private void indexSources() throws IOException {
    try (Stream<Path> modules = Files.list(root)) {
      for (Path module : modules.filter(Files::isDirectory).toList()) {
        for (Path tree : List.of(module.resolve("src/main/java"), module.resolve("src/test/java"),
            module.resolve("src/main/avro"))) {
          if (!Files.isDirectory(tree)) {
            continue;
          }
          try (Stream<Path> files = Files.walk(tree)) {
            files.filter(file -> file.toString().endsWith(".java") || file.toString().endsWith(".avsc"))
                .forEach(file -> {
                  String simpleName = file.getFileName().toString().replaceFirst("\\.(java|avsc)$", "");
                  sourcesBySimpleName.computeIfAbsent(simpleName, k -> new ArrayList<>()).add(file);
                });
          }
        }
      }
    }
  }

  private static List<String> cells(String row) {
    String body = row.trim();
    body = body.substring(1, body.endsWith("|") ? body.length() - 1 : body.length());
    List<String> cells = new ArrayList<>();
    for (String cell : body.split("\\|", -1)) {
      cells.add(cell.trim());
    }
    return cells;
  }

  /** The folder with docs/CONTRACT-TESTS.md: the module's parent when Maven runs the test. */
  private static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("docs/CONTRACT-TESTS.md"))) {
        return dir;
      }
    }
    throw new IllegalStateException("docs/CONTRACT-TESTS.md not found above " + Path.of("").toAbsolutePath());
  }
}
