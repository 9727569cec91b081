package io.cartpulse.platform.registry;

import io.cartpulse.registry.AvroCompatibility;
import io.cartpulse.registry.AvroCompatibility.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * The state of {@link LocalSchemaRegistry}, with the Confluent registry's rules: ids are global
 * (the same schema under two subjects has one id), registering a schema a subject already has
 * returns its id, and a new version must pass the subject's compatibility level. Schemas are
 * equal when Avro says so ({@link Schema#equals}: docs and formatting do not matter).
 * All methods are synchronized; the registry is small and calls are rare.
 */
final class SchemaStore {

  /** A failure the REST layer turns into {@code {"error_code": code, "message": ...}}. */
  static final class RegistryError extends RuntimeException {
    final int status;
    final int errorCode;

    RegistryError(int status, int errorCode, String message) {
      super(message);
      this.status = status;
      this.errorCode = errorCode;
    }
  }

  record Stored(int id, Schema schema, String text) {}

  record Version(String subject, int version, Stored stored) {}

  static final int SUBJECT_NOT_FOUND = 40401;
  static final int VERSION_NOT_FOUND = 40402;
  static final int SCHEMA_NOT_FOUND = 40403;
  static final int SUBJECT_LEVEL_NOT_CONFIGURED = 40408;
  static final int INCOMPATIBLE = 409;
  static final int INVALID_SCHEMA = 42201;
  static final int INVALID_VERSION = 42202;
  static final int INVALID_COMPATIBILITY_LEVEL = 42203;

  private final List<Stored> byId = new ArrayList<>();
  private final Map<Schema, Stored> bySchema = new HashMap<>();
  private final Map<String, List<Stored>> versionsBySubject = new TreeMap<>();
  private final Map<String, Level> levelBySubject = new HashMap<>();
  private Level globalLevel = Level.BACKWARD;

  synchronized int register(String subject, Schema schema) {
    List<Stored> versions = versionsBySubject.getOrDefault(subject, List.of());
    for (Stored existing : versions) {
      if (existing.schema().equals(schema)) {
        return existing.id();
      }
    }
    Level level = effectiveLevel(subject);
    List<String> problems = AvroCompatibility.check(level, schema, schemas(versions));
    if (!problems.isEmpty()) {
      throw new RegistryError(409, INCOMPATIBLE, "Schema being registered is incompatible with an earlier schema"
          + " for subject '" + subject + "' (compatibility " + level + "): " + String.join("; ", problems));
    }
    Stored stored = bySchema.get(schema);
    if (stored == null) {
      stored = new Stored(byId.size() + 1, schema, schema.toString());
      byId.add(stored);
      bySchema.put(schema, stored);
    }
    versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(stored);
    return stored.id();
  }

  synchronized Version lookUp(String subject, Schema schema) {
    List<Stored> versions = requireSubject(subject);
    for (int i = 0; i < versions.size(); i++) {
      if (versions.get(i).schema().equals(schema)) {
        return new Version(subject, i + 1, versions.get(i));
      }
    }
    throw new RegistryError(404, SCHEMA_NOT_FOUND, "Schema not found under subject '" + subject + "'");
  }

  synchronized Stored byId(int id) {
    if (id < 1 || id > byId.size()) {
      throw new RegistryError(404, SCHEMA_NOT_FOUND, "Schema " + id + " not found");
    }
    return byId.get(id - 1);
  }

  synchronized List<String> subjects() {
    return List.copyOf(versionsBySubject.keySet());
  }

  synchronized List<Integer> versions(String subject) {
    int count = requireSubject(subject).size();
    List<Integer> numbers = new ArrayList<>(count);
    for (int v = 1; v <= count; v++) {
      numbers.add(v);
    }
    return numbers;
  }

  /** {@code version} is a number, {@code latest} or {@code -1}. */
  synchronized Version version(String subject, String version) {
    List<Stored> versions = requireSubject(subject);
    int number = versionNumber(subject, version, versions.size());
    return new Version(subject, number, versions.get(number - 1));
  }

  /**
   * Why {@code schema} is not compatible with {@code version} of {@code subject} (empty when it
   * is). Against {@code latest}, a transitive level checks every version, as on register.
   */
  synchronized List<String> compatibility(String subject, String version, Schema schema) {
    List<Stored> versions = requireSubject(subject);
    Level level = effectiveLevel(subject);
    if (version == null || isLatest(version)) {
      return AvroCompatibility.check(level, schema, schemas(versions));
    }
    int number = versionNumber(subject, version, versions.size());
    return AvroCompatibility.check(nonTransitive(level), schema, schemas(versions.subList(0, number)));
  }

  synchronized Level globalLevel() {
    return globalLevel;
  }

  synchronized void globalLevel(Level level) {
    globalLevel = level;
  }

  /** The subject's own level, or null when it follows the global one. */
  synchronized Level subjectLevel(String subject) {
    return levelBySubject.get(subject);
  }

  synchronized void subjectLevel(String subject, Level level) {
    levelBySubject.put(subject, level);
  }

  synchronized Level effectiveLevel(String subject) {
    return levelBySubject.getOrDefault(subject, globalLevel);
  }

  private List<Stored> requireSubject(String subject) {
    List<Stored> versions = versionsBySubject.get(subject);
    if (versions == null) {
      throw new RegistryError(404, SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
    }
    return versions;
  }

  private static int versionNumber(String subject, String version, int count) {
    if (isLatest(version)) {
      return count;
    }
    int number;
    try {
      number = Integer.parseInt(version);
    } catch (NumberFormatException e) {
      number = 0;
    }
    if (number < 1) {
      throw new RegistryError(422, INVALID_VERSION, "The specified version '" + version
          + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }
    if (number > count) {
      throw new RegistryError(404, VERSION_NOT_FOUND, "Version " + number + " not found for subject '"
          + subject + "' (it has " + count + ")");
    }
    return number;
  }

  private static boolean isLatest(String version) {
    return version.equals("latest") || version.equals("-1");
  }

  private static List<Schema> schemas(List<Stored> versions) {
    return versions.stream().map(Stored::schema).toList();
  }

  private static Level nonTransitive(Level level) {
    return switch (level) {
      case BACKWARD_TRANSITIVE -> Level.BACKWARD;
      case FORWARD_TRANSITIVE -> Level.FORWARD;
      case FULL_TRANSITIVE -> Level.FULL;
      default -> level;
    };
  }
}
