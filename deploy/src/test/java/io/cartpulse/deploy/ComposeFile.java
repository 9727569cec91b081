package io.cartpulse.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * compose/docker-compose.yml as Docker Compose reads it: YAML with merge keys (SnakeYAML resolves
 * {@code <<: *anchor}), then {@code ${VAR:-default}} interpolated from compose/.env.example.
 * The interpolation is hand-written: it is Compose's own syntax, which no YAML library knows.
 */
final class ComposeFile {
  /** {@code ${NAME}}, {@code ${NAME:-default}}, {@code ${NAME-default}}; {@code $$} escapes a dollar. */
  static final Pattern VARIABLE = Pattern.compile("(?<!\\$)\\$\\{([A-Z0-9_]+)(?::?-([^}]*))?}");

  final String text;
  final Map<String, String> envExample;
  final Map<String, Object> spec;

  ComposeFile(String text, Map<String, String> envExample) {
    this.text = text;
    this.envExample = envExample;
    Map<String, Object> raw = new Yaml(new LoaderOptions()).load(text);
    this.spec = Repo.cast(interpolate(raw));
  }

  static ComposeFile load() {
    return new ComposeFile(Repo.read("compose/docker-compose.yml"), envExample());
  }

  static Map<String, String> envExample() {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : Repo.read("compose/.env.example").split("\n")) {
      String trimmed = line.strip();
      if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
        String[] kv = trimmed.split("=", 2);
        values.put(kv[0].strip(), kv.length > 1 ? kv[1].strip() : "");
      }
    }
    return values;
  }

  /** Every variable the file references, with the defaults written next to it. */
  Map<String, Set<String>> references() {
    Map<String, Set<String>> references = new LinkedHashMap<>();
    Matcher m = VARIABLE.matcher(text);
    while (m.find()) {
      Set<String> defaults = references.computeIfAbsent(m.group(1), k -> new LinkedHashSet<>());
      if (m.group(2) != null) {
        defaults.add(m.group(2));
      }
    }
    return references;
  }

  private Object interpolate(Object value) {
    if (value instanceof String s) {
      Matcher m = VARIABLE.matcher(s);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String replacement = envExample.getOrDefault(m.group(1), m.group(2) == null ? "" : m.group(2));
        m.appendReplacement(out, Matcher.quoteReplacement(replacement));
      }
      return m.appendTail(out).toString().replace("$$", "$");
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(interpolate(v)));
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), interpolate(v)));
      return out;
    }
    return value;
  }

  Map<String, Map<String, Object>> services() {
    return Repo.cast(spec.get("services"));
  }

  Map<String, Object> service(String name) {
    Map<String, Object> service = services().get(name);
    if (service == null) {
      throw new AssertionError("service " + name + " is missing from compose/docker-compose.yml");
    }
    return service;
  }

  /** A service's environment as strings (map or list form). */
  static Map<String, String> environment(Map<String, Object> service) {
    Map<String, String> env = new LinkedHashMap<>();
    Object raw = service.get("environment");
    if (raw instanceof Map<?, ?> map) {
      map.forEach((k, v) -> env.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
    } else if (raw instanceof List<?> list) {
      for (Object entry : list) {
        String[] kv = String.valueOf(entry).split("=", 2);
        env.put(kv[0], kv.length > 1 ? kv[1] : "");
      }
    }
    return env;
  }

  /** entrypoint and command joined into one text. */
  static String commandText(Map<String, Object> service) {
    StringBuilder text = new StringBuilder();
    for (String key : List.of("entrypoint", "command")) {
      Object value = service.get(key);
      if (value instanceof List<?> list) {
        list.forEach(v -> text.append(v).append(' '));
      } else if (value != null) {
        text.append(value).append(' ');
      }
    }
    return text.toString();
  }

  /** FLINK_PROPERTIES as key/value pairs (Flink's flat "key: value" lines). */
  static Map<String, String> flinkProperties(Map<String, Object> service) {
    Map<String, String> properties = new LinkedHashMap<>();
    for (String line : environment(service).getOrDefault("FLINK_PROPERTIES", "").split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        properties.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
      }
    }
    return properties;
  }
}
