package io.cartpulse.streams.state;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;

/** Reads what {@link SliceWriter} wrote; a value that ends too early fails with a clear message. */
public final class SliceReader {
  private final byte[] data;
  private int position;
  private final int limit;

  public SliceReader(byte[] data, int from, int limit) {
    this.data = data;
    this.position = from;
    this.limit = limit;
  }

  public int position() {
    return position;
  }

  public void skipTo(int to) {
    position = to;
  }

  private void need(int n) {
    if (position + n > limit) {
      throw new SerializationException("user-rule-state: truncated value (needs " + n + " more bytes at " + position
          + ", slice ends at " + limit + ")");
    }
  }

  public int readByte() {
    need(1);
    return data[position++] & 0xFF;
  }

  public long readFixedLong() {
    need(8);
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (data[position++] & 0xFF);
    }
    return value;
  }

  public int readFixedInt() {
    need(4);
    int value = 0;
    for (int i = 0; i < 4; i++) {
      value = (value << 8) | (data[position++] & 0xFF);
    }
    return value;
  }

  public long readLong() {
    long v = readUnsigned();
    return (v >>> 1) ^ -(v & 1);
  }

  public long readUnsigned() {
    long v = 0;
    int shift = 0;
    int b;
    do {
      need(1);
      b = data[position++];
      v |= (long) (b & 0x7F) << shift;
      shift += 7;
    } while (b < 0 && shift < 70);
    return v;
  }

  /** A count or size: a varint that must fit an int and be non-negative. */
  public int readCount() {
    long v = readUnsigned();
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw new SerializationException("user-rule-state: bad count " + v + " at " + position);
    }
    return (int) v;
  }

  public String readString() {
    return readUtf8(readUnsigned());
  }

  /** A string of {@code lengthPlusOne - 1} UTF-8 bytes, or null when {@code lengthPlusOne} is 0. */
  public String readUtf8(long lengthPlusOne) {
    if (lengthPlusOne == 0) {
      return null;
    }
    if (lengthPlusOne < 0 || lengthPlusOne > Integer.MAX_VALUE) {
      throw new SerializationException("user-rule-state: bad string length " + lengthPlusOne + " at " + position);
    }
    int n = (int) (lengthPlusOne - 1);
    need(n);
    String value = new String(data, position, n, StandardCharsets.UTF_8);
    position += n;
    return value;
  }
}
