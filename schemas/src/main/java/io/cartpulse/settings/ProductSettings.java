package io.cartpulse.settings;

import io.cartpulse.settings.Setting.Engine;
import java.time.Duration;
import java.util.List;

/**
 * The start-up settings of the product data (ALERTS.md section 7: related products). Start-up only,
 * never run-time: they shape the state (the session memory, the pair scores) for its whole life.
 */
public final class ProductSettings {
  private ProductSettings() {}

  public static final Setting<Long> MIN_SCORE = Setting.startup("related.min-score",
      SettingKind.wholeNumber(1, Integer.MAX_VALUE), "2", Engine.STREAMS,
      "a related product needs at least this many pair formations over the 7 days");
  public static final Setting<Long> SIZE = Setting.startup("related.size",
      SettingKind.wholeNumber(1, 1000), "5", Engine.STREAMS, "related products listed per product");
  public static final Setting<Long> SESSION_ENTRIES = Setting.startup("related.session-entries",
      SettingKind.wholeNumber(1, 1000), "20", Engine.STREAMS,
      "products a session remembers (the oldest first-seen is forgotten beyond)");
  public static final Setting<Duration> SESSION_HORIZON = Setting.startup("related.session-horizon",
      SettingKind.duration(Duration.ofMillis(1)), "PT24H", Engine.STREAMS,
      "a session forgets a product this long after its first-seen time");

  /** In documentation order. */
  public static final List<Setting<?>> ALL = List.of(MIN_SCORE, SIZE, SESSION_ENTRIES, SESSION_HORIZON);
}
