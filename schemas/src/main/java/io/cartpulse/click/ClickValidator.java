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

  /** Why {@code event} is invalid, or null when it may reach the rules. */
  public static String invalidReason(ClickEvent event) {
    if (event == null) {
      return "empty record";
    }
    if (isMissing(event.getUserId())) {
      return "missing userId";
    }
    if (isMissing(event.getProductId())) {
      return "missing productId";
    }
    if (isMissing(event.getEventType())) {
      return "missing eventType";
    }
    if (EventType.fromWireName(event.getEventType()) == null) {
      return "unknown eventType '" + event.getEventType() + "'";
    }
    if (event.getEventTime() == null) {
      return "missing eventTime";
    }
    if (event.getPrice() == null) {
      return "missing price";
    }
    if (event.getPrice().signum() < 0) {
      return "negative price " + event.getPrice().toPlainString();
    }
    if (event.getPrice().compareTo(MAX_PRICE) > 0) {
      return "price " + event.getPrice().toPlainString() + " above the maximum " + MAX_PRICE.toPlainString();
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

  private static boolean isMissing(String value) {
    return value == null || value.isEmpty();
  }
}
