package io.cartpulse.local.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * A small {@code --name value} / {@code --name=value} / {@code --switch} parser for the launcher
 * mains. Every problem is a {@link UsageException} naming the option, so a main can print one
 * line and exit 2 instead of a stack trace.
 */
public final class Args {
  private final Map<String, String> values;

  private Args(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Parses {@code argv}. {@code valued} are the options that take a value, {@code switches} those
   * that do not; {@code --help}/{@code -h} is always known and turns into {@link HelpRequested}.
   */
  public static Args parse(String[] argv, Set<String> valued, Set<String> switches) throws UsageException {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < argv.length; i++) {
      String arg = argv[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        throw new HelpRequested();
      }
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new UsageException("unexpected argument '" + arg + "'");
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (switches.contains(name)) {
        if (value != null) {
          throw new UsageException("--" + name + " takes no value");
        }
        value = "true";
      } else if (valued.contains(name)) {
        if (value == null) {
          if (i + 1 >= argv.length || argv[i + 1].startsWith("--")) {
            throw new UsageException("--" + name + " needs a value");
          }
          value = argv[++i];
        }
        if (value.isBlank()) {
          throw new UsageException("--" + name + " needs a non-empty value");
        }
      } else {
        throw new UsageException("unknown option --" + name);
      }
      if (values.put(name, value) != null) {
        throw new UsageException("--" + name + " given twice");
      }
    }
    return new Args(values);
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public String get(String name) {
    return values.get(name);
  }

  public String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  public String required(String name) throws UsageException {
    String value = values.get(name);
    if (value == null) {
      throw new UsageException("--" + name + " is required");
    }
    return value;
  }

  /** A file that must exist and be readable. */
  public Path existingFile(String name) throws UsageException {
    return existingFile(name, required(name));
  }

  public static Path existingFile(String name, String value) throws UsageException {
    Path path = Path.of(value);
    if (!Files.exists(path)) {
      throw new UsageException("--" + name + " " + value + ": no such file");
    }
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new UsageException("--" + name + " " + value + ": not a readable file");
    }
    return path;
  }

  /** The properties file given as option {@code name} (UTF-8); empty properties when the option is absent. */
  public Properties propertiesFile(String name) throws UsageException {
    Properties props = new Properties();
    if (!has(name)) {
      return props;
    }
    Path file = existingFile(name);
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(in);
    } catch (IOException | IllegalArgumentException e) {
      throw new UsageException("--" + name + " " + file + ": cannot read it as a properties file: "
          + e.getMessage());
    }
    return props;
  }

  /** An output file whose directory exists or can be created; the file itself is (over)written later. */
  public Path outputFile(String name) throws UsageException {
    String value = values.get(name);
    if (value == null) {
      return null;
    }
    Path path = Path.of(value);
    if (Files.isDirectory(path)) {
      throw new UsageException("--" + name + " " + value + ": is a directory, expected a file");
    }
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null && Files.exists(parent) && !Files.isDirectory(parent)) {
      throw new UsageException("--" + name + " " + value + ": " + parent + " is not a directory");
    }
    return path;
  }

  public long longValue(String name, long fallback, long min, long max) throws UsageException {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    long parsed;
    try {
      parsed = Long.parseLong(value.trim().replace("_", ""));
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " " + value + ": expected a whole number");
    }
    if (parsed < min || parsed > max) {
      throw new UsageException("--" + name + " " + value + ": expected a number from " + min + " to " + max);
    }
    return parsed;
  }

  public int intValue(String name, int fallback, int min, int max) throws UsageException {
    return (int) longValue(name, fallback, min, max);
  }

  public double doubleValue(String name, double fallback, double minExclusive) throws UsageException {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    double parsed;
    try {
      parsed = Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " " + value + ": expected a number");
    }
    if (!(parsed > minExclusive) || Double.isInfinite(parsed)) {
      throw new UsageException("--" + name + " " + value + ": expected a number greater than " + minExclusive);
    }
    return parsed;
  }

  /** Fails when two mutually exclusive options are both present. */
  public void exclusive(String first, String second) throws UsageException {
    if (has(first) && has(second)) {
      throw new UsageException("--" + first + " and --" + second + " cannot be used together");
    }
  }

  /** Fails when {@code option} is given without {@code requires}. */
  public void requires(String option, String requires) throws UsageException {
    if (has(option) && !has(requires)) {
      throw new UsageException("--" + option + " only makes sense with --" + requires);
    }
  }

  public List<String> names() {
    return List.copyOf(values.keySet());
  }

  /** Bad command line: the message is the one line a user sees, the exit code is 2. */
  public static class UsageException extends Exception {
    public UsageException(String message) {
      super(message);
    }
  }

  /** {@code --help}: print the usage text and exit 0. */
  public static final class HelpRequested extends UsageException {
    public HelpRequested() {
      super("help requested");
    }
  }
}
