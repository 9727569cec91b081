package io.cartpulse.rules;

import io.cartpulse.avro.AlertType;
import io.cartpulse.settings.Setting;
import io.cartpulse.settings.SettingKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What every part of CartPulse knows about one rule: its name (the prefix of its setting keys),
 * the alert type it emits, the engine that runs it, and its settings - the run-time switch
 * {@code <name>.enabled} (ALERTS.md section 8) first, then the rule's own. Streams-app rules also
 * name their implementing class, which the streams-app instantiates in catalog order: adding a
 * streams rule means its class, its entry in {@link RuleCatalog} and its alert type.
 */
public final class RuleDefinition {
  private final String name;
  private final AlertType alertType;
  private final Setting.Engine engine;
  private final String implementation;
  private final Setting<Boolean> enabled;
  private final List<Setting<?>> settings;

  RuleDefinition(String name, AlertType alertType, Setting.Engine engine, String implementation,
      Setting<?>... own) {
    this.name = name;
    this.alertType = alertType;
    this.engine = engine;
    this.implementation = implementation;
    this.enabled = Setting.runtime(name + ".enabled", SettingKind.BOOLEAN, "true", engine,
        "Whether " + alertType + " alerts are emitted (state is kept either way).");
    List<Setting<?>> all = new ArrayList<>();
    all.add(enabled);
    for (Setting<?> setting : own) {
      if (!setting.key().startsWith(name + ".")) {
        throw new IllegalArgumentException(setting.key() + " is not a key of rule " + name);
      }
      all.add(setting);
    }
    this.settings = Collections.unmodifiableList(all);
  }

  public String name() {
    return name;
  }

  public AlertType alertType() {
    return alertType;
  }

  public Setting.Engine engine() {
    return engine;
  }

  /** The class that implements a streams-app rule; null for the Flink job's rules (wired as operators). */
  public String implementation() {
    return implementation;
  }

  /** {@code <name>.enabled}. */
  public Setting<Boolean> enabled() {
    return enabled;
  }

  /** The switch first, then the rule's own settings. */
  public List<Setting<?>> settings() {
    return settings;
  }

  @Override
  public String toString() {
    return name;
  }
}
