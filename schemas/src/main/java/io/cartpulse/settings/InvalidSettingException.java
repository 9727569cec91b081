package io.cartpulse.settings;

/** A setting or settings record that cannot be used; the message names the key (or line) and says why. */
public class InvalidSettingException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String key;

  public InvalidSettingException(String key, String value, String reason) {
    super(key + ": " + reason + (value == null ? "" : ", got '" + value + "'"));
    this.key = key;
  }

  public InvalidSettingException(String message) {
    super(message);
    this.key = null;
  }

  /** The key at fault, or null when the problem is not one key's. */
  public String key() {
    return key;
  }
}
