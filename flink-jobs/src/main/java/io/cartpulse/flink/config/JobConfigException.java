package io.cartpulse.flink.config;

/** A configuration the job cannot run with; the message names the key, the value and the reason. */
public class JobConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public JobConfigException(String message) {
    super(message);
  }

  public JobConfigException(String key, String value, String reason) {
    super("Invalid configuration '" + key + "'" + (value == null ? "" : " = '" + value + "'") + ": " + reason);
  }
}
