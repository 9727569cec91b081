package io.cartpulse.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.apache.flink.configuration.ConfigConstants;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * The configuration keys Flink itself defines: every {@link ConfigOption} constant of the
 * {@code *Options} classes of flink-core (the version the job is built against), plus the
 * per-reporter keys {@code metrics.reporter.<name>.<option>}.
 */
final class FlinkOptions {
  static final Set<String> KEYS = load();
  /** Options of one reporter, below {@code metrics.reporter.<name>.} (factory.class, interval, ...). */
  static final Set<String> REPORTER_SUFFIXES = reporterSuffixes();

  private FlinkOptions() {}

  private static Set<String> load() {
    Set<String> keys = new TreeSet<>();
    try (JarFile jar = new JarFile(Path.of(CoreOptions.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI()).toFile())) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        String entry = entries.nextElement().getName();
        if (entry.startsWith("org/apache/flink/configuration/") && entry.endsWith("Options.class")
            && !entry.contains("$")) {
          keys.addAll(keysOf(Class.forName(entry.replace('/', '.').replace(".class", ""))));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException | ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
    return keys;
  }

  private static Set<String> keysOf(Class<?> options) {
    Set<String> keys = new TreeSet<>();
    for (Field field : options.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && ConfigOption.class.isAssignableFrom(field.getType())) {
        try {
          ConfigOption<?> option = (ConfigOption<?>) field.get(null);
          keys.add(option.key());
          for (FallbackKey fallback : option.fallbackKeys()) {
            keys.add(fallback.getKey());
          }
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return keys;
  }

  private static Set<String> reporterSuffixes() {
    Set<String> suffixes = new TreeSet<>();
    keysOf(MetricOptions.class).stream().filter(key -> !key.startsWith("metrics.")).forEach(suffixes::add);
    return suffixes;
  }

  /**
   * Why {@code key = value} is not a setting Flink knows, or null. Reporter keys must name a
   * factory that exists and implements {@link MetricReporterFactory}, and only options that this
   * reporter reads ({@link #reporterArguments}) or that every reporter has.
   */
  static String problem(String key, String value, Map<String, String> all) {
    if (key.startsWith(ConfigConstants.METRICS_REPORTER_PREFIX)) {
      String rest = key.substring(ConfigConstants.METRICS_REPORTER_PREFIX.length());
      int dot = rest.indexOf('.');
      if (dot < 0) {
        return key + ": not metrics.reporter.<name>.<option>";
      }
      String reporter = rest.substring(0, dot);
      String option = rest.substring(dot + 1);
      String factoryKey = ConfigConstants.METRICS_REPORTER_PREFIX + reporter + "." + MetricOptions.REPORTER_FACTORY_CLASS.key();
      String factory = all.get(factoryKey);
      if (factory == null) {
        return key + ": reporter " + reporter + " has no " + factoryKey;
      }
      if (option.equals(MetricOptions.REPORTER_FACTORY_CLASS.key())) {
        try {
          Class<?> type = Class.forName(value);
          return MetricReporterFactory.class.isAssignableFrom(type) ? null
              : key + ": " + value + " is not a MetricReporterFactory";
        } catch (ClassNotFoundException e) {
          return key + ": no class " + value;
        }
      }
      if (REPORTER_SUFFIXES.contains(option) || reporterArguments(factory).contains(option)) {
        return null;
      }
      return key + ": " + option + " is neither a reporter option of Flink nor an argument of " + factory;
    }
    return KEYS.contains(key) ? null : key + ": not a configuration option of the Flink the job is built against";
  }

  /** The arguments a reporter factory reads: its {@code ARG_*} constants (e.g. the Prometheus reporter's "port"). */
  static List<String> reporterArguments(String factory) {
    List<String> arguments = new java.util.ArrayList<>();
    try {
      for (Field field : Class.forName(factory).getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
            && field.getName().startsWith("ARG_")) {
          field.setAccessible(true);
          arguments.add((String) field.get(null));
        }
      }
    } catch (ReflectiveOperationException e) {
      return List.of();
    }
    return arguments;
  }
}
