package io.cartpulse.dashboard.view;

import io.cartpulse.avro.RuleSettings;
import io.cartpulse.settings.InvalidSettingException;
import io.cartpulse.settings.SettingsInForce;
import io.cartpulse.settings.SettingsTimeline;
import io.cartpulse.settings.SettingsVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The settings versions read from {@code rule-settings} and the settings in force at the
 * pipeline's clock (ALERTS.md section 8: the start-up values with every version whose
 * {@code effectiveFrom <= t} applied, in order of effectiveFrom, then version). A record the
 * engines would refuse is listed with its reason and applied to nothing. Read-only: changes go
 * through {@code scripts/rules}. Thread-safe.
 */
public final class RuleSettingsView {
  /** One setting as the page shows it: its value at the clock and its source (a version; null: start-up). */
  public record InForce(String key, String value, Long fromVersion) {}

  /** A version as read; {@code refused} is the reason the engines would not apply it, else null. */
  public record Version(long version, long effectiveFrom, Map<String, String> settings, String refused) {}

  private final SettingsInForce startup;
  private final Map<Long, Version> versions = new TreeMap<>();
  private SettingsTimeline timeline;
  private long changes;

  public RuleSettingsView(SettingsInForce startup) {
    this.startup = startup;
    this.timeline = SettingsTimeline.of(startup);
  }

  /** A record of the compacted topic (a later record of the same version replaces it). */
  public synchronized void add(RuleSettings record) {
    Map<String, String> settings = new TreeMap<>();
    record.getSettings().forEach((key, value) -> settings.put(key.toString(), value.toString()));
    long effectiveFrom = record.getEffectiveFrom().toEpochMilli();
    String refused = null;
    try {
      SettingsVersion.of(record.getVersion(), effectiveFrom, settings);
    } catch (InvalidSettingException e) {
      refused = e.getMessage();
    }
    versions.put(record.getVersion(), new Version(record.getVersion(), effectiveFrom, settings, refused));
    List<SettingsVersion> valid = new ArrayList<>();
    for (Version version : versions.values()) {
      if (version.refused() == null) {
        valid.add(SettingsVersion.of(version.version(), version.effectiveFrom(), version.settings()));
      }
    }
    timeline = SettingsTimeline.of(startup, valid);
    changes++;
  }

  /** Changes with every record read: a client needs the settings again when it differs. */
  public synchronized long changes() {
    return changes;
  }

  /** Every version read, by version number. */
  public synchronized List<Version> versions() {
    return List.copyOf(versions.values());
  }

  /** Every run-time setting's value at event time {@code clock} and the version it comes from. */
  public synchronized List<InForce> inForceAt(long clock) {
    Map<String, Long> from = new LinkedHashMap<>();
    for (SettingsVersion version : timeline.versions()) {
      if (version.effectiveFrom() <= clock) {
        version.settings().keySet().forEach(key -> from.put(key, version.version()));
      }
    }
    List<InForce> inForce = new ArrayList<>();
    timeline.at(clock).asText().forEach((key, value) -> inForce.add(new InForce(key, value, from.get(key))));
    return inForce;
  }
}
