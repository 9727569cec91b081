package io.cartpulse.rules;

import io.cartpulse.avro.AlertType;
import io.cartpulse.settings.Setting;
import io.cartpulse.settings.Setting.Engine;
import io.cartpulse.settings.SettingKind;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/**
 * Every rule of ALERTS.md sections 3 and 4 with its settings, defaults as the contract states them.
 * The run-time keys are those section 8 names; windows, delays, cooldowns and the coupon zone are
 * read at start only. The order of {@link #ALL} is the order in which the streams-app evaluates
 * its rules for one event (it decides only the order of the alerts one event gives).
 */
public final class RuleCatalog {
  private RuleCatalog() {}

  private static final SettingKind<Duration> DURATION = SettingKind.duration(Duration.ofMillis(1));
  private static final SettingKind<Duration> WHOLE_MINUTES = SettingKind.duration(Duration.ofMinutes(1));
  private static final SettingKind<Long> MIN_VIEWS = SettingKind.wholeNumber(1, Integer.MAX_VALUE);

  public static final Setting<Duration> CROSS_SELL_MAX_GAP = Setting.startup("cross-sell.max-gap", DURATION, "PT5M",
      Engine.STREAMS, "A view counts when the previous event (a view) is less than this earlier.");
  public static final Setting<Duration> CROSS_SELL_COOLDOWN = Setting.startup("cross-sell.cooldown", DURATION,
      "PT5M", Engine.STREAMS, "No CROSS_SELL less than this after the user's previous one.");

  public static final Setting<Long> CART_ABANDONMENT_MIN_PRICE = Setting.runtime("cart-abandonment.min-price",
      SettingKind.MONEY_CENTS, "200.00", Engine.STREAMS,
      "A cart opens or restarts an item only when its price is above this (strictly), read at the cart's time.");
  public static final Setting<Duration> CART_ABANDONMENT_DELAY = Setting.startup("cart-abandonment.delay", DURATION,
      "PT10M", Engine.STREAMS, "An open item is due this long after its cart.");

  public static final Setting<Long> PURCHASE_INTENT_MIN_VIEWS = Setting.runtime("purchase-intent.min-views",
      MIN_VIEWS, "4", Engine.STREAMS, "Views of one product within the window that make an alert.");
  public static final Setting<Duration> PURCHASE_INTENT_WINDOW = Setting.startup("purchase-intent.window", DURATION,
      "PT15M", Engine.STREAMS, "Window for the views (and for a purchase that suppresses the alert).");
  public static final Setting<Duration> PURCHASE_INTENT_COOLDOWN = Setting.startup("purchase-intent.cooldown",
      DURATION, "PT15M", Engine.STREAMS, "No PURCHASE_INTENT for a product less than this after the previous one.");

  public static final Setting<Duration> PRICE_SENSITIVITY_WINDOW = Setting.startup("price-sensitivity.window",
      DURATION, "PT10M", Engine.STREAMS, "Window for the views whose price dropped.");
  public static final Setting<Duration> PRICE_SENSITIVITY_COOLDOWN = Setting.startup("price-sensitivity.cooldown",
      DURATION, "PT10M", Engine.STREAMS, "No PRICE_SENSITIVITY for a product less than this after the previous one.");

  public static final Setting<long[]> COUPON_TIERS = Setting.runtime("coupon.tiers", SettingKind.TIERS_CENTS,
      "200,500,1000", Engine.STREAMS, "Daily spend tiers; one alert per tier a purchase reaches.");
  public static final Setting<ZoneId> COUPON_ZONE = Setting.startup("coupon.zone", SettingKind.ZONE, "UTC",
      Engine.STREAMS, "Time zone of the calendar day over which spend is summed.");

  public static final Setting<Long> CHURN_MIN_VIEWS = Setting.runtime("churn.min-views", MIN_VIEWS, "10",
      Engine.FLINK, "Views in a window that make a CHURN_RISK alert, read at the window end.");
  public static final Setting<Duration> CHURN_WINDOW = Setting.startup("churn.window", DURATION, "P7D",
      Engine.FLINK, "Length of a churn window from the view that opens it.");
  public static final Setting<String> CHURN_IMPLEMENTATION = Setting.startup("churn.implementation",
      SettingKind.oneOf("cep", "process"), "cep", Engine.FLINK,
      "cep (FlinkCEP pattern) or process (plain keyed function); same alerts. Switching changes operator uids.");

  public static final Setting<Long> SURGE_MIN_VIEWS = Setting.runtime("surge.min-views", MIN_VIEWS, "50",
      Engine.FLINK, "Views in a minute needed for it to surge.");
  public static final Setting<BigDecimal> SURGE_FACTOR = Setting.runtime("surge.factor", SettingKind.POSITIVE_DECIMAL,
      "3.0", Engine.FLINK, "A minute surges at this many times the baseline (exact decimal arithmetic).");
  public static final Setting<Duration> SURGE_HISTORY = Setting.startup("surge.history", WHOLE_MINUTES, "PT30M",
      Engine.FLINK, "A minute can surge only when the stream's first view is at least this much earlier.");
  public static final Setting<Duration> SURGE_BASELINE = Setting.startup("surge.baseline", WHOLE_MINUTES, "PT30M",
      Engine.FLINK, "The baseline is the mean views per minute over this span before the minute.");

  public static final RuleDefinition CROSS_SELL = new RuleDefinition("cross-sell", AlertType.CROSS_SELL,
      Engine.STREAMS, "io.cartpulse.streams.rules.CrossSellRule", CROSS_SELL_MAX_GAP, CROSS_SELL_COOLDOWN);
  public static final RuleDefinition CART_ABANDONMENT = new RuleDefinition("cart-abandonment",
      AlertType.CART_ABANDONMENT, Engine.STREAMS, "io.cartpulse.streams.rules.CartAbandonmentRule",
      CART_ABANDONMENT_MIN_PRICE, CART_ABANDONMENT_DELAY);
  public static final RuleDefinition PURCHASE_INTENT = new RuleDefinition("purchase-intent",
      AlertType.PURCHASE_INTENT, Engine.STREAMS, "io.cartpulse.streams.rules.PurchaseIntentRule",
      PURCHASE_INTENT_MIN_VIEWS, PURCHASE_INTENT_WINDOW, PURCHASE_INTENT_COOLDOWN);
  public static final RuleDefinition PRICE_SENSITIVITY = new RuleDefinition("price-sensitivity",
      AlertType.PRICE_SENSITIVITY, Engine.STREAMS, "io.cartpulse.streams.rules.PriceSensitivityRule",
      PRICE_SENSITIVITY_WINDOW, PRICE_SENSITIVITY_COOLDOWN);
  public static final RuleDefinition COUPON = new RuleDefinition("coupon", AlertType.COUPON_ISSUED,
      Engine.STREAMS, "io.cartpulse.streams.rules.CouponIssuedRule", COUPON_TIERS, COUPON_ZONE);
  public static final RuleDefinition CHURN = new RuleDefinition("churn", AlertType.CHURN_RISK, Engine.FLINK, null,
      CHURN_MIN_VIEWS, CHURN_WINDOW, CHURN_IMPLEMENTATION);
  public static final RuleDefinition SURGE = new RuleDefinition("surge", AlertType.TRAFFIC_SURGE, Engine.FLINK, null,
      SURGE_MIN_VIEWS, SURGE_FACTOR, SURGE_HISTORY, SURGE_BASELINE);

  /** Every rule, streams-app rules in evaluation order. */
  public static final List<RuleDefinition> ALL =
      List.of(CROSS_SELL, CART_ABANDONMENT, PURCHASE_INTENT, PRICE_SENSITIVITY, COUPON, CHURN, SURGE);

  public static List<RuleDefinition> of(Engine engine) {
    return ALL.stream().filter(rule -> rule.engine() == engine).toList();
  }

  /** Every rule setting, run-time and start-up, in catalog order. */
  public static List<Setting<?>> settings() {
    return ALL.stream().flatMap(rule -> rule.settings().stream()).toList();
  }

  /** The run-time settings of ALERTS.md section 8, in catalog order. */
  public static List<Setting<?>> runtimeSettings() {
    return settings().stream().filter(Setting::isRuntime).toList();
  }
}
