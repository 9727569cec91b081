package io.cartpulse.streams.rules;

import io.cartpulse.alert.Alerts;
import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.click.Money;
import io.cartpulse.streams.config.StreamsAppConfig.Coupon;
import io.cartpulse.streams.state.UserRuleState;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Map;

/**
 * COUPON_ISSUED (ALERTS.md section 3): spend(u, D) sums the user's purchase prices on calendar day
 * D in the configured zone; a purchase taking spend from {@code before} to {@code after} emits one
 * alert per tier T with {@code before < T <= after}. The spend of a day is dropped once the clock
 * has left that day.
 */
public final class CouponIssuedRule {
  private static final long DAY_MS = 86_400_000L;

  private final long[] tiers;
  private final ZoneId zone;
  private final ZoneRules rules;
  private final boolean fixedOffset;
  private final long fixedOffsetMs;

  public CouponIssuedRule(Coupon settings) {
    this.tiers = settings.tierCents().stream().mapToLong(Long::longValue).toArray();
    this.zone = settings.zone();
    this.rules = zone.getRules();
    this.fixedOffset = rules.isFixedOffset();
    this.fixedOffsetMs = fixedOffset ? rules.getOffset(Instant.EPOCH).getTotalSeconds() * 1000L : 0;
  }

  /** The calendar day (epoch day in the configured zone) of an instant. */
  public long dayOf(long epochMillis) {
    long offset = fixedOffset ? fixedOffsetMs
        : rules.getOffset(Instant.ofEpochMilli(epochMillis)).getTotalSeconds() * 1000L;
    return Math.floorDiv(epochMillis + offset, DAY_MS);
  }

  /** The first instant (epoch ms) of a calendar day in the configured zone. */
  public long startOfDay(long epochDay) {
    if (fixedOffset) {
      return epochDay * DAY_MS - fixedOffsetMs;
    }
    return LocalDate.ofEpochDay(epochDay).atStartOfDay(zone).toInstant().toEpochMilli();
  }

  /** Adds {@code purchase} to the day's spend and returns the alerts for the tiers it crossed. */
  public void onPurchase(Click purchase, UserRuleState state, long clockDay, long detectedAt, List<Alert> out) {
    long day = dayOf(purchase.time());
    long before = state.couponDay() == day ? state.couponSpendCents() : 0;
    long after = before + purchase.priceCents();
    if (day >= clockDay) {
      state.setCoupon(day, after);
    }
    // else: the clock has already left that day, so its spend is no longer kept.
    for (long tier : tiers) {
      if (before < tier && tier <= after) {
        String tierText = Money.formatPlain(tier);
        String message = "User " + purchase.userId() + " spent " + Money.format(after) + " on "
            + LocalDate.ofEpochDay(day) + (zone.equals(ZoneOffset.UTC) || "UTC".equals(zone.getId()) ? " (UTC)"
            : " (" + zone.getId() + ")") + ", reaching the " + tierText + " coupon tier.";
        out.add(Alerts.create(AlertType.COUPON_ISSUED, purchase.userId(), purchase.session(), purchase.productId(),
            purchase.time(), detectedAt, Alerts.SOURCE_STREAMS, message,
            Map.of("tier", tierText, "spend", Money.format(after)), tierText));
      }
    }
  }
}
