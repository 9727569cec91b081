package io.cartpulse.chaos;

import io.cartpulse.avro.ClickEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Bad records for clickstream, each with the reason both engines must dead-letter it for
 * (ALERTS.md section 1): random bytes, a wrong magic byte, an unknown schema id, truncated bodies,
 * and well-formed Avro whose values make the click invalid - megabyte strings, prices beyond the
 * schema's decimal, negative prices, empty and missing required fields, unknown event types.
 * Deterministic for a seed. The valid-looking ones are written with the registered ClickEvent
 * schema id through a generic writer, so values the generated class would refuse (a price of
 * 10^12 has 15 digits; the schema allows 12) still reach the wire.
 */
final class PoisonRecords {
  /** What the dead-letter reason must say; matched against the reason header. */
  enum Reason {
    SHORT("shorter than the 5-byte wire-format header"),
    MAGIC_BYTE("unknown magic byte"),
    UNKNOWN_SCHEMA("is unknown to the registry"),
    CORRUPT_BODY("is truncated or corrupt"),
    MISSING_USER("missing userId"),
    MISSING_PRODUCT("missing productId"),
    MISSING_TYPE("missing eventType"),
    MISSING_TIME("missing eventTime"),
    UNKNOWN_TYPE("unknown eventType"),
    NEGATIVE_PRICE("negative price"),
    PRICE_TOO_HIGH("above the maximum");

    final String text;

    Reason(String text) {
      this.text = text;
    }

    /** The reason a dead-letter header names, or null when it names none of these. */
    static Reason of(String header) {
      if (header == null) {
        return null;
      }
      for (Reason reason : values()) {
        if (header.contains(reason.text)) {
          return reason;
        }
      }
      return null;
    }
  }

  /** One bad record: key, value and the reason it must be dead-lettered for. */
  record Poison(byte[] key, byte[] value, Reason reason, String kind) {}

  /** How many of the records are a megabyte long (each is about 1 MB on the wire, twice in the DLQ). */
  static final int HUGE_RECORDS = 10;
  static final int HUGE_CHARS = 1_000_000;
  private static final String[] KINDS = {"random-bytes", "short", "wrong-magic", "unknown-schema-id", "truncated",
      "empty-userId", "empty-productId", "empty-eventType", "missing-eventTime", "unknown-eventType",
      "negative-price", "price-1e12", "huge-string"};

  private final Schema schema = ClickEvent.getClassSchema();
  private final GenericDatumWriter<GenericRecord> writer = new GenericDatumWriter<>(schema, new GenericData());
  private final int schemaId;
  private final SplittableRandom random;
  private int huge;
  private long made;

  PoisonRecords(int clickEventSchemaId, long seed) {
    this.schemaId = clickEventSchemaId;
    this.random = new SplittableRandom(seed);
  }

  /** The next bad record; the kinds take turns. */
  Poison next() {
    long n = made++;
    String kind = KINDS[(int) (n % KINDS.length)];
    if (kind.equals("huge-string") && huge >= HUGE_RECORDS) {
      kind = "unknown-eventType";
    }
    byte[] key = ("poison-" + n).getBytes(StandardCharsets.UTF_8);
    return switch (kind) {
      case "random-bytes" -> {
        byte[] bytes = new byte[5 + random.nextInt(300)];
        random.nextBytes(bytes);
        bytes[0] = (byte) (1 + random.nextInt(255));
        yield new Poison(key, bytes, Reason.MAGIC_BYTE, kind);
      }
      case "short" -> {
        byte[] bytes = new byte[random.nextInt(5)];
        random.nextBytes(bytes);
        yield new Poison(key, bytes, Reason.SHORT, kind);
      }
      case "wrong-magic" -> {
        byte[] bytes = wire(schemaId, body(valid(n)));
        bytes[0] = (byte) (1 + random.nextInt(255));
        yield new Poison(key, bytes, Reason.MAGIC_BYTE, kind);
      }
      case "unknown-schema-id" -> new Poison(key, wire(1_000_000 + random.nextInt(1_000_000), body(valid(n))),
          Reason.UNKNOWN_SCHEMA, kind);
      case "truncated" -> {
        byte[] whole = wire(schemaId, body(valid(n)));
        yield new Poison(key, Arrays.copyOf(whole, 5 + random.nextInt(whole.length - 5)), Reason.CORRUPT_BODY, kind);
      }
      case "empty-userId" -> absurd(key, n, "userId", "", Reason.MISSING_USER, kind);
      case "empty-productId" -> absurd(key, n, "productId", "", Reason.MISSING_PRODUCT, kind);
      case "empty-eventType" -> absurd(key, n, "eventType", "", Reason.MISSING_TYPE, kind);
      case "missing-eventTime" -> absurd(key, n, "eventTime", null, Reason.MISSING_TIME, kind);
      case "unknown-eventType" -> absurd(key, n, "eventType", "click", Reason.UNKNOWN_TYPE, kind);
      case "negative-price" -> absurd(key, n, "price", decimal(new BigDecimal("-5.00")), Reason.NEGATIVE_PRICE, kind);
      case "price-1e12" -> absurd(key, n, "price", decimal(new BigDecimal("1000000000000.00")), Reason.PRICE_TOO_HIGH,
          kind);
      case "huge-string" -> {
        huge++;
        yield absurd(key, n, "eventType", "x".repeat(HUGE_CHARS), Reason.UNKNOWN_TYPE, kind);
      }
      default -> throw new IllegalStateException(kind);
    };
  }

  private Poison absurd(byte[] key, long n, String field, Object value, Reason reason, String kind) {
    GenericRecord record = valid(n);
    record.put(field, value);
    return new Poison(key, wire(schemaId, body(record)), reason, kind);
  }

  /** A valid click as a generic record (time as epoch ms, price as the decimal's bytes). */
  private GenericRecord valid(long n) {
    GenericRecord record = new GenericData.Record(schema);
    record.put("eventTime", 1_569_888_000_000L + n * 1000);
    record.put("eventType", "view");
    record.put("productId", "p-" + n);
    record.put("categoryId", "2053013555631882655");
    record.put("categoryCode", "electronics.smartphone");
    record.put("brand", "acme");
    record.put("price", decimal(new BigDecimal("19.99")));
    record.put("userId", "poison-user-" + n);
    record.put("userSession", "s-" + n);
    return record;
  }

  /** A decimal(12, 2) on the wire: the two's-complement bytes of the unscaled value, whatever its size. */
  private static ByteBuffer decimal(BigDecimal value) {
    BigInteger unscaled = value.setScale(2).unscaledValue();
    return ByteBuffer.wrap(unscaled.toByteArray());
  }

  private byte[] body(GenericRecord record) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      writer.write(record, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] wire(int id, byte[] body) {
    return ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(id).put(body).array();
  }
}
