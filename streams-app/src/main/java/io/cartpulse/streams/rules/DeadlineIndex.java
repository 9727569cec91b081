package io.cartpulse.streams.rules;

/**
 * Where open CART_ABANDONMENT items are indexed by due time, so the processor can find every item
 * due at or before the clock without scanning all users.
 */
public interface DeadlineIndex {
  void add(long due, String userId, String productId);

  void remove(long due, String userId, String productId);

  /** An index that records nothing (unit tests of the rules alone). */
  DeadlineIndex NONE = new DeadlineIndex() {
    @Override
    public void add(long due, String userId, String productId) {}

    @Override
    public void remove(long due, String userId, String productId) {}
  };
}
