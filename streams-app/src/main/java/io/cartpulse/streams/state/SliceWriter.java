package io.cartpulse.streams.state;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the compact binary form of state values: zig-zag varints for times and cents (deltas
 * where the caller chooses), length-prefixed UTF-8 strings (0 = null). One writer per processor,
 * reused for every value (a stream thread never interleaves two writes).
 */
public final class SliceWriter {
  private byte[] buffer = new byte[256];
  private int position;

  public void reset() {
    position = 0;
  }

  public int position() {
    return position;
  }

  public byte[] copy() {
    return Arrays.copyOf(buffer, position);
  }

  private void ensure(int extra) {
    if (position + extra > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, position + extra));
    }
  }

  public void writeByte(int value) {
    ensure(1);
    buffer[position++] = (byte) value;
  }

  /** Big-endian, fixed 8 bytes (readable without decoding the rest of the value). */
  public void writeFixedLong(long value) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buffer[position++] = (byte) (value >>> shift);
    }
  }

  /** Zig-zag varint: small magnitudes of either sign take few bytes. */
  public void writeLong(long value) {
    writeUnsigned((value << 1) ^ (value >> 63));
  }

  public void writeUnsigned(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buffer[position++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buffer[position++] = (byte) v;
  }

  public void writeString(String value) {
    if (value == null) {
      writeUnsigned(0);
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    writeUnsigned(bytes.length + 1L);
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buffer, position, bytes.length);
    position += bytes.length;
  }

  /** Reserves a 4-byte length, to be filled in by {@link #fillLength} once the slice is written. */
  public int reserveLength() {
    ensure(4);
    int at = position;
    position += 4;
    return at;
  }

  public void fillLength(int at) {
    int length = position - at - 4;
    buffer[at] = (byte) (length >>> 24);
    buffer[at + 1] = (byte) (length >>> 16);
    buffer[at + 2] = (byte) (length >>> 8);
    buffer[at + 3] = (byte) length;
  }
}
