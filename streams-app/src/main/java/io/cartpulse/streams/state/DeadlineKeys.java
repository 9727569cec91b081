package io.cartpulse.streams.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * Time-ordered keys. Keys of the {@code abandonment-deadlines} index: due time (8 bytes big-endian with the sign bit
 * flipped, so unsigned byte order is time order for every long), the user id's length (4 bytes), the user id, the product id
 * (both UTF-8). Iterating the store from the start visits items in due order.
 */
public final class DeadlineKeys {
  private DeadlineKeys() {}

  public static Bytes key(long due, String userId, String productId) {
    byte[] user = userId.getBytes(StandardCharsets.UTF_8);
    byte[] product = productId.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buffer = ByteBuffer.allocate(12 + user.length + product.length);
    buffer.putLong(due ^ Long.MIN_VALUE).putInt(user.length).put(user).put(product);
    return Bytes.wrap(buffer.array());
  }

  /** Sorts before every key due at {@code due} and after every key due earlier. */
  public static Bytes lowerBound(long due) {
    return Bytes.wrap(ByteBuffer.allocate(8).putLong(due ^ Long.MIN_VALUE).array());
  }

  public static long due(Bytes key) {
    return ByteBuffer.wrap(key.get()).getLong(0) ^ Long.MIN_VALUE;
  }

  /** A key of the {@code user-expiry} index: expiry bucket (8 bytes, sign-flipped), then the user id. */
  public static Bytes expiryKey(long bucket, String userId) {
    byte[] user = userId.getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(ByteBuffer.allocate(8 + user.length).putLong(bucket ^ Long.MIN_VALUE).put(user).array());
  }

  public static String expiryUserId(Bytes key) {
    byte[] bytes = key.get();
    return new String(bytes, 8, bytes.length - 8, StandardCharsets.UTF_8);
  }

  public static String userId(Bytes key) {
    byte[] bytes = key.get();
    int length = ByteBuffer.wrap(bytes).getInt(8);
    return new String(bytes, 12, length, StandardCharsets.UTF_8);
  }

  public static String productId(Bytes key) {
    byte[] bytes = key.get();
    int length = ByteBuffer.wrap(bytes).getInt(8);
    return new String(bytes, 12 + length, bytes.length - 12 - length, StandardCharsets.UTF_8);
  }
}
