package io.cartpulse.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * Avro schema compatibility in the Schema Registry's terms (levels, "new schema" vs earlier
 * versions), with messages that name the offending field. Used by the local registry and by the
 * schema evolution guard, so both explain a break the same way.
 */
public final class AvroCompatibility {
  private AvroCompatibility() {}

  /** The Confluent compatibility levels. */
  public enum Level {
    NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE;

    /** The level named {@code text} (case-insensitive), or null when there is none. */
    public static Level parse(String text) {
      if (text == null) {
        return null;
      }
      try {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        return null;
      }
    }

    /** Checked against every earlier version, not only the latest. */
    public boolean transitive() {
      return name().endsWith("_TRANSITIVE");
    }

    /** The new schema must read data written with earlier versions. */
    public boolean backward() {
      return this != NONE && this != FORWARD && this != FORWARD_TRANSITIVE;
    }

    /** Earlier versions must read data written with the new schema. */
    public boolean forward() {
      return this != NONE && this != BACKWARD && this != BACKWARD_TRANSITIVE;
    }
  }

  /**
   * What stops {@code reader} from reading data written with {@code writer}; empty when it can.
   * Each entry reads like {@code READER_FIELD_MISSING_DEFAULT_VALUE at /fields/10 (field
   * 'campaign'): campaign}: the Avro incompatibility type, its location, the field path it
   * resolves to in the reader schema, and Avro's message.
   */
  public static List<String> readerIncompatibilities(Schema reader, Schema writer) {
    SchemaCompatibility.SchemaPairCompatibility result =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    if (result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      return List.of();
    }
    List<String> reasons = new ArrayList<>();
    for (SchemaCompatibility.Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
      String field = fieldPath(reader, incompatibility.getLocation());
      reasons.add(incompatibility.getType() + " at " + incompatibility.getLocation()
          + (field == null ? "" : " (field '" + field + "')") + ": " + incompatibility.getMessage());
    }
    return reasons;
  }

  /**
   * What stops {@code candidate} from becoming the next version after {@code history} (oldest
   * first) under {@code level}; empty when it may be registered. Non-transitive levels compare
   * with the latest version only.
   */
  public static List<String> check(Level level, Schema candidate, List<Schema> history) {
    if (level == Level.NONE || history.isEmpty()) {
      return List.of();
    }
    int first = level.transitive() ? 0 : history.size() - 1;
    List<String> reasons = new ArrayList<>();
    for (int i = history.size() - 1; i >= first; i--) {
      Schema earlier = history.get(i);
      int version = i + 1;
      if (level.backward()) {
        for (String reason : readerIncompatibilities(candidate, earlier)) {
          reasons.add("the new schema cannot read data written with version " + version + ": " + reason);
        }
      }
      if (level.forward()) {
        for (String reason : readerIncompatibilities(earlier, candidate)) {
          reasons.add("version " + version + " cannot read data written with the new schema: " + reason);
        }
      }
    }
    return reasons;
  }

  /**
   * The dotted field path an incompatibility location ({@code /fields/2/type/values}) points to in
   * {@code schema}, or null when it names no field (e.g. the top-level record itself).
   */
  static String fieldPath(Schema schema, String location) {
    if (location == null) {
      return null;
    }
    List<String> names = new ArrayList<>();
    Schema current = schema;
    String[] tokens = location.split("/");
    try {
      for (int i = 0; i < tokens.length && current != null; i++) {
        String token = tokens[i];
        if (token.equals("fields") && i + 1 < tokens.length && current.getType() == Schema.Type.RECORD) {
          Schema.Field field = current.getFields().get(Integer.parseInt(tokens[++i]));
          names.add(field.name());
          current = field.schema();
        } else if (token.equals("items") && current.getType() == Schema.Type.ARRAY) {
          current = current.getElementType();
        } else if (token.equals("values") && current.getType() == Schema.Type.MAP) {
          current = current.getValueType();
        } else if (!token.isEmpty() && Character.isDigit(token.charAt(0)) && current.getType() == Schema.Type.UNION) {
          int branch = Integer.parseInt(token);
          current = branch < current.getTypes().size() ? current.getTypes().get(branch) : null;
        }
      }
    } catch (RuntimeException e) {
      // A location we cannot follow still leaves the path found so far, which is the useful part.
    }
    return names.isEmpty() ? null : String.join(".", names);
  }
}
