package io.cartpulse.registry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * A {@link BinaryDecoder} over a byte array that refuses any string, bytes, map or array length
 * larger than the bytes left, before anything is allocated.
 *
 * <p>Why: Avro allocates what a length prefix claims. A corrupt 10-byte record whose first string
 * claims a length of 1,000,000,000 makes a plain decoder allocate a gigabyte (or throw
 * {@link OutOfMemoryError}) before noticing the body is short, so one poison record would kill the
 * consuming thread instead of reaching the dead-letter path. Every map entry and every array item
 * of the CartPulse schemas takes at least one byte, so an item count above the bytes left is
 * corrupt too. Everything else is delegated unchanged.
 */
final class BoundedBinaryDecoder extends Decoder {

  private final BinaryDecoder in;

  /** {@code in} must read from a byte array (its {@code inputStream().available()} is then exact). */
  BoundedBinaryDecoder(BinaryDecoder in) {
    this.in = in;
  }

  private int remaining() throws IOException {
    return in.inputStream().available();
  }

  private int checkedLength(String what) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      throw new AvroRuntimeException("Malformed data: " + what + " length is negative: " + length);
    }
    int left = remaining();
    if (length > left) {
      throw new AvroRuntimeException("Malformed data: a " + what + " of " + length + " bytes cannot fit in the "
          + left + " bytes left");
    }
    return length;
  }

  private long checkedCount(long count, String what) throws IOException {
    int left = remaining();
    if (count > left) {
      throw new AvroRuntimeException("Malformed data: " + count + " " + what + " items cannot fit in the "
          + left + " bytes left");
    }
    return count;
  }

  @Override
  public Utf8 readString(Utf8 old) throws IOException {
    int length = checkedLength("string");
    Utf8 result = old != null ? old : new Utf8();
    result.setByteLength(length);
    if (length > 0) {
      in.readFixed(result.getBytes(), 0, length);
    }
    return result;
  }

  @Override
  public String readString() throws IOException {
    int length = checkedLength("string");
    if (length == 0) {
      return "";
    }
    byte[] bytes = new byte[length];
    in.readFixed(bytes, 0, length);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public ByteBuffer readBytes(ByteBuffer old) throws IOException {
    int length = checkedLength("bytes value");
    ByteBuffer result;
    if (old != null && old.hasArray() && !old.isReadOnly() && length <= old.capacity()) {
      result = old;
      result.clear();
    } else {
      result = ByteBuffer.allocate(length);
    }
    in.readFixed(result.array(), result.arrayOffset() + result.position(), length);
    result.limit(length);
    return result;
  }

  @Override
  public long readArrayStart() throws IOException {
    return checkedCount(in.readArrayStart(), "array");
  }

  @Override
  public long arrayNext() throws IOException {
    return checkedCount(in.arrayNext(), "array");
  }

  @Override
  public long readMapStart() throws IOException {
    return checkedCount(in.readMapStart(), "map");
  }

  @Override
  public long mapNext() throws IOException {
    return checkedCount(in.mapNext(), "map");
  }

  @Override
  public void readNull() throws IOException {
    in.readNull();
  }

  @Override
  public boolean readBoolean() throws IOException {
    return in.readBoolean();
  }

  @Override
  public int readInt() throws IOException {
    return in.readInt();
  }

  @Override
  public long readLong() throws IOException {
    return in.readLong();
  }

  @Override
  public float readFloat() throws IOException {
    return in.readFloat();
  }

  @Override
  public double readDouble() throws IOException {
    return in.readDouble();
  }

  @Override
  public void skipString() throws IOException {
    in.skipString();
  }

  @Override
  public void skipBytes() throws IOException {
    in.skipBytes();
  }

  @Override
  public void readFixed(byte[] bytes, int start, int length) throws IOException {
    in.readFixed(bytes, start, length);
  }

  @Override
  public void skipFixed(int length) throws IOException {
    in.skipFixed(length);
  }

  @Override
  public int readEnum() throws IOException {
    return in.readEnum();
  }

  @Override
  public long skipArray() throws IOException {
    return in.skipArray();
  }

  @Override
  public long skipMap() throws IOException {
    return in.skipMap();
  }

  @Override
  public int readIndex() throws IOException {
    return in.readIndex();
  }
}
