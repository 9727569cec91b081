package io.cartpulse.click;

/**
 * The four click types of ALERTS.md section 1, with their wire names and the stable codes state
 * stores them by (never the ordinal: reordering or adding a constant must not change stored state).
 */
public enum EventType {
  VIEW("view", 1),
  CART("cart", 2),
  REMOVE_FROM_CART("remove_from_cart", 3),
  PURCHASE("purchase", 4);

  private final String wireName;
  private final int code;

  EventType(String wireName, int code) {
    this.wireName = wireName;
    this.code = code;
  }

  /** The code stored state uses for this type; fixed forever. */
  public int code() {
    return code;
  }

  /** The type with this stored code. */
  public static EventType fromCode(int code) {
    return switch (code) {
      case 1 -> VIEW;
      case 2 -> CART;
      case 3 -> REMOVE_FROM_CART;
      case 4 -> PURCHASE;
      default -> throw new IllegalArgumentException("unknown event type code " + code);
    };
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
