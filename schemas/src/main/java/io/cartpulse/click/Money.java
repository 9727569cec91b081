package io.cartpulse.click;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Money as exact cents (ALERTS.md section 1: price x 100, half-up; never floating point). */
public final class Money {
  private Money() {}

  public static long toCents(BigDecimal amount) {
    return amount.setScale(2, RoundingMode.HALF_UP).unscaledValue().longValueExact();
  }

  public static BigDecimal fromCents(long cents) {
    return BigDecimal.valueOf(cents, 2);
  }

  /** Two decimals, no grouping: 61240 -> "612.40". */
  public static String format(long cents) {
    return fromCents(cents).toPlainString();
  }

  /** A tier or threshold as people write it: 50000 -> "500", 25050 -> "250.5". */
  public static String formatPlain(long cents) {
    BigDecimal value = fromCents(cents).stripTrailingZeros();
    return value.scale() < 0 ? value.setScale(0).toPlainString() : value.toPlainString();
  }
}
