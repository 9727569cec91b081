package io.cartpulse.streams.rules;

import java.util.List;

/** One user's state while an event or due time is handled: one slice per registered rule, made on first use. */
public final class UserState {
  private final List<ShopperRule<Object>> rules;
  private final Object[] slices;

  UserState(List<ShopperRule<Object>> rules) {
    this.rules = rules;
    this.slices = new Object[rules.size()];
  }

  /** The slice of rule {@code index} (in {@link ShopperRules#rules()} order), created empty when absent. */
  public Object slice(int index) {
    Object slice = slices[index];
    if (slice == null) {
      slice = rules.get(index).newSlice();
      slices[index] = slice;
    }
    return slice;
  }

  /** The slice of rule {@code index}, or null when it was neither stored nor used. */
  public Object peek(int index) {
    return slices[index];
  }

  void set(int index, Object slice) {
    slices[index] = slice;
  }

  /** Nothing left in any slice: the stored value can be deleted. */
  public boolean isEmpty() {
    for (int i = 0; i < slices.length; i++) {
      if (slices[i] != null && !rules.get(i).isEmpty(slices[i])) {
        return false;
      }
    }
    return true;
  }

  /** When every fact has expired: the latest expiry of the non-empty slices (Long.MIN_VALUE when empty). */
  public long expiresAt() {
    long at = Long.MIN_VALUE;
    for (int i = 0; i < slices.length; i++) {
      if (slices[i] != null && !rules.get(i).isEmpty(slices[i])) {
        at = Math.max(at, rules.get(i).expiresAt(slices[i]));
      }
    }
    return at;
  }
}
