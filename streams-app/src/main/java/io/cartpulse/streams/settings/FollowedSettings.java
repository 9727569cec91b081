package io.cartpulse.streams.settings;

import io.cartpulse.settings.SettingsTimeline;
import io.cartpulse.settings.SettingsVersion;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The settings timeline one streams-app instance follows (ALERTS.md section 8): the start-up
 * configuration plus every version read from {@code rule-settings}. Written by the global-store
 * thread ({@link RuleSettingsUpdater}), read by every stream thread once per record or punctuation;
 * the timeline is immutable, so a reader never sees half a version.
 */
public final class FollowedSettings implements Supplier<SettingsTimeline> {
  private final AtomicReference<SettingsTimeline> current;

  public FollowedSettings(SettingsTimeline initial) {
    this.current = new AtomicReference<>(initial);
  }

  @Override
  public SettingsTimeline get() {
    return current.get();
  }

  /** Adds a version; false when it was known already. */
  public boolean add(SettingsVersion version) {
    SettingsTimeline before;
    SettingsTimeline after;
    do {
      before = current.get();
      after = before.with(version);
      if (after == before) {
        return false;
      }
    } while (!current.compareAndSet(before, after));
    return true;
  }
}
