package io.cartpulse.streams.products;

import io.cartpulse.click.EventType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bytes of the product side's internal data: {@link ProductUpdate}s on the repartition topic,
 * {@link ProductState} and {@link UserSessions} in the stores, stock on the product-stock topic. Each
 * starts with a format version byte so a later release can read what this one wrote.
 */
public final class ProductCodec {
  private static final byte VERSION = 1;
  private static final byte CLICK = 1;
  private static final byte FORMATION = 2;
  private static final byte LEVEL = 3;
  private static final byte OFFER_REQUEST = 4;
  /**
   * A click with the partners it formed pairs with. A click without partners keeps kind {@link #CLICK}, byte
   * for byte as before; a release before this one cannot read this kind, so roll an upgrade out to every
   * instance before the repartition topic carries it (the streams-app stops with an error on an unknown kind).
   */
  private static final byte PAIRED_CLICK = 5;
  private static final org.apache.avro.specific.SpecificDatumWriter<io.cartpulse.avro.Alert> ALERT_WRITER =
      new org.apache.avro.specific.SpecificDatumWriter<>(io.cartpulse.avro.Alert.class);

  private ProductCodec() {}

  /** A writer of one record. */
  @FunctionalInterface
  private interface Body {
    void write(Out out) throws IOException;
  }

  /** A reader of one record. */
  @FunctionalInterface
  private interface Reading<T> {
    T read(In in) throws IOException;
  }

  /**
   * The bytes as {@link java.io.DataOutputStream} lays them out (big-endian; the stored formats were
   * written with it and stay readable), on a {@link ByteBuffer} instead of the stream classes: a product's
   * state is decoded and encoded on every update, and in JFR profiles of the streams-app under
   * {@code scripts/chaos} this codec took 38% of the stream thread's CPU, most of it in the stream classes'
   * per-byte, synchronized calls (17-21% after).
   */
  private static final class Out {
    private ByteBuffer buffer = ByteBuffer.allocate(64);

    void writeByte(int value) {
      room(1).put((byte) value);
    }

    void writeBoolean(boolean value) {
      writeByte(value ? 1 : 0);
    }

    void writeInt(int value) {
      room(4).putInt(value);
    }

    void writeLong(long value) {
      room(8).putLong(value);
    }

    void write(byte[] bytes) {
      room(bytes.length).put(bytes);
    }

    private ByteBuffer room(int bytes) {
      if (buffer.remaining() < bytes) {
        ByteBuffer larger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes));
        buffer.flip();
        buffer = larger.put(buffer);
      }
      return buffer;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buffer.array(), buffer.position());
    }
  }

  /** Reads what {@link Out} wrote; reading past the end throws, which {@link #read} reports as unreadable bytes. */
  private static final class In {
    private final ByteBuffer buffer;

    In(byte[] bytes) {
      buffer = ByteBuffer.wrap(bytes);
    }

    byte readByte() {
      return buffer.get();
    }

    boolean readBoolean() {
      return buffer.get() != 0;
    }

    int readInt() {
      return buffer.getInt();
    }

    long readLong() {
      return buffer.getLong();
    }

    void readFully(byte[] into) {
      buffer.get(into);
    }
  }

  private static byte[] write(Body body) {
    return write(VERSION, body);
  }

  private static byte[] write(byte version, Body body) {
    Out out = new Out();
    out.writeByte(version);
    try {
      body.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static <T> T read(byte[] bytes, String what, Reading<T> reading) {
    return read(bytes, what, (version, in) -> {
      if (version != VERSION) {
        throw new IllegalArgumentException(what + ": unknown format version " + version);
      }
      return reading.read(in);
    });
  }

  /** A reader of one record that knows more than one format version. */
  @FunctionalInterface
  private interface VersionedReading<T> {
    T read(byte version, In in) throws IOException;
  }

  private static <T> T read(byte[] bytes, String what, VersionedReading<T> reading) {
    try {
      In in = new In(bytes);
      return reading.read(in.readByte(), in);
    } catch (IOException | BufferUnderflowException | NegativeArraySizeException e) {
      throw new IllegalArgumentException(what + ": unreadable bytes", e);
    }
  }

  private static void string(Out out, String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String string(In in) {
    byte[] utf8 = new byte[in.readInt()];
    in.readFully(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  }

  // -------------------------------------------------------------------------------------------
  // Updates

  public static byte[] update(ProductUpdate update) {
    return write(out -> {
      if (update instanceof ProductUpdate.Click click) {
        out.writeByte(click.partners().isEmpty() ? CLICK : PAIRED_CLICK);
        string(out, click.productId());
        out.writeByte(click.type().code());
        out.writeLong(click.time());
        out.writeLong(click.priceCents());
        string(out, click.userId());
        if (!click.partners().isEmpty()) {
          out.writeInt(click.partners().size());
          for (String partner : click.partners()) {
            string(out, partner);
          }
        }
      } else if (update instanceof ProductUpdate.Formation formation) {
        out.writeByte(FORMATION);
        string(out, formation.productId());
        string(out, formation.partner());
        out.writeLong(formation.time());
      } else {
        ProductUpdate.Level level = (ProductUpdate.Level) update;
        out.writeByte(LEVEL);
        string(out, level.productId());
        out.writeLong(level.time());
        out.writeInt(level.available());
      }
    });
  }

  public static ProductUpdate update(byte[] bytes) {
    return read(bytes, "product update", in -> {
      byte kind = in.readByte();
      return switch (kind) {
        case CLICK, PAIRED_CLICK -> {
          String product = string(in);
          EventType type = EventType.fromCode(in.readByte());
          long time = in.readLong();
          long priceCents = in.readLong();
          String userId = string(in);
          List<String> partners = new ArrayList<>();
          for (int count = kind == PAIRED_CLICK ? in.readInt() : 0; count > 0; count--) {
            partners.add(string(in));
          }
          yield new ProductUpdate.Click(product, type, time, priceCents, userId, partners);
        }
        case FORMATION -> new ProductUpdate.Formation(string(in), string(in), in.readLong());
        case LEVEL -> new ProductUpdate.Level(string(in), in.readLong(), in.readInt());
        default -> throw new IOException("unknown update kind " + kind);
      };
    });
  }

  // -------------------------------------------------------------------------------------------
  // Offer requests: an alert on its way to its product's task (same repartition topic as the updates)

  /** Whether {@code bytes} are an offer request rather than an update. */
  public static boolean isOfferRequest(byte[] bytes) {
    return bytes.length > 1 && bytes[1] == OFFER_REQUEST;
  }

  public static byte[] offerRequest(io.cartpulse.avro.Alert alert) {
    return write(out -> {
      out.writeByte(OFFER_REQUEST);
      ByteArrayOutputStream avro = new ByteArrayOutputStream(256);
      org.apache.avro.io.BinaryEncoder encoder = org.apache.avro.io.EncoderFactory.get().binaryEncoder(avro, null);
      ALERT_WRITER.write(alert, encoder);
      encoder.flush();
      out.writeInt(avro.size());
      out.write(avro.toByteArray());
    });
  }

  public static io.cartpulse.avro.Alert offerRequest(byte[] bytes) {
    return read(bytes, "offer request", in -> {
      if (in.readByte() != OFFER_REQUEST) {
        throw new IOException("not an offer request");
      }
      byte[] avro = new byte[in.readInt()];
      in.readFully(avro);
      return new org.apache.avro.specific.SpecificDatumReader<>(io.cartpulse.avro.Alert.class)
          .read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(avro, null));
    });
  }

  // -------------------------------------------------------------------------------------------
  // Stock (product-stock topic)

  public static byte[] stock(long levelTime, int available) {
    return ByteBuffer.allocate(12).putLong(levelTime).putInt(available).array();
  }

  public static long stockTime(byte[] stock) {
    return ByteBuffer.wrap(stock).getLong(0);
  }

  public static int stockUnits(byte[] stock) {
    return ByteBuffer.wrap(stock).getInt(8);
  }

  // -------------------------------------------------------------------------------------------
  // Product state

  /**
   * Version 2 of a product's state: a day's distinct viewers as a count (the viewers themselves are in
   * the {@code product-viewers} store). Version 1 stored the viewers with the day; it is still read, its
   * viewers held in memory until {@link ProductState#useViewerIndex} moves them to the store.
   */
  private static final byte STATE_VERSION = 2;
  private static final byte STATE_VERSION_WITH_VIEWERS = 1;

  public static byte[] state(ProductState state) {
    return write(STATE_VERSION, out -> {
      out.writeBoolean(state.levelTime != null);
      if (state.levelTime != null) {
        out.writeLong(state.levelTime);
        out.writeInt(state.available);
      }
      out.writeInt(state.days.size());
      for (Map.Entry<Long, ProductState.Bucket> day : state.days.entrySet()) {
        out.writeLong(day.getKey());
        counts(out, day.getValue());
        out.writeLong(day.getValue().viewers);
      }
      out.writeInt(state.minutes.size());
      for (Map.Entry<Long, ProductState.Bucket> minute : state.minutes.entrySet()) {
        out.writeLong(minute.getKey());
        counts(out, minute.getValue());
      }
      out.writeInt(state.pairs.size());
      for (Map.Entry<Long, Map<String, Long>> day : state.pairs.entrySet()) {
        out.writeLong(day.getKey());
        out.writeInt(day.getValue().size());
        for (Map.Entry<String, Long> partner : day.getValue().entrySet()) {
          string(out, partner.getKey());
          out.writeLong(partner.getValue());
        }
      }
    });
  }

  public static ProductState state(byte[] bytes) {
    return read(bytes, "product state", (version, in) -> {
      if (version != STATE_VERSION && version != STATE_VERSION_WITH_VIEWERS) {
        throw new IllegalArgumentException("product state: unknown format version " + version);
      }
      ProductState state = new ProductState();
      if (in.readBoolean()) {
        state.levelTime = in.readLong();
        state.available = in.readInt();
      }
      for (int days = in.readInt(); days > 0; days--) {
        long day = in.readLong();
        ProductState.Bucket bucket = counts(in);
        if (version == STATE_VERSION) {
          bucket.viewers = in.readLong();
        } else {
          int viewers = in.readInt();
          for (int i = 0; i < viewers; i++) {
            state.addViewerInMemory(day, string(in));
          }
          bucket.viewers = viewers;
        }
        state.days.put(day, bucket);
      }
      for (int minutes = in.readInt(); minutes > 0; minutes--) {
        long minute = in.readLong();
        state.minutes.put(minute, counts(in));
      }
      for (int days = in.readInt(); days > 0; days--) {
        long day = in.readLong();
        int partners = in.readInt();
        Map<String, Long> byPartner = new HashMap<>(partners * 2);
        for (int i = 0; i < partners; i++) {
          byPartner.put(string(in), in.readLong());
        }
        state.pairs.put(day, byPartner);
      }
      return state;
    });
  }

  private static void counts(Out out, ProductState.Bucket bucket) {
    out.writeLong(bucket.views);
    out.writeLong(bucket.carts);
    out.writeLong(bucket.purchases);
    out.writeLong(bucket.revenueCents);
  }

  private static ProductState.Bucket counts(In in) {
    ProductState.Bucket bucket = new ProductState.Bucket();
    bucket.views = in.readLong();
    bucket.carts = in.readLong();
    bucket.purchases = in.readLong();
    bucket.revenueCents = in.readLong();
    return bucket;
  }

  // -------------------------------------------------------------------------------------------
  // A user's sessions

  public static byte[] sessions(UserSessions sessions) {
    return write(out -> {
      out.writeInt(sessions.sessions().size());
      for (Map.Entry<String, SessionMemory> session : sessions.sessions().entrySet()) {
        string(out, session.getKey());
        List<String> products = session.getValue().products();
        List<Long> firstSeen = session.getValue().firstSeen();
        out.writeInt(products.size());
        for (int i = 0; i < products.size(); i++) {
          string(out, products.get(i));
          out.writeLong(firstSeen.get(i));
        }
      }
    });
  }

  public static UserSessions sessions(byte[] bytes) {
    return read(bytes, "user sessions", in -> {
      Map<String, SessionMemory> sessions = new LinkedHashMap<>();
      for (int count = in.readInt(); count > 0; count--) {
        String session = string(in);
        int size = in.readInt();
        List<String> products = new ArrayList<>(size);
        List<Long> firstSeen = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
          products.add(string(in));
          firstSeen.add(in.readLong());
        }
        sessions.put(session, SessionMemory.of(products, firstSeen));
      }
      return UserSessions.of(sessions);
    });
  }
}
