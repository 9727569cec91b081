package io.cartpulse.streams.rules;

import io.cartpulse.rules.RuleCatalog;
import io.cartpulse.rules.RuleDefinition;
import io.cartpulse.settings.Setting;
import io.cartpulse.streams.state.SliceReader;
import io.cartpulse.streams.state.SliceWriter;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The streams-app's rules in evaluation order (the streams-app rules of {@link RuleCatalog}, each
 * built from the class its entry names), and the stored form of one user's state: one value per
 * user holding one versioned slice per rule.
 *
 * <pre>
 * value   = format(1 byte, = 2) expiresAt(8 bytes, big-endian) slice*
 * slice   = sliceId(varint) sliceVersion(varint) length(4 bytes) payload(length bytes, the rule's encoding)
 * </pre>
 *
 * A slice whose id no registered rule owns is skipped (a rule removed, or added by a newer release);
 * a rule whose slice is absent starts from an empty one; a slice written in a newer version than
 * its rule reads is refused (a downgrade would misread it). Format 1 values (release 0.1.0: one
 * record of every rule's facts, event types as enum ordinals) are read by {@link Release010State}.
 * {@code expiresAt} sits at the same offset in both formats, so a sweep reads it without decoding.
 */
public final class ShopperRules {
  static final int FORMAT = 2;
  static final int EXPIRES_AT_OFFSET = 1;

  private final List<ShopperRule<Object>> rules;
  private final ShopperRule<Object>[] bySliceId;
  private final SliceWriter writer = new SliceWriter();

  @SuppressWarnings("unchecked")
  public ShopperRules(List<? extends ShopperRule<?>> rules) {
    this.rules = new ArrayList<>();
    int maxId = 0;
    for (ShopperRule<?> rule : rules) {
      this.rules.add((ShopperRule<Object>) rule);
      maxId = Math.max(maxId, rule.sliceId());
    }
    this.bySliceId = new ShopperRule[maxId + 1];
    for (ShopperRule<Object> rule : this.rules) {
      if (rule.sliceId() < 1 || bySliceId[rule.sliceId()] != null) {
        throw new IllegalArgumentException("slice id " + rule.sliceId() + " of " + rule.definition()
            + " is not positive or not unique");
      }
      bySliceId[rule.sliceId()] = rule;
    }
  }

  /** The streams-app rules of the catalog, in catalog order, built with {@code setup}. */
  public static ShopperRules fromCatalog(RuleSetup setup) {
    List<ShopperRule<?>> rules = new ArrayList<>();
    for (RuleDefinition definition : RuleCatalog.of(Setting.Engine.STREAMS)) {
      rules.add(instantiate(definition, setup));
    }
    return new ShopperRules(rules);
  }

  private static ShopperRule<?> instantiate(RuleDefinition definition, RuleSetup setup) {
    try {
      Object rule = Class.forName(definition.implementation()).getConstructor(RuleSetup.class).newInstance(setup);
      if (!(rule instanceof ShopperRule<?> shopperRule) || shopperRule.definition() != definition) {
        throw new IllegalStateException(definition.implementation() + " is not the ShopperRule of " + definition);
      }
      return shopperRule;
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("rule " + definition + ": cannot build " + definition.implementation()
          + " (a public constructor taking RuleSetup is needed)", e);
    }
  }

  public List<ShopperRule<Object>> rules() {
    return rules;
  }

  /** A user with no state yet. */
  public UserState newState() {
    return new UserState(rules);
  }

  /** The state of a stored value (either format). */
  public UserState decode(byte[] data) {
    if (data.length < 9) {
      throw new SerializationException("user-rule-state: value of " + data.length + " bytes is too short");
    }
    int format = data[0] & 0xFF;
    if (format == Release010State.FORMAT) {
      return Release010State.read(data, this);
    }
    if (format != FORMAT) {
      throw new SerializationException("user-rule-state: unknown value format " + format
          + " (written by a newer release? this one reads formats 1 and 2)");
    }
    UserState state = newState();
    SliceReader in = new SliceReader(data, 9, data.length);
    while (in.position() < data.length) {
      long id = in.readUnsigned();
      long version = in.readUnsigned();
      int length = in.readFixedInt();
      int end = in.position() + length;
      if (length < 0 || end > data.length) {
        throw new SerializationException("user-rule-state: slice " + id + " runs past the end of the value");
      }
      ShopperRule<Object> rule = id < bySliceId.length ? bySliceId[(int) id] : null;
      if (rule != null) {
        if (version > rule.sliceVersion()) {
          throw new SerializationException("user-rule-state: slice of " + rule.definition() + " has version "
              + version + ", this release reads up to " + rule.sliceVersion() + " (written by a newer release)");
        }
        Object slice = rule.read(new SliceReader(data, in.position(), end), (int) version);
        state.set(rules.indexOf(rule), slice);
      }
      in.skipTo(end);
    }
    return state;
  }

  /** The stored value of {@code state}; {@code expiresAt} is the clock time from which it may be deleted. */
  public byte[] encode(UserState state, long expiresAt) {
    SliceWriter out = writer;
    out.reset();
    out.writeByte(FORMAT);
    out.writeFixedLong(expiresAt);
    for (int i = 0; i < rules.size(); i++) {
      Object slice = state.peek(i);
      ShopperRule<Object> rule = rules.get(i);
      if (slice == null || rule.isEmpty(slice)) {
        continue;
      }
      out.writeUnsigned(rule.sliceId());
      out.writeUnsigned(rule.sliceVersion());
      int lengthAt = out.reserveLength();
      rule.write(slice, out);
      out.fillLength(lengthAt);
    }
    return out.copy();
  }

  /** The expiry time of a stored value (either format), read without decoding the rest. */
  public static long expiresAt(byte[] data) {
    return new SliceReader(data, EXPIRES_AT_OFFSET, EXPIRES_AT_OFFSET + 8).readFixedLong();
  }

  /** The rule of a class, or null when it is not registered (legacy reading). */
  <R extends ShopperRule<?>> int indexOf(Class<R> type) {
    for (int i = 0; i < rules.size(); i++) {
      if (type.isInstance(rules.get(i))) {
        return i;
      }
    }
    return -1;
  }
}
