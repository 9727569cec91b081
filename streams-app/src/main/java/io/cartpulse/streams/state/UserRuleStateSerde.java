package io.cartpulse.streams.state;

import io.cartpulse.click.EventType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Compact binary form of {@link UserRuleState} for the store and its changelog: a version byte,
 * the time at which everything in the value has expired (8 bytes, big-endian, so a sweep can
 * decide to delete an entry without decoding it), presence flags, zig-zag varints for times and cents (views delta-encoded), length-prefixed
 * UTF-8 strings. A typical user is a few dozen bytes. One instance serves every store built from
 * a topology, so the write buffer is per thread (tasks of one thread never interleave calls).
 */
public final class UserRuleStateSerde implements Serde<UserRuleState>, Serializer<UserRuleState>,
    Deserializer<UserRuleState> {

  static final byte VERSION = 1;
  private static final EventType[] TYPES = EventType.values();

  private static final ThreadLocal<UserRuleStateSerde> WRITERS = ThreadLocal.withInitial(UserRuleStateSerde::new);

  private byte[] buffer;
  private int position;

  /** Offset of the 8-byte expiry time in a serialized value. */
  static final int EXPIRES_AT_OFFSET = 1;

  @Override
  public byte[] serialize(String topic, UserRuleState state) {
    return serialize(state, Long.MAX_VALUE);
  }

  /** {@code expiresAt}: the clock time from which the whole value may be deleted. */
  public byte[] serialize(UserRuleState state, long expiresAt) {
    return state == null ? null : WRITERS.get().write(state, expiresAt);
  }

  /** The expiry time of a serialized value, read without decoding the rest. */
  public static long expiresAt(byte[] data) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (data[EXPIRES_AT_OFFSET + i] & 0xFF);
    }
    return value;
  }

  private byte[] write(UserRuleState state, long expiresAt) {
    if (buffer == null) {
      buffer = new byte[256];
    }
    position = 0;
    writeByte(VERSION);
    for (int shift = 56; shift >= 0; shift -= 8) {
      writeByte((int) (expiresAt >>> shift));
    }
    int flags = (state.previousType != null ? 1 : 0) | (state.lastCrossSell != UserRuleState.NONE ? 2 : 0)
        | (state.couponDay != UserRuleState.NONE ? 4 : 0);
    writeByte(flags);
    if (state.previousType != null) {
      writeByte(state.previousType.ordinal());
      writeLong(state.previousTime);
      writeString(state.previousSession);
      writeString(state.previousCategory);
    }
    if (state.lastCrossSell != UserRuleState.NONE) {
      writeLong(state.lastCrossSell);
    }
    if (state.couponDay != UserRuleState.NONE) {
      writeLong(state.couponDay);
      writeLong(state.couponSpendCents);
    }
    writeLong(state.products.size());
    for (Map.Entry<String, ProductState> entry : state.products.entrySet()) {
      ProductState p = entry.getValue();
      writeString(entry.getKey());
      int pflags = (p.lastPurchase != UserRuleState.NONE ? 1 : 0)
          | (p.lastPurchaseIntent != UserRuleState.NONE ? 2 : 0)
          | (p.lastPriceSensitivity != UserRuleState.NONE ? 4 : 0)
          | (p.lastAbandonmentDue != UserRuleState.NONE ? 8 : 0)
          | (p.pendingOpen ? 16 : 0);
      writeByte(pflags);
      if ((pflags & 1) != 0) {
        writeLong(p.lastPurchase);
      }
      if ((pflags & 2) != 0) {
        writeLong(p.lastPurchaseIntent);
      }
      if ((pflags & 4) != 0) {
        writeLong(p.lastPriceSensitivity);
      }
      if ((pflags & 8) != 0) {
        writeLong(p.lastAbandonmentDue);
      }
      if (p.pendingOpen) {
        writeLong(p.pendingDue);
        writeLong(p.pendingPriceCents);
        writeString(p.pendingSession);
      }
      int views = p.viewCount();
      writeLong(views);
      long previous = 0;
      for (int i = 0; i < views; i++) {
        long time = p.viewTime(i);
        writeLong(time - previous);
        previous = time;
        writeLong(p.viewPrice(i));
      }
    }
    return Arrays.copyOf(buffer, position);
  }

  @Override
  public UserRuleState deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    Reader in = new Reader(data);
    try {
      int version = in.readByte();
      if (version != VERSION) {
        throw new SerializationException("user-rule-state: unsupported state version " + version);
      }
      UserRuleState state = new UserRuleState();
      in.position += 8;
      int flags = in.readByte();
      if ((flags & 1) != 0) {
        state.previousType = TYPES[in.readByte()];
        state.previousTime = in.readLong();
        state.previousSession = in.readString();
        state.previousCategory = in.readString();
      }
      if ((flags & 2) != 0) {
        state.lastCrossSell = in.readLong();
      }
      if ((flags & 4) != 0) {
        state.couponDay = in.readLong();
        state.couponSpendCents = in.readLong();
      }
      int products = (int) in.readLong();
      for (int n = 0; n < products; n++) {
        String productId = in.readString();
        int pflags = in.readByte();
        ProductState p = new ProductState(0);
        if ((pflags & 1) != 0) {
          p.lastPurchase = in.readLong();
        }
        if ((pflags & 2) != 0) {
          p.lastPurchaseIntent = in.readLong();
        }
        if ((pflags & 4) != 0) {
          p.lastPriceSensitivity = in.readLong();
        }
        if ((pflags & 8) != 0) {
          p.lastAbandonmentDue = in.readLong();
        }
        if ((pflags & 16) != 0) {
          p.openPending(in.readLong(), in.readLong(), in.readString());
        }
        int views = (int) in.readLong();
        long time = 0;
        for (int i = 0; i < views; i++) {
          time += in.readLong();
          p.addView(time, in.readLong());
        }
        state.products.put(productId, p);
      }
      return state;
    } catch (ArrayIndexOutOfBoundsException e) {
      throw new SerializationException("user-rule-state: truncated state value of " + data.length + " bytes", e);
    }
  }

  @Override
  public Serializer<UserRuleState> serializer() {
    return this;
  }

  @Override
  public Deserializer<UserRuleState> deserializer() {
    return this;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {}

  @Override
  public void close() {}

  private void ensure(int extra) {
    if (position + extra > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, position + extra));
    }
  }

  private void writeByte(int value) {
    ensure(1);
    buffer[position++] = (byte) value;
  }

  /** Zig-zag varint. */
  private void writeLong(long value) {
    ensure(10);
    long v = (value << 1) ^ (value >> 63);
    while ((v & ~0x7FL) != 0) {
      buffer[position++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buffer[position++] = (byte) v;
  }

  private void writeString(String value) {
    if (value == null) {
      writeLong(0);
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    writeLong(bytes.length + 1L);
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buffer, position, bytes.length);
    position += bytes.length;
  }

  private static final class Reader {
    final byte[] data;
    int position;

    Reader(byte[] data) {
      this.data = data;
    }

    int readByte() {
      return data[position++] & 0xFF;
    }

    long readLong() {
      long v = 0;
      int shift = 0;
      byte b;
      do {
        b = data[position++];
        v |= (long) (b & 0x7F) << shift;
        shift += 7;
      } while (b < 0);
      return (v >>> 1) ^ -(v & 1);
    }

    String readString() {
      long length = readLong();
      if (length == 0) {
        return null;
      }
      int n = (int) (length - 1);
      if (position + n > data.length) {
        throw new ArrayIndexOutOfBoundsException(position + n);
      }
      String value = new String(data, position, n, StandardCharsets.UTF_8);
      position += n;
      return value;
    }
  }
}
