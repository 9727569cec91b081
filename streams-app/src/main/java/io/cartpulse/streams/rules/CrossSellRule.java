package io.cartpulse.streams.rules;

import io.cartpulse.alert.Alerts;
import io.cartpulse.avro.AlertType;
import io.cartpulse.click.EventType;
import io.cartpulse.rules.RuleCatalog;
import io.cartpulse.rules.RuleDefinition;
import io.cartpulse.streams.state.SliceReader;
import io.cartpulse.streams.state.SliceWriter;
import java.util.Map;

/**
 * CROSS_SELL (ALERTS.md section 3): at a view e2, the user's previous event e1 (any type) is a view
 * in the same non-missing session, {@code t2 - t1 < max-gap}, with two present and different
 * category codes; not within {@code cooldown} of the user's previous CROSS_SELL. Whether it is
 * emitted is read at t2 (section 8); one not emitted starts no cooldown.
 *
 * <p>Slice: the user's previous event (type, time, session, category) and the last CROSS_SELL time.
 */
public final class CrossSellRule implements ShopperRule<CrossSellRule.Slice> {
  static final long NONE = Long.MIN_VALUE;

  private final long maxGapMs;
  private final long cooldownMs;

  public CrossSellRule(RuleSetup setup) {
    this.maxGapMs = setup.get(RuleCatalog.CROSS_SELL_MAX_GAP).toMillis();
    this.cooldownMs = setup.get(RuleCatalog.CROSS_SELL_COOLDOWN).toMillis();
  }

  /** What CROSS_SELL remembers about one user. */
  public static final class Slice {
    EventType previousType;
    long previousTime;
    String previousSession;
    String previousCategory;
    long lastCrossSell = NONE;
  }

  @Override
  public RuleDefinition definition() {
    return RuleCatalog.CROSS_SELL;
  }

  @Override
  public int sliceId() {
    return 1;
  }

  @Override
  public int sliceVersion() {
    return 1;
  }

  @Override
  public Slice newSlice() {
    return new Slice();
  }

  @Override
  public void onEvent(Click click, Slice slice, RuleContext context) {
    if (click.type() == EventType.VIEW) {
      evaluate(click, slice, context);
    }
    slice.previousType = click.type();
    slice.previousTime = click.time();
    slice.previousSession = click.session();
    slice.previousCategory = click.categoryCode();
  }

  /** The view against the previous event, before the view takes its place. */
  private void evaluate(Click view, Slice slice, RuleContext context) {
    if (slice.previousType != EventType.VIEW) {
      return;
    }
    String session = view.session();
    if (session == null || !session.equals(slice.previousSession)) {
      return;
    }
    long gap = view.time() - slice.previousTime;
    if (gap >= maxGapMs) {
      return;
    }
    String from = slice.previousCategory;
    String to = view.categoryCode();
    if (from == null || to == null || from.equals(to)) {
      return;
    }
    if (slice.lastCrossSell != NONE && view.time() - slice.lastCrossSell < cooldownMs) {
      return;
    }
    if (!context.settingsAt(view.time()).get(RuleCatalog.CROSS_SELL.enabled())) {
      return;
    }
    slice.lastCrossSell = view.time();
    String message = "User " + view.userId() + " moved from " + from + " to " + to + " (product "
        + view.productId() + ") within " + RuleText.duration(gap) + " in one session.";
    context.emit(Alerts.create(AlertType.CROSS_SELL, view.userId(), session, view.productId(), view.time(),
        context.detectedAt(), Alerts.SOURCE_STREAMS, message, Map.of("fromCategory", from, "toCategory", to), null));
  }

  @Override
  public void prune(Slice slice, long now, long clock) {
    if (slice.previousType != null && now - slice.previousTime >= maxGapMs) {
      slice.previousType = null;
      slice.previousTime = 0;
      slice.previousSession = null;
      slice.previousCategory = null;
    }
    if (slice.lastCrossSell != NONE && now - slice.lastCrossSell >= cooldownMs) {
      slice.lastCrossSell = NONE;
    }
  }

  @Override
  public long expiresAt(Slice slice) {
    long at = Long.MIN_VALUE;
    if (slice.previousType != null) {
      at = slice.previousTime + maxGapMs;
    }
    if (slice.lastCrossSell != NONE) {
      at = Math.max(at, slice.lastCrossSell + cooldownMs);
    }
    return at;
  }

  @Override
  public boolean isEmpty(Slice slice) {
    return slice.previousType == null && slice.lastCrossSell == NONE;
  }

  @Override
  public void write(Slice slice, SliceWriter out) {
    out.writeByte((slice.previousType != null ? 1 : 0) | (slice.lastCrossSell != NONE ? 2 : 0));
    if (slice.previousType != null) {
      out.writeByte(slice.previousType.code());
      out.writeLong(slice.previousTime);
      out.writeString(slice.previousSession);
      out.writeString(slice.previousCategory);
    }
    if (slice.lastCrossSell != NONE) {
      out.writeLong(slice.lastCrossSell);
    }
  }

  @Override
  public Slice read(SliceReader in, int version) {
    Slice slice = new Slice();
    int flags = in.readByte();
    if ((flags & 1) != 0) {
      slice.previousType = EventType.fromCode(in.readByte());
      slice.previousTime = in.readLong();
      slice.previousSession = in.readString();
      slice.previousCategory = in.readString();
    }
    if ((flags & 2) != 0) {
      slice.lastCrossSell = in.readLong();
    }
    return slice;
  }
}
