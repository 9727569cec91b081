package io.cartpulse.streams.products;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of {@code product-viewers}: the product id's length (4 bytes) and UTF-8 bytes, the day (8 bytes
 * big-endian, sign bit flipped so that byte order is day order), the user id (UTF-8). A product's viewers
 * of one day are the keys from {@code dayStart(product, day)} up to {@code dayStart(product, day + 1)}.
 */
final class ViewerKeys {
  private ViewerKeys() {}

  static Bytes key(String productId, long day, String userId) {
    byte[] user = userId.getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(prefix(productId, day, user.length).put(user).array());
  }

  static Bytes dayStart(String productId, long day) {
    return Bytes.wrap(prefix(productId, day, 0).array());
  }

  private static ByteBuffer prefix(String productId, long day, int extra) {
    byte[] product = productId.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + product.length + 8 + extra).putInt(product.length).put(product)
        .putLong(day ^ Long.MIN_VALUE);
  }
}
