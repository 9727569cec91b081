package io.cartpulse.click;

/** The four click types of ALERTS.md section 1, with their wire names. */
public enum EventType {
  VIEW("view"),
  CART("cart"),
  REMOVE_FROM_CART("remove_from_cart"),
  PURCHASE("purchase");

  private final String wireName;

  EventType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The type with this wire name, or null when it is not one of the four. */
  public static EventType fromWireName(String name) {
    if (name == null) {
      return null;
    }
    return switch (name) {
      case "view" -> VIEW;
      case "cart" -> CART;
      case "remove_from_cart" -> REMOVE_FROM_CART;
      case "purchase" -> PURCHASE;
      default -> null;
    };
  }
}
