package io.cartpulse.streams.rules;

import io.cartpulse.rules.RuleDefinition;
import io.cartpulse.streams.state.SliceReader;
import io.cartpulse.streams.state.SliceWriter;

/**
 * One short-window rule of ALERTS.md section 3, evaluated per user by
 * {@link io.cartpulse.streams.processor.ShopperAlertsProcessor}. A rule owns a slice of the user's
 * stored state ({@code S}): it creates, prunes, expires and encodes that slice, and nothing else
 * reads it. The processor calls every registered rule, in catalog order, through the same two
 * entry points: an event of the user, and a due time the rule asked for.
 *
 * <p>Implementations are listed by class name in {@link io.cartpulse.rules.RuleCatalog} and have a
 * public constructor taking {@link RuleSetup}.
 *
 * @param <S> the rule's slice of one user's state (mutable; loaded, changed, stored per event)
 */
public interface ShopperRule<S> {

  /** This rule's catalog entry: name, alert type, settings. */
  RuleDefinition definition();

  /**
   * The stable id of this rule's slice in the stored value. Never reuse an id of a removed rule:
   * values written by older releases may still hold its slice (it is skipped when unknown).
   */
  int sliceId();

  /** The encoding version {@link #write} produces; {@link #read} is told the version of the bytes it reads. */
  int sliceVersion();

  S newSlice();

  /** An event of this user, in arrival order, after every result due at or before its time was emitted. */
  void onEvent(Click click, S slice, RuleContext context);

  /** The clock reached a time this rule asked for with {@link RuleContext#wakeAt}. */
  default void onDue(S slice, RuleContext context) {}

  /**
   * Forgets every fact that can no longer change an alert at event time {@code now} or later, given
   * the task's clock (day-scoped facts follow the clock).
   */
  void prune(S slice, long now, long clock);

  /**
   * The earliest clock time at which every fact in the slice has expired ({@code Long.MAX_VALUE}
   * while the rule waits for a due time; the emission rewrites the value). Only asked when the slice
   * is not empty.
   */
  long expiresAt(S slice);

  boolean isEmpty(S slice);

  /** A clock time at or after {@code clock} at which this rule's slices expire all at once (a day roll-over). */
  default long nextRollover(long clock) {
    return Long.MAX_VALUE;
  }

  void write(S slice, SliceWriter out);

  /** Reads a slice written by this rule with encoding {@code version} (at most {@link #sliceVersion}). */
  S read(SliceReader in, int version);
}
