package io.cartpulse.click;

import io.cartpulse.avro.ClickEvent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * The validity rule of ALERTS.md section 1, shared by both engines and the backtest so that
 * a record is invalid in exactly one way everywhere.
 */
public final class ClickValidator {
  /**
   * The largest price the {@code ClickEvent} schema can carry (its decimal precision at scale 2). A larger
   * one would fail only later, when the record is serialized; here it is an invalid record like any other.
   */
  public static final BigDecimal MAX_PRICE = maxPrice();

  private ClickValidator() {}

  /**
   * The kinds of invalid record, a closed set so that dashboards can count dead letters by kind
   * ({@link #label()} is the metric label); {@link Invalid#reason()} is the readable sentence.
   * {@link #UNDECODABLE} is for bytes that are no {@code ClickEvent} at all (the decoders report it).
   */
  public enum Defect {
    UNDECODABLE("undecodable"),
    EMPTY("empty"),
    MISSING_USER_ID("missing-user-id"),
    MISSING_PRODUCT_ID("missing-product-id"),
    MISSING_EVENT_TYPE("missing-event-type"),
    UNKNOWN_EVENT_TYPE("unknown-event-type"),
    MISSING_EVENT_TIME("missing-event-time"),
    MISSING_PRICE("missing-price"),
    NEGATIVE_PRICE("negative-price"),
    PRICE_TOO_LARGE("price-too-large");

    private final String label;

    Defect(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** Why a record is invalid: its kind and a readable reason naming the field and value. */
  public record Invalid(Defect defect, String reason) {}

  /** Why {@code event} is invalid, or null when it may reach the rules. */
  public static String invalidReason(ClickEvent event) {
    Invalid invalid = check(event);
    return invalid == null ? null : invalid.reason();
  }

  /** What is wrong with {@code event}, or null when it may reach the rules. */
  public static Invalid check(ClickEvent event) {
    if (event == null) {
      return new Invalid(Defect.EMPTY, "empty record");
    }
    if (isMissing(event.getUserId())) {
      return new Invalid(Defect.MISSING_USER_ID, "missing userId");
    }
    if (isMissing(event.getProductId())) {
      return new Invalid(Defect.MISSING_PRODUCT_ID, "missing productId");
    }
    if (isMissing(event.getEventType())) {
      return new Invalid(Defect.MISSING_EVENT_TYPE, "missing eventType");
    }
    if (EventType.fromWireName(event.getEventType()) == null) {
      return new Invalid(Defect.UNKNOWN_EVENT_TYPE, "unknown eventType '" + shortened(event.getEventType()) + "'");
    }
    if (event.getEventTime() == null) {
      return new Invalid(Defect.MISSING_EVENT_TIME, "missing eventTime");
    }
    if (event.getPrice() == null) {
      return new Invalid(Defect.MISSING_PRICE, "missing price");
    }
    if (event.getPrice().signum() < 0) {
      return new Invalid(Defect.NEGATIVE_PRICE, "negative price " + shortened(event.getPrice().toPlainString()));
    }
    if (event.getPrice().compareTo(MAX_PRICE) > 0) {
      return new Invalid(Defect.PRICE_TOO_LARGE, "price " + shortened(event.getPrice().toPlainString())
          + " above the maximum " + MAX_PRICE.toPlainString());
    }
    return null;
  }

  private static BigDecimal maxPrice() {
    Schema price = ClickEvent.getClassSchema().getField("price").schema().getTypes().stream()
        .filter(type -> type.getType() != Schema.Type.NULL).findFirst().orElseThrow();
    LogicalTypes.Decimal decimal = (LogicalTypes.Decimal) price.getLogicalType();
    return BigDecimal.TEN.pow(decimal.getPrecision() - decimal.getScale())
        .subtract(BigDecimal.ONE.movePointLeft(decimal.getScale()))
        .setScale(decimal.getScale(), RoundingMode.UNNECESSARY);
  }

  /**
   * Missing and empty are the same for categoryCode, brand and userSession: empty ones become
   * null so no rule has to know. Returns the same instance, changed in place.
   */
  public static ClickEvent normalize(ClickEvent event) {
    if (event.getCategoryCode() != null && event.getCategoryCode().isEmpty()) {
      event.setCategoryCode(null);
    }
    if (event.getBrand() != null && event.getBrand().isEmpty()) {
      event.setBrand(null);
    }
    if (event.getUserSession() != null && event.getUserSession().isEmpty()) {
      event.setUserSession(null);
    }
    if (event.getCategoryId() != null && event.getCategoryId().isEmpty()) {
      event.setCategoryId(null);
    }
    return event;
  }

  /** The top-level category for PV/UV: the part before the first '.', or "none" when missing. */
  public static String topLevelCategory(String categoryCode) {
    if (categoryCode == null || categoryCode.isEmpty()) {
      return "none";
    }
    int dot = categoryCode.indexOf('.');
    return dot < 0 ? categoryCode : categoryCode.substring(0, dot);
  }

  /** Longest value a reason quotes in full. */
  static final int QUOTED_MAX = 64;

  /**
   * A value as a reason quotes it: a record's value can be a megabyte long, and the reason travels
   * as a dead-letter header next to the original bytes (a record must stay under the broker's limit).
   */
  static String shortened(String value) {
    return value.length() <= QUOTED_MAX ? value
        : value.substring(0, QUOTED_MAX) + "... (" + value.length() + " characters)";
  }

  private static boolean isMissing(String value) {
    return value == null || value.isEmpty();
  }
}
