package io.cartpulse.streams.rules;

import io.cartpulse.alert.Alerts;
import io.cartpulse.avro.AlertType;
import io.cartpulse.click.EventType;
import io.cartpulse.click.Money;
import io.cartpulse.rules.RuleCatalog;
import io.cartpulse.rules.RuleDefinition;
import io.cartpulse.settings.SettingsInForce;
import io.cartpulse.streams.state.SliceReader;
import io.cartpulse.streams.state.SliceWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.Map;

/**
 * COUPON_ISSUED (ALERTS.md section 3): spend(u, D) sums the user's purchase prices on calendar day
 * D in the configured zone; a purchase taking spend from {@code before} to {@code after} emits one
 * alert per tier T with {@code before < T <= after}, tiers and whether it is emitted read at the
 * purchase's time (section 8; spend counts either way). The spend of a day is dropped once the
 * clock has left that day.
 *
 * <p>Slice: the current day (epoch day in the zone) and the spend on it, in cents.
 */
public final class CouponIssuedRule implements ShopperRule<CouponIssuedRule.Slice> {
  static final long NONE = Long.MIN_VALUE;
  private static final long DAY_MS = 86_400_000L;

  private final ZoneId zone;
  private final ZoneRules rules;
  private final boolean fixedOffset;
  private final long fixedOffsetMs;
  private final String zoneLabel;

  public CouponIssuedRule(RuleSetup setup) {
    this.zone = setup.get(RuleCatalog.COUPON_ZONE);
    this.rules = zone.getRules();
    this.fixedOffset = rules.isFixedOffset();
    this.fixedOffsetMs = fixedOffset ? rules.getOffset(Instant.EPOCH).getTotalSeconds() * 1000L : 0;
    this.zoneLabel = zone.equals(ZoneOffset.UTC) || "UTC".equals(zone.getId()) ? "UTC" : zone.getId();
  }

  /** One user's spend on one day. */
  public static final class Slice {
    long day = NONE;
    long spendCents;
  }

  @Override
  public RuleDefinition definition() {
    return RuleCatalog.COUPON;
  }

  @Override
  public int sliceId() {
    return 5;
  }

  @Override
  public int sliceVersion() {
    return 1;
  }

  @Override
  public Slice newSlice() {
    return new Slice();
  }

  /** The calendar day (epoch day in the configured zone) of an instant. */
  long dayOf(long epochMillis) {
    long offset = fixedOffset ? fixedOffsetMs
        : rules.getOffset(Instant.ofEpochMilli(epochMillis)).getTotalSeconds() * 1000L;
    return Math.floorDiv(epochMillis + offset, DAY_MS);
  }

  /** The first instant (epoch ms) of a calendar day in the configured zone. */
  long startOfDay(long epochDay) {
    if (fixedOffset) {
      return epochDay * DAY_MS - fixedOffsetMs;
    }
    return LocalDate.ofEpochDay(epochDay).atStartOfDay(zone).toInstant().toEpochMilli();
  }

  @Override
  public void onEvent(Click purchase, Slice slice, RuleContext context) {
    if (purchase.type() != EventType.PURCHASE) {
      return;
    }
    long day = dayOf(purchase.time());
    long before = slice.day == day ? slice.spendCents : 0;
    long after = before + purchase.priceCents();
    if (day >= dayOf(context.clock())) {
      slice.day = day;
      slice.spendCents = after;
    }
    // else: the clock has already left that day, so its spend is no longer kept.
    SettingsInForce settings = context.settingsAt(purchase.time());
    if (!settings.get(RuleCatalog.COUPON.enabled())) {
      return;
    }
    for (long tier : settings.get(RuleCatalog.COUPON_TIERS)) {
      if (before < tier && tier <= after) {
        String tierText = Money.formatPlain(tier);
        String message = "User " + purchase.userId() + " spent " + Money.format(after) + " on "
            + LocalDate.ofEpochDay(day) + " (" + zoneLabel + "), reaching the " + tierText + " coupon tier.";
        context.emit(Alerts.create(AlertType.COUPON_ISSUED, purchase.userId(), purchase.session(),
            purchase.productId(), purchase.time(), context.detectedAt(), Alerts.SOURCE_STREAMS, message,
            Map.of("tier", tierText, "spend", Money.format(after)), tierText));
      }
    }
  }

  @Override
  public void prune(Slice slice, long now, long clock) {
    if (slice.day != NONE && slice.day < dayOf(clock)) {
      slice.day = NONE;
      slice.spendCents = 0;
    }
  }

  @Override
  public long expiresAt(Slice slice) {
    return startOfDay(slice.day + 1);
  }

  @Override
  public boolean isEmpty(Slice slice) {
    return slice.day == NONE;
  }

  @Override
  public long nextRollover(long clock) {
    return startOfDay(dayOf(clock) + 1);
  }

  @Override
  public void write(Slice slice, SliceWriter out) {
    out.writeLong(slice.day);
    out.writeLong(slice.spendCents);
  }

  @Override
  public Slice read(SliceReader in, int version) {
    Slice slice = new Slice();
    slice.day = in.readLong();
    slice.spendCents = in.readLong();
    return slice;
  }
}
