package io.cartpulse.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A registry held in memory, for unit tests and backtests. Behaves like the Confluent registry
 * for what CartPulse uses: global ids shared across subjects, idempotent registration, BACKWARD
 * compatibility enforced on register. Instances are shared per {@code mock://scope} URL through
 * {@link #forScope(String)} so a serializer and a deserializer configured separately meet.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

  private static final Map<String, InMemorySchemaRegistryClient> SCOPES = new ConcurrentHashMap<>();

  private final String name;
  private final Map<Integer, Schema> byId = new HashMap<>();
  private final Map<Schema, Integer> idBySchema = new HashMap<>();
  private final Map<String, List<Integer>> versionsBySubject = new HashMap<>();

  public InMemorySchemaRegistryClient() {
    this("in-memory");
  }

  private InMemorySchemaRegistryClient(String name) {
    this.name = name;
  }

  /** The shared instance behind {@code mock://scope}. */
  public static InMemorySchemaRegistryClient forScope(String scope) {
    return SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistryClient("mock://" + s));
  }

  /** Forgets a shared scope (tests that want a fresh registry under the same URL). */
  public static void dropScope(String scope) {
    SCOPES.remove(scope);
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
    Integer existing = idBySchema.get(schema);
    if (existing != null && versions.contains(existing)) {
      return existing;
    }
    if (!versions.isEmpty()) {
      Schema latest = byId.get(versions.get(versions.size() - 1));
      String incompatibility = backwardIncompatibility(schema, latest);
      if (incompatibility != null) {
        throw new SchemaRegistryException(SchemaRegistryException.INCOMPATIBLE_SCHEMA,
            "Schema being registered is incompatible with the latest version of subject '" + subject
                + "' (BACKWARD) at " + name + ": " + incompatibility);
      }
    }
    int id = existing != null ? existing : byId.size() + 1;
    byId.put(id, schema);
    idBySchema.put(schema, id);
    versions.add(id);
    return id;
  }

  @Override
  public synchronized int lookUpId(String subject, Schema schema) {
    Integer id = idBySchema.get(schema);
    List<Integer> versions = versionsBySubject.get(subject);
    if (versions == null) {
      throw new SchemaRegistryException(SchemaRegistryException.SUBJECT_NOT_FOUND,
          "Subject '" + subject + "' not found at " + name);
    }
    if (id == null || !versions.contains(id)) {
      throw new SchemaRegistryException(SchemaRegistryException.SCHEMA_NOT_FOUND,
          "Schema not registered under subject '" + subject + "' at " + name);
    }
    return id;
  }

  @Override
  public synchronized Schema getById(int id) {
    Schema schema = byId.get(id);
    if (schema == null) {
      throw new SchemaRegistryException(SchemaRegistryException.SCHEMA_NOT_FOUND,
          "Schema id " + id + " not found at " + name);
    }
    return schema;
  }

  @Override
  public synchronized RegisteredSchema latest(String subject) {
    List<Integer> versions = versionsBySubject.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw new SchemaRegistryException(SchemaRegistryException.SUBJECT_NOT_FOUND,
          "Subject '" + subject + "' not found at " + name);
    }
    int id = versions.get(versions.size() - 1);
    return new RegisteredSchema(subject, versions.size(), id, byId.get(id));
  }

  @Override
  public synchronized boolean isCompatible(String subject, Schema schema) {
    List<Integer> versions = versionsBySubject.get(subject);
    if (versions == null || versions.isEmpty()) {
      return true;
    }
    return backwardIncompatibility(schema, byId.get(versions.get(versions.size() - 1))) == null;
  }

  @Override
  public String describe() {
    return name;
  }

  /** Null when {@code reader} can read data written with {@code writer}, else what breaks it (naming the field). */
  static String backwardIncompatibility(Schema reader, Schema writer) {
    List<String> reasons = AvroCompatibility.readerIncompatibilities(reader, writer);
    return reasons.isEmpty() ? null : String.join("; ", reasons);
  }
}
