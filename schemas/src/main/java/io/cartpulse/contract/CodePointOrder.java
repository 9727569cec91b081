package io.cartpulse.contract;

import java.util.Comparator;

/**
 * String order wherever ALERTS.md sorts or breaks ties by an id (section 7): Unicode code point
 * order, the same as UTF-8 byte order. {@link String#compareTo} compares UTF-16 units instead, which
 * puts a supplementary character (a surrogate pair, 0xD800..0xDFFF) before U+E000..U+FFFF.
 */
public final class CodePointOrder {
  /** Code point order; null is not allowed. */
  public static final Comparator<String> COMPARATOR = CodePointOrder::compare;

  private CodePointOrder() {}

  public static int compare(String a, String b) {
    int length = Math.min(a.length(), b.length());
    for (int i = 0; i < length; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        // Below the surrogates and between two surrogates, UTF-16 order is code point order; a
        // surrogate (part of a code point >= 0x10000) sorts after every unit 0xE000..0xFFFF.
        if (Character.isSurrogate(x) != Character.isSurrogate(y) && (x >= 0xE000 || y >= 0xE000)) {
          return Character.isSurrogate(x) ? 1 : -1;
        }
        return Character.compare(x, y);
      }
    }
    return Integer.compare(a.length(), b.length());
  }
}
