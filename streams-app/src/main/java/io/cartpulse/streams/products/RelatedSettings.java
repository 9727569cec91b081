package io.cartpulse.streams.products;

import io.cartpulse.settings.ProductSettings;
import io.cartpulse.streams.rules.RuleSetup;

/**
 * The related-products settings of ALERTS.md section 7, read once at start-up
 * ({@link ProductSettings}: {@code related.min-score}, {@code related.size},
 * {@code related.session-entries}, {@code related.session-horizon}).
 */
public record RelatedSettings(long minScore, int size, int sessionEntries, long sessionHorizonMs) {
  /** The contract's defaults: score >= 2, 5 products, 20 entries, 24 h. */
  public static final RelatedSettings DEFAULTS = new RelatedSettings(ProductSettings.MIN_SCORE.defaultValue(),
      ProductSettings.SIZE.defaultValue().intValue(), ProductSettings.SESSION_ENTRIES.defaultValue().intValue(),
      ProductSettings.SESSION_HORIZON.defaultValue().toMillis());

  public static RelatedSettings of(RuleSetup config) {
    return new RelatedSettings(config.get(ProductSettings.MIN_SCORE), config.get(ProductSettings.SIZE).intValue(),
        config.get(ProductSettings.SESSION_ENTRIES).intValue(), config.get(ProductSettings.SESSION_HORIZON).toMillis());
  }
}
