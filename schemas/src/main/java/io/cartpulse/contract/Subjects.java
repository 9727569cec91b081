package io.cartpulse.contract;

/**
 * Schema Registry subject names: Confluent's TopicNameStrategy ({@code <topic>-value},
 * {@code <topic>-key}), which both engines and every tool use, so any Confluent-compatible
 * registry and client finds the schemas.
 */
public final class Subjects {
  private Subjects() {}

  /** The subject of a topic's record values, e.g. {@code alerts-value}. */
  public static String valueSubject(String topic) {
    return topic + "-value";
  }

  /** The subject of a topic's record keys, e.g. {@code alerts-key}. */
  public static String keySubject(String topic) {
    return topic + "-key";
  }

  public static String subject(String topic, boolean isKey) {
    return isKey ? keySubject(topic) : valueSubject(topic);
  }
}
