package io.cartpulse.streams.rules;

import io.cartpulse.settings.Setting;

/** The start-up settings a rule is built with (its windows, delays, cooldowns, zone). */
@FunctionalInterface
public interface RuleSetup {
  <T> T get(Setting<T> setting);
}
