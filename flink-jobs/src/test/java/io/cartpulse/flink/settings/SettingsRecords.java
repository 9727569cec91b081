package io.cartpulse.flink.settings;

import io.cartpulse.avro.RuleSettings;
import io.cartpulse.settings.SettingsInForce;
import io.cartpulse.settings.SettingsTimeline;
import io.cartpulse.settings.SettingsVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Settings versions for the operator tests: as records on the topic, or a timeline the job starts with. */
public final class SettingsRecords {
  private SettingsRecords() {}

  /** {@code version(3, t, "surge.min-views", "20", ...)}. */
  public static RuleSettings version(long version, long effectiveFrom, String... keyValues) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      settings.put(keyValues[i], keyValues[i + 1]);
    }
    return RuleSettings.newBuilder().setVersion(version).setEffectiveFrom(Instant.ofEpochMilli(effectiveFrom))
        .setSettings(new LinkedHashMap<>(settings)).build();
  }

  /** The defaults with these versions applied. */
  public static SettingsTimeline timeline(RuleSettings... versions) {
    List<SettingsVersion> list = new ArrayList<>();
    for (RuleSettings version : versions) {
      list.add(FollowedSettings.toVersion(version));
    }
    return SettingsTimeline.of(SettingsInForce.defaults(), list);
  }
}
