package io.cartpulse.settings;

import io.cartpulse.rules.RuleCatalog;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * S(t) of ALERTS.md section 8: the value of every run-time setting at one time. Immutable; the
 * rules read it through {@link SettingsTimeline#at(long)} at the time the section's table names.
 */
public final class SettingsInForce {
  private static final List<Setting<?>> RUNTIME = RuleCatalog.runtimeSettings();
  private static final Map<Setting<?>, Integer> INDEX = new IdentityHashMap<>();

  static {
    for (int i = 0; i < RUNTIME.size(); i++) {
      INDEX.put(RUNTIME.get(i), i);
    }
  }

  private final Object[] values;

  private SettingsInForce(Object[] values) {
    this.values = values;
  }

  /** Every run-time setting at its contract default. */
  public static SettingsInForce defaults() {
    Object[] values = new Object[RUNTIME.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = RUNTIME.get(i).defaultValue();
    }
    return new SettingsInForce(values);
  }

  /**
   * The defaults overlaid with the run-time keys among {@code startup} (a start-up configuration;
   * keys that are not run-time settings are ignored here), each parsed and validated.
   */
  public static SettingsInForce fromStartup(Map<String, String> startup) {
    SettingsInForce base = defaults();
    Map<Setting<?>, Object> given = new IdentityHashMap<>();
    for (Setting<?> setting : RUNTIME) {
      String text = startup.get(setting.key());
      if (text != null) {
        given.put(setting, setting.parse(text.strip()));
      }
    }
    return base.with(given);
  }

  /** A copy with the given run-time settings replaced. */
  SettingsInForce with(Map<Setting<?>, Object> changes) {
    if (changes.isEmpty()) {
      return this;
    }
    Object[] copy = values.clone();
    changes.forEach((setting, value) -> copy[index(setting)] = value);
    return new SettingsInForce(copy);
  }

  @SuppressWarnings("unchecked")
  public <T> T get(Setting<T> setting) {
    return (T) values[index(setting)];
  }

  private static int index(Setting<?> setting) {
    Integer index = INDEX.get(setting);
    if (index == null) {
      throw new IllegalArgumentException(setting.key() + " is not a run-time setting");
    }
    return index;
  }

  /** Every run-time key with its value as text (the form settings records and {@code scripts/rules show} use). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Map<String, String> asText() {
    Map<String, String> text = new TreeMap<>();
    for (int i = 0; i < values.length; i++) {
      Setting setting = RUNTIME.get(i);
      text.put(setting.key(), setting.kind().format(values[i]));
    }
    return text;
  }

  @Override
  public String toString() {
    return asText().toString();
  }
}
