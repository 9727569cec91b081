package io.cartpulse.streams.rules;

import io.cartpulse.avro.Alert;
import io.cartpulse.registry.RegistryConfig;
import io.cartpulse.settings.SettingsInForce;
import io.cartpulse.settings.SettingsTimeline;
import io.cartpulse.settings.SettingsVersion;
import io.cartpulse.streams.config.StreamsAppConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link RuleContext} for testing one rule on its own: records alerts and due-time requests. */
final class RecordingRuleContext implements RuleContext {
  final List<Alert> alerts = new ArrayList<>();
  final List<String> wakes = new ArrayList<>();
  long clock;
  SettingsTimeline timeline = SettingsTimeline.of(SettingsInForce.defaults());

  /** The start-up settings of a streams-app with {@code overrides} (rule keys as in ALERTS.md section 8). */
  static StreamsAppConfig setup(Map<String, String> overrides) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("bootstrap.servers", "x:1");
    settings.put(RegistryConfig.SCHEMA_REGISTRY_URL, "mock://rules");
    settings.putAll(overrides);
    return StreamsAppConfig.of(settings);
  }

  RecordingRuleContext at(long clock) {
    this.clock = clock;
    return this;
  }

  /** Adds a settings version (ALERTS.md section 8) to the timeline the rule reads. */
  RecordingRuleContext version(long version, long effectiveFrom, Map<String, String> settings) {
    timeline = timeline.with(SettingsVersion.of(version, effectiveFrom, settings));
    return this;
  }

  List<Alert> drain() {
    List<Alert> out = List.copyOf(alerts);
    alerts.clear();
    return out;
  }

  @Override
  public String userId() {
    return "u1";
  }

  @Override
  public long clock() {
    return clock;
  }

  @Override
  public long detectedAt() {
    return 0;
  }

  @Override
  public SettingsInForce settingsAt(long eventTime) {
    return timeline.at(eventTime);
  }

  @Override
  public void emit(Alert alert) {
    alerts.add(alert);
  }

  @Override
  public void wakeAt(long due, String item) {
    wakes.add("+" + due + " " + item);
  }

  @Override
  public void cancelWake(long due, String item) {
    wakes.add("-" + due + " " + item);
  }
}
