package io.cartpulse.settings;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * One engine's start-up configuration, read the same way by both engines: the defined settings'
 * defaults, overlaid by a properties file, overlaid by environment variables; every defined value
 * parsed by its {@link Setting}; every problem reported at once, each naming its key (and for an
 * unknown key or variable, the closest known one).
 *
 * <p>Keys an engine does not define are either passed through to the engine's platform (Kafka
 * Streams, Kafka clients, the registry: {@link Spec#passThrough}), or known settings of the other
 * engine (accepted and not read here), or refused. Environment variables are mapped one way only,
 * from each known key to its variable ({@link EnvNames}); a {@code CARTPULSE_} variable that maps
 * to no known key is refused.
 */
public final class StartupConfig {

  /** Variables the launchers and scripts read themselves; never settings. */
  public static final Set<String> LAUNCHER_VARIABLES =
      Set.of("CARTPULSE_CONFIG_FILE", "CARTPULSE_HOME", "CARTPULSE_MVN_ARGS", "CARTPULSE_SKIP_BUILD");

  /** What an engine knows. */
  public record Spec(
      String component,
      List<Setting<?>> settings,
      Collection<Setting<?>> otherEngines,
      Predicate<String> passThrough,
      Collection<String> passThroughEnvKeys,
      Collection<Setting<?>> required) {}

  private final Spec spec;
  private final Map<Setting<?>, Object> values;
  private final Map<String, String> passThrough;
  private final Map<String, String> given;

  private StartupConfig(Spec spec, Map<Setting<?>, Object> values, Map<String, String> passThrough,
      Map<String, String> given) {
    this.spec = spec;
    this.values = values;
    this.passThrough = Collections.unmodifiableMap(passThrough);
    this.given = Collections.unmodifiableMap(given);
  }

  /** Reads {@code file} (a properties file's entries) and {@code env} (the process environment). */
  public static StartupConfig load(Spec spec, Map<String, String> file, Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    Map<String, Setting<?>> defined = new LinkedHashMap<>();
    spec.settings().forEach(setting -> defined.put(setting.key(), setting));
    Set<String> otherKeys = new LinkedHashSet<>();
    spec.otherEngines().forEach(setting -> otherKeys.add(setting.key()));

    Map<String, String> merged = new LinkedHashMap<>();
    file.forEach((key, value) -> merged.put(key.strip(), value == null ? "" : value.strip()));

    Map<String, String> keyByEnv = new LinkedHashMap<>();
    defined.keySet().forEach(key -> keyByEnv.putIfAbsent(EnvNames.of(key), key));
    otherKeys.forEach(key -> keyByEnv.putIfAbsent(EnvNames.of(key), key));
    spec.passThroughEnvKeys().forEach(key -> keyByEnv.putIfAbsent(EnvNames.of(key), key));
    new TreeMap<>(env).forEach((name, value) -> {
      if (!name.startsWith(EnvNames.PREFIX) || LAUNCHER_VARIABLES.contains(name)) {
        return;
      }
      String key = keyByEnv.get(name);
      if (key == null) {
        problems.add(name + ": unknown environment variable"
            + suffix(KnownKeys.closest(name, keyByEnv.keySet())));
      } else if (value != null) {
        merged.put(key, value.strip());
      }
    });

    Map<String, String> through = new TreeMap<>();
    for (Map.Entry<String, String> entry : merged.entrySet()) {
      String key = entry.getKey();
      if (defined.containsKey(key) || otherKeys.contains(key)) {
        continue;
      }
      if (spec.passThrough().test(key)) {
        through.put(key, entry.getValue());
      } else {
        List<String> known = new ArrayList<>(defined.keySet());
        known.addAll(otherKeys);
        problems.add(key + ": " + KnownKeys.unknown(key, known));
      }
    }

    Map<Setting<?>, Object> values = new IdentityHashMap<>();
    for (Setting<?> setting : spec.settings()) {
      String text = merged.containsKey(setting.key()) ? merged.get(setting.key()) : setting.defaultText();
      if ((text == null || text.isEmpty()) && setting.isOptional() && !spec.required().contains(setting)) {
        continue;
      }
      if (text == null || text.isEmpty() && !setting.hasDefault()) {
        problems.add(setting.key() + ": required (" + setting.doc() + "; environment " + setting.envName() + ")");
        continue;
      }
      try {
        values.put(setting, setting.parse(text));
      } catch (InvalidSettingException e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidSettingException("Invalid " + spec.component() + " configuration (" + problems.size()
          + " problem" + (problems.size() == 1 ? "" : "s") + "): " + String.join("; ", problems));
    }
    return new StartupConfig(spec, values, through, merged);
  }

  private static String suffix(String closest) {
    return closest == null ? "" : " (did you mean " + closest + "?)";
  }

  /** The value, or null for an optional setting that was not given. */
  @SuppressWarnings("unchecked")
  public <T> T get(Setting<T> setting) {
    if (!values.containsKey(setting) && !(setting.isOptional() && spec.settings().contains(setting))) {
      throw new IllegalArgumentException(setting.key() + " is not a setting of the " + spec.component());
    }
    return (T) values.get(setting);
  }

  /** The keys passed through to the platform (Kafka Streams, clients, registry), with their values. */
  public Map<String, String> passThrough() {
    return passThrough;
  }

  /** Everything given (file and environment, not defaults), as text. */
  public Map<String, String> given() {
    return given;
  }

  /** The run-time settings at start-up: the defaults overlaid with the run-time keys given. */
  public SettingsInForce settingsInForce() {
    return SettingsInForce.fromStartup(given);
  }

  /** Every defined setting's effective value and every pass-through key, sorted, secrets masked: for the start-up log. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public String describe() {
    Map<String, String> all = new TreeMap<>(passThrough);
    for (Setting setting : spec.settings()) {
      Object value = values.get(setting);
      all.put(setting.key(), setting.isSecret() ? Masking.MASK : value == null ? "" : setting.kind().format(value));
    }
    return Masking.masked(all, key -> false).toString();
  }
}
