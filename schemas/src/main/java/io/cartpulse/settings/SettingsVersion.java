package io.cartpulse.settings;

import io.cartpulse.rules.RuleCatalog;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One settings version of ALERTS.md section 8: {@code version} (larger than every earlier one),
 * {@code effectiveFrom} (event time, epoch ms) and some run-time keys with new values. Built only
 * through {@link #of}, which refuses an unknown key (naming the closest known one), a start-up key
 * and a bad value.
 */
public final class SettingsVersion {
  private static final Map<String, Setting<?>> RUNTIME_BY_KEY = new LinkedHashMap<>();

  static {
    RuleCatalog.runtimeSettings().forEach(setting -> RUNTIME_BY_KEY.put(setting.key(), setting));
  }

  private final long version;
  private final long effectiveFrom;
  private final Map<String, String> settings;
  private final Map<Setting<?>, Object> values;

  private SettingsVersion(long version, long effectiveFrom, Map<String, String> settings,
      Map<Setting<?>, Object> values) {
    this.version = version;
    this.effectiveFrom = effectiveFrom;
    this.settings = settings;
    this.values = values;
  }

  /** A validated version; values are taken exactly as given (no trimming: section 8's grammars). */
  public static SettingsVersion of(long version, long effectiveFrom, Map<String, String> settings) {
    if (version < 0) {
      throw new InvalidSettingException("version: must be a whole number >= 0, got " + version);
    }
    if (effectiveFrom < 0) {
      throw new InvalidSettingException("effectiveFrom: must be epoch milliseconds >= 0, got " + effectiveFrom);
    }
    Map<Setting<?>, Object> values = new IdentityHashMap<>();
    for (Map.Entry<String, String> entry : settings.entrySet()) {
      Setting<?> setting = RUNTIME_BY_KEY.get(entry.getKey());
      if (setting == null) {
        throw new InvalidSettingException(entry.getKey(), null, unknownReason(entry.getKey()));
      }
      values.put(setting, setting.parse(entry.getValue()));
    }
    return new SettingsVersion(version, effectiveFrom, Collections.unmodifiableMap(new TreeMap<>(settings)),
        Collections.unmodifiableMap(values));
  }

  private static String unknownReason(String key) {
    boolean startupKey = RuleCatalog.settings().stream().anyMatch(s -> s.key().equals(key));
    if (startupKey) {
      return "not a run-time setting (it is read at start only; the run-time keys are "
          + String.join(", ", RUNTIME_BY_KEY.keySet()) + ")";
    }
    return KnownKeys.unknown(key, RUNTIME_BY_KEY.keySet());
  }

  /** The run-time keys a version may set. */
  public static List<String> runtimeKeys() {
    return List.copyOf(RUNTIME_BY_KEY.keySet());
  }

  public long version() {
    return version;
  }

  public long effectiveFrom() {
    return effectiveFrom;
  }

  /** The keys this version sets, with their values as given. */
  public Map<String, String> settings() {
    return settings;
  }

  Map<Setting<?>, Object> values() {
    return values;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SettingsVersion other && version == other.version && effectiveFrom == other.effectiveFrom
        && settings.equals(other.settings);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(version) * 31 + settings.hashCode();
  }

  @Override
  public String toString() {
    return "version " + version + " from " + effectiveFrom + " " + settings;
  }
}
