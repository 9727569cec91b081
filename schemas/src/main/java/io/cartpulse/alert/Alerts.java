package io.cartpulse.alert;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Builds {@link Alert} records the same way in both engines (ALERTS.md section 5).
 *
 * <p>The id is a name-based UUID of what makes the alert unique: type, user, product, event
 * time and a discriminator (the tier of a coupon; empty otherwise). Replaying the same input
 * therefore yields the same ids across runs, restarts and engines, and a duplicate written
 * after a crash is recognisable downstream.
 */
public final class Alerts {
  public static final String SOURCE_STREAMS = "streams-app";
  public static final String SOURCE_FLINK = "flink-jobs";

  private Alerts() {}

  public static String alertId(AlertType type, String userId, String productId, long eventTime, String discriminator) {
    String name = type.name() + '|' + nullToEmpty(userId) + '|' + nullToEmpty(productId) + '|' + eventTime + '|'
        + nullToEmpty(discriminator);
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }

  public static Alert create(AlertType type, String userId, String userSession, String productId, long eventTime,
      long detectedAt, String source, String message, Map<String, String> attributes, String discriminator) {
    return Alert.newBuilder()
        .setAlertId(alertId(type, userId, productId, eventTime, discriminator))
        .setType(type)
        .setUserId(userId)
        .setUserSession(userSession)
        .setProductId(productId)
        .setEventTime(Instant.ofEpochMilli(eventTime))
        .setDetectedAt(Instant.ofEpochMilli(detectedAt))
        .setSource(source)
        .setMessage(message)
        .setAttributes(Map.copyOf(attributes))
        .build();
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
