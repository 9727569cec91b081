package io.cartpulse.flink.settings;

import io.cartpulse.avro.RuleSettings;
import io.cartpulse.settings.InvalidSettingException;
import io.cartpulse.settings.RuleSettingsTopic;
import io.cartpulse.settings.SettingsTimeline;
import io.cartpulse.settings.SettingsVersion;
import java.io.Serializable;
import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings an operator follows while it runs (ALERTS.md section 8): the timeline the job
 * started with (the start-up configuration and the versions on {@code rule-settings} at submission)
 * plus every version that arrived since on the broadcast stream, kept in broadcast state (key =
 * version) so a restore from a checkpoint has them too. The resolved timeline is cached and rebuilt
 * only when a version arrives or after a restore.
 */
public final class FollowedSettings implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(FollowedSettings.class);

  /** The broadcast state every settings-following operator keeps (the name is in savepoints). */
  public static final MapStateDescriptor<Long, RuleSettings> STATE =
      new MapStateDescriptor<>("rule-settings", Types.LONG, new AvroTypeInfo<>(RuleSettings.class));

  private final SettingsTimeline initial;
  private final String operator;
  private transient SettingsTimeline current;

  public FollowedSettings(SettingsTimeline initial, String operator) {
    this.initial = initial;
    this.operator = operator;
  }

  /** The timeline in force now. */
  public SettingsTimeline timeline(ReadOnlyBroadcastState<Long, RuleSettings> state) throws Exception {
    if (current == null) {
      SettingsTimeline timeline = initial;
      for (Map.Entry<Long, RuleSettings> entry : state.immutableEntries()) {
        timeline = timeline.with(toVersion(entry.getValue()));
      }
      current = timeline;
    }
    return current;
  }

  /**
   * A version from the broadcast stream ({@link SettingsStreams#validated} let only valid ones
   * through): kept, and in force from here on; {@code clock} is this operator's event-time clock.
   */
  public void add(RuleSettings record, BroadcastState<Long, RuleSettings> state, long clock) throws Exception {
    SettingsVersion version = toVersion(record);
    SettingsTimeline before = timeline(state);
    if (before.versions().stream().anyMatch(known -> known.version() == version.version())) {
      return;
    }
    state.put(version.version(), record);
    current = before.with(version);
    if (version.effectiveFrom() <= clock) {
      LOG.info("{}: settings version {} (effectiveFrom {}) arrived after the clock passed it ({}): it applies to "
          + "what is decided from now on; results already emitted stay", operator, version.version(),
          version.effectiveFrom(), clock);
    } else {
      LOG.info("{}: settings version {} in force from {}: {}", operator, version.version(), version.effectiveFrom(),
          version.settings());
    }
  }

  /** The version a record on {@code rule-settings} carries; throws {@link InvalidSettingException} when bad. */
  public static SettingsVersion toVersion(RuleSettings record) {
    return RuleSettingsTopic.version(record);
  }
}
