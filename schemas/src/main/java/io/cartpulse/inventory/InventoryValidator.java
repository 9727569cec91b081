package io.cartpulse.inventory;

import io.cartpulse.avro.InventoryLevel;

/**
 * The validity rule of inventory levels (ALERTS.md section 7, with section 1's rules for what
 * happens to an invalid one): productId, available and eventTime are required, available is a
 * whole number 0 .. 2^31-1. Shared by the streams-app (inventory-dlq) and the backtest.
 */
public final class InventoryValidator {
  /** The largest level: 2^31-1. */
  public static final long MAX_AVAILABLE = Integer.MAX_VALUE;

  private InventoryValidator() {}

  /** The kinds of invalid level; {@link #label()} is the metric label. */
  public enum Defect {
    UNDECODABLE("undecodable"),
    EMPTY("empty"),
    MISSING_PRODUCT_ID("missing-product-id"),
    MISSING_AVAILABLE("missing-available"),
    BAD_AVAILABLE("bad-available"),
    MISSING_EVENT_TIME("missing-event-time"),
    BAD_EVENT_TIME("bad-event-time");

    private final String label;

    Defect(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** Why a level is invalid: its kind and a readable reason naming the field and value. */
  public record Invalid(Defect defect, String reason) {}

  /** What is wrong with {@code level}, or null when it is valid. */
  public static Invalid check(InventoryLevel level) {
    if (level == null) {
      return new Invalid(Defect.EMPTY, "empty record");
    }
    if (level.getProductId() == null || level.getProductId().isEmpty()) {
      return new Invalid(Defect.MISSING_PRODUCT_ID, "missing productId");
    }
    if (level.getAvailable() == null) {
      return new Invalid(Defect.MISSING_AVAILABLE, "missing available");
    }
    long available = level.getAvailable();
    if (available < 0 || available > MAX_AVAILABLE) {
      return new Invalid(Defect.BAD_AVAILABLE, "available " + available + " outside 0 .. " + MAX_AVAILABLE);
    }
    if (level.getEventTime() == null) {
      return new Invalid(Defect.MISSING_EVENT_TIME, "missing eventTime");
    }
    return null;
  }

  /** Why {@code level} is invalid, or null. */
  public static String invalidReason(InventoryLevel level) {
    Invalid invalid = check(level);
    return invalid == null ? null : invalid.reason();
  }

  /**
   * The text form of available (CSV): decimal digits only after trimming spaces ({@code 7.0},
   * {@code +7}, {@code 1e3} are not). Returns the value, capped at {@code MAX_AVAILABLE + 1} when it is
   * larger (out of range either way), or null when the text is not digits.
   */
  public static Long parseAvailable(String text) {
    String digits = text.strip();
    if (digits.isEmpty()) {
      return null;
    }
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    int first = 0;
    while (first < digits.length() - 1 && digits.charAt(first) == '0') {
      first++;
    }
    String significant = digits.substring(first);
    return significant.length() > 10 ? MAX_AVAILABLE + 1 : Math.min(Long.parseLong(significant), MAX_AVAILABLE + 1);
  }
}
