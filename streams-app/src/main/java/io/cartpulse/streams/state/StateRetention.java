package io.cartpulse.streams.state;

import io.cartpulse.streams.config.StreamsAppConfig.RuleSettings;

/**
 * How long each remembered fact can still change an alert, derived from the rule settings. A
 * fact older than this (relative to the event being evaluated, or to the clock in a sweep) is
 * dropped, so every store entry has a way out.
 */
public record StateRetention(long previousEventMs, long crossSellCooldownMs, long viewsMs, long purchaseMs,
    long purchaseIntentMs, long priceSensitivityMs, long abandonmentGuardMs) {

  public static StateRetention from(RuleSettings rules) {
    return new StateRetention(
        rules.crossSell().maxGap().toMillis(),
        rules.crossSell().cooldown().toMillis(),
        Math.max(rules.purchaseIntent().window().toMillis(), rules.priceSensitivity().window().toMillis()),
        rules.purchaseIntent().window().toMillis(),
        rules.purchaseIntent().cooldown().toMillis(),
        rules.priceSensitivity().cooldown().toMillis(),
        rules.cartAbandonment().delay().toMillis());
  }
}
