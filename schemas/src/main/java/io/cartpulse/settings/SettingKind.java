package io.cartpulse.settings;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How the text of a setting becomes a value, exactly as ALERTS.md section 8 writes it for the
 * run-time keys ({@code true}/{@code false} exactly, money with up to two decimals in cents, whole
 * numbers, tiers, a positive decimal). Hand-written because those grammars are stricter than
 * Kafka's or Flink's own types (which would take {@code 1e3} or a floating-point factor).
 *
 * @param <T> the parsed value
 */
public interface SettingKind<T> {

  /** The value of {@code text}, or an {@link IllegalArgumentException} whose message says what is wrong. */
  T parse(String text);

  /** What a valid value looks like, for messages and docs ("true or false", "an amount like 200.00"). */
  String describe();

  /** The canonical text of a value (parse(format(v)) equals v). */
  default String format(T value) {
    return String.valueOf(value);
  }

  Pattern DIGITS = Pattern.compile("[0-9]+");
  Pattern MONEY = Pattern.compile("([0-9]+)(?:\\.([0-9]{1,2}))?");
  Pattern DECIMAL = Pattern.compile("[0-9]+(?:\\.[0-9]+)?");
  /** Whole amounts beyond this are refused: their cents would not fit a long with room to add. */
  int MAX_DIGITS = 15;

  SettingKind<Boolean> BOOLEAN = new SettingKind<>() {
    @Override
    public Boolean parse(String text) {
      if ("true".equals(text)) {
        return true;
      }
      if ("false".equals(text)) {
        return false;
      }
      throw new IllegalArgumentException("expected true or false");
    }

    @Override
    public String describe() {
      return "true or false";
    }
  };

  /** Money in exact cents: digits with up to two decimals ({@code 150}, {@code 150.5}, {@code 150.00}). */
  SettingKind<Long> MONEY_CENTS = new SettingKind<>() {
    @Override
    public Long parse(String text) {
      var m = MONEY.matcher(text);
      if (!m.matches()) {
        throw new IllegalArgumentException("expected an amount like 200.00 (digits, up to 2 decimals)");
      }
      if (m.group(1).length() > MAX_DIGITS) {
        throw new IllegalArgumentException("amount too large");
      }
      String decimals = m.group(2) == null ? "" : m.group(2);
      return Long.parseLong(m.group(1)) * 100 + (decimals.isEmpty() ? 0 : Long.parseLong((decimals + "0").substring(0, 2)));
    }

    @Override
    public String describe() {
      return "an amount like 200.00 (digits, up to 2 decimals)";
    }

    @Override
    public String format(Long cents) {
      return BigDecimal.valueOf(cents, 2).toPlainString();
    }
  };

  /** Coupon tiers: whole amounts >= 1, comma-separated, spaces allowed, no duplicates; ascending cents. */
  SettingKind<long[]> TIERS_CENTS = new SettingKind<>() {
    @Override
    public long[] parse(String text) {
      String[] parts = text.split(",", -1);
      long[] cents = new long[parts.length];
      for (int i = 0; i < parts.length; i++) {
        String part = parts[i].strip();
        if (!DIGITS.matcher(part).matches()) {
          throw new IllegalArgumentException("expected whole amounts like 200,500,1000, got '" + parts[i] + "'");
        }
        if (part.length() > MAX_DIGITS) {
          throw new IllegalArgumentException("tier too large: " + part);
        }
        long amount = Long.parseLong(part);
        if (amount < 1) {
          throw new IllegalArgumentException("tiers must be at least 1, got " + part);
        }
        cents[i] = amount * 100;
      }
      long[] sorted = cents.clone();
      Arrays.sort(sorted);
      for (int i = 1; i < sorted.length; i++) {
        if (sorted[i] == sorted[i - 1]) {
          throw new IllegalArgumentException("tier " + sorted[i] / 100 + " appears twice");
        }
      }
      return sorted;
    }

    @Override
    public String describe() {
      return "whole amounts >= 1, comma-separated, e.g. 200,500,1000";
    }

    @Override
    public String format(long[] cents) {
      StringBuilder text = new StringBuilder();
      for (long c : cents) {
        text.append(text.length() == 0 ? "" : ",").append(c / 100);
      }
      return text.toString();
    }
  };

  /** A decimal > 0 ({@code 3}, {@code 3.0}, {@code 2.75}), kept exact. */
  SettingKind<BigDecimal> POSITIVE_DECIMAL = new SettingKind<>() {
    @Override
    public BigDecimal parse(String text) {
      if (!DECIMAL.matcher(text).matches() || text.length() > 40) {
        throw new IllegalArgumentException("expected a decimal number like 3.0");
      }
      BigDecimal value = new BigDecimal(text);
      if (value.signum() <= 0) {
        throw new IllegalArgumentException("must be greater than 0");
      }
      return value;
    }

    @Override
    public String describe() {
      return "a decimal number > 0, like 3.0";
    }

    @Override
    public String format(BigDecimal value) {
      return value.toPlainString();
    }
  };

  /** A whole number (digits only) within [min, max]. */
  static SettingKind<Long> wholeNumber(long min, long max) {
    return new SettingKind<>() {
      @Override
      public Long parse(String text) {
        if (!DIGITS.matcher(text).matches()) {
          throw new IllegalArgumentException("expected a whole number");
        }
        if (text.length() > 18 || Long.parseLong(text) > max) {
          throw new IllegalArgumentException("must be at most " + max);
        }
        long value = Long.parseLong(text);
        if (value < min) {
          throw new IllegalArgumentException("must be at least " + min);
        }
        return value;
      }

      @Override
      public String describe() {
        return max == Long.MAX_VALUE ? "a whole number >= " + min : "a whole number from " + min + " to " + max;
      }
    };
  }

  /** A positive duration: ISO-8601 ({@code PT5M}, {@code P7D}) or milliseconds; at least {@code unitMs} and a multiple of it. */
  static SettingKind<Duration> duration(Duration unit) {
    return new SettingKind<>() {
      @Override
      public Duration parse(String text) {
        Duration value;
        try {
          value = DIGITS.matcher(text).matches() ? Duration.ofMillis(Long.parseLong(text))
              : Duration.parse(text.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
          throw new IllegalArgumentException("expected an ISO-8601 duration like PT5M or P7D (or milliseconds)");
        }
        if (value.isNegative() || value.isZero() || value.toMillis() == 0) {
          throw new IllegalArgumentException("must be at least 1 millisecond");
        }
        if (value.toMillis() % unit.toMillis() != 0) {
          throw new IllegalArgumentException("must be a whole number of " + describeUnit(unit));
        }
        return value;
      }

      @Override
      public String describe() {
        return "an ISO-8601 duration like PT5M" + (unit.toMillis() == 1 ? "" : " (whole " + describeUnit(unit) + ")");
      }

      @Override
      public String format(Duration value) {
        return value.toString();
      }
    };
  }

  private static String describeUnit(Duration unit) {
    return unit.equals(Duration.ofMinutes(1)) ? "minutes" : unit.toMillis() + " ms units";
  }

  SettingKind<ZoneId> ZONE = new SettingKind<>() {
    @Override
    public ZoneId parse(String text) {
      try {
        return ZoneId.of(text);
      } catch (DateTimeException e) {
        throw new IllegalArgumentException("unknown time zone (use an id like UTC or Europe/Berlin)");
      }
    }

    @Override
    public String describe() {
      return "a time zone id like UTC or Europe/Berlin";
    }

    @Override
    public String format(ZoneId value) {
      return value.getId();
    }
  };

  /** Any non-blank text. */
  SettingKind<String> TEXT = new SettingKind<>() {
    @Override
    public String parse(String text) {
      if (text.isBlank()) {
        throw new IllegalArgumentException("must not be empty");
      }
      return text;
    }

    @Override
    public String describe() {
      return "text";
    }
  };

  /** One of the given words (case-sensitive, as written). */
  static SettingKind<String> oneOf(String... choices) {
    List<String> allowed = List.of(choices);
    return new SettingKind<>() {
      @Override
      public String parse(String text) {
        if (!allowed.contains(text)) {
          throw new IllegalArgumentException("expected " + String.join(" or ", allowed));
        }
        return text;
      }

      @Override
      public String describe() {
        return String.join(" | ", allowed);
      }
    };
  }
}
