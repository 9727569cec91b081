package io.cartpulse.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cartpulse.contract.Subjects;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Encodes and decodes one specific Avro type in the Confluent wire format:
 * {@code [magic byte 0][schema id, 4 bytes big-endian][Avro binary body]}.
 *
 * <p>Shared by the Kafka {@link SpecificAvroSerde} and the Flink schemas so both engines write
 * the same bytes. Readers resolve the writer's schema (looked up once per id) against this
 * type's schema, so a record written with an older or newer compatible schema still reads.
 * Thread-safe; the registry is asked once per subject and once per id.
 */
public final class AvroWireCodec<T extends SpecificRecord> {

  public static final byte MAGIC_BYTE = 0;
  public static final int HEADER_SIZE = 5;
  private static final String JAVA_STRING_PROPERTY = "avro.java.string";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SchemaRegistryClient registry;
  private final Class<T> type;
  private final Schema readerSchema;
  private final Schema registrySchema;
  private final boolean autoRegister;
  private final DatumWriter<T> writer;
  private final Map<String, Integer> idBySubject = new ConcurrentHashMap<>();
  private final Map<Integer, DatumReader<T>> readerByWriterId = new ConcurrentHashMap<>();
  private final ThreadLocal<ByteArrayOutputStream> buffers =
      ThreadLocal.withInitial(() -> new ByteArrayOutputStream(256));
  private final ThreadLocal<BinaryEncoder> encoders = new ThreadLocal<>();
  private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();

  public AvroWireCodec(SchemaRegistryClient registry, Class<T> type, boolean autoRegister) {
    this.registry = registry;
    this.type = type;
    this.readerSchema = SpecificData.get().getSchema(type);
    this.registrySchema = registryForm(readerSchema);
    this.autoRegister = autoRegister;
    this.writer = new SpecificDatumWriter<>(readerSchema);
  }

  public Schema schema() {
    return readerSchema;
  }

  public Class<T> type() {
    return type;
  }

  /**
   * {@code schema} as a registry should hold it: without the {@code avro.java.string} properties
   * the Java code generator adds ({@code stringType String}). They only tell Java readers which
   * string class to build; the .avsc files (what scripts/register-schemas registers) and other
   * languages' schemas have none, and registries compare them (Confluent's own serializer has
   * {@code avro.remove.java.properties} for this), so a writer that only looks its schema up would
   * not find the one registered from the file. Avro has no API to remove a property, hence JSON.
   */
  public static Schema registryForm(Schema schema) {
    try {
      JsonNode tree = JSON.readTree(schema.toString());
      removeJavaProperties(tree);
      return new Schema.Parser().parse(JSON.writeValueAsString(tree));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot rewrite the schema of " + schema.getFullName(), e);
    }
  }

  private static void removeJavaProperties(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.remove(JAVA_STRING_PROPERTY);
    }
    node.forEach(AvroWireCodec::removeJavaProperties);
  }

  /** The id this codec writes under for {@code topic}; registers or looks it up on first use. */
  public int schemaId(String topic, boolean isKey) {
    String subject = Subjects.subject(topic, isKey);
    Integer id = idBySubject.get(subject);
    if (id == null) {
      try {
        id = autoRegister ? registry.register(subject, registrySchema) : registry.lookUpId(subject, registrySchema);
      } catch (SchemaRegistryException e) {
        throw new SerializationException("Cannot serialize " + type.getSimpleName() + " for topic '" + topic
            + "': " + (autoRegister ? "registering" : "looking up")
            + " the schema under subject '" + subject + "' failed: " + e.getMessage()
            + (autoRegister || !e.isNotFound() ? "" : " (register it first, or set "
                + RegistryConfig.AUTO_REGISTER_SCHEMAS + "=true)"), e);
      }
      idBySubject.put(subject, id);
    }
    return id;
  }

  public byte[] encode(String topic, boolean isKey, T record) {
    if (record == null) {
      return null;
    }
    int id = schemaId(topic, isKey);
    ByteArrayOutputStream out = buffers.get();
    out.reset();
    out.write(MAGIC_BYTE);
    out.write(id >>> 24);
    out.write(id >>> 16);
    out.write(id >>> 8);
    out.write(id);
    try {
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, encoders.get());
      encoders.set(encoder);
      writer.write(record, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("Cannot serialize " + type.getSimpleName() + " for topic '" + topic
          + "': " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  /**
   * Decodes one wire-format record. A record that cannot be decoded (too short, wrong magic byte,
   * unknown schema id, corrupt body) fails with a {@link SerializationException}; a registry that
   * cannot answer fails with a {@link SchemaRegistryException} instead, since that says nothing
   * about the record.
   */
  public T decode(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    if (bytes.length < HEADER_SIZE) {
      throw new SerializationException(failure(topic, "the record is " + bytes.length
          + " bytes, shorter than the 5-byte wire-format header (magic byte + schema id)"));
    }
    if (bytes[0] != MAGIC_BYTE) {
      throw new SerializationException(failure(topic, "unknown magic byte " + bytes[0]
          + " (the Confluent wire format starts with 0; was this record written by an Avro serializer?)"));
    }
    int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
    DatumReader<T> reader = readerFor(topic, id);
    try {
      BinaryDecoder decoder = DecoderFactory.get()
          .binaryDecoder(bytes, HEADER_SIZE, bytes.length - HEADER_SIZE, decoders.get());
      decoders.set(decoder);
      // Bounded: a corrupt length prefix must fail here, not allocate what it claims.
      T record = reader.read(null, new BoundedBinaryDecoder(decoder));
      if (!decoder.isEnd()) {
        throw new SerializationException(failure(topic, "trailing bytes after the Avro body of schema id " + id));
      }
      return record;
    } catch (SerializationException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(failure(topic, "the Avro body for schema id " + id
          + " is truncated or corrupt (" + e + ")"), e);
    }
  }

  private DatumReader<T> readerFor(String topic, int id) {
    DatumReader<T> reader = readerByWriterId.get(id);
    if (reader == null) {
      Schema writerSchema;
      try {
        writerSchema = registry.getById(id);
      } catch (SchemaRegistryException e) {
        if (!e.isNotFound()) {
          // The registry's trouble (unreachable, failing), not the record's: thrown as is, so no caller
          // takes a valid record for an undecodable one (RegistryOutage retries it).
          throw e;
        }
        throw new SerializationException(failure(topic, "schema id " + id + " is unknown to the registry at "
            + registry.describe()), e);
      }
      reader = new SpecificDatumReader<>(writerSchema, readerSchema);
      readerByWriterId.put(id, reader);
    }
    return reader;
  }

  private String failure(String topic, String reason) {
    return "Cannot deserialize " + type.getSimpleName() + " from topic '" + topic + "': " + reason;
  }
}
