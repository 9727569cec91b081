package io.cartpulse.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Remembers ids and schemas so a serde asks the registry once per (subject, schema) and once
 * per id, not per record. Ids are immutable in every Confluent-compatible registry, so the
 * cache never needs invalidating; {@link #latest} and {@link #isCompatible} are not cached.
 */
public final class CachingSchemaRegistryClient implements SchemaRegistryClient {

  private final SchemaRegistryClient delegate;
  private final Map<String, Map<Schema, Integer>> registered = new ConcurrentHashMap<>();
  private final Map<String, Map<Schema, Integer>> lookedUp = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> byId = new ConcurrentHashMap<>();

  public CachingSchemaRegistryClient(SchemaRegistryClient delegate) {
    this.delegate = delegate;
  }

  @Override
  public int register(String subject, Schema schema) {
    return registered.computeIfAbsent(subject, s -> new ConcurrentHashMap<>())
        .computeIfAbsent(schema, s -> remember(delegate.register(subject, s), s));
  }

  @Override
  public int lookUpId(String subject, Schema schema) {
    Integer known = registered.getOrDefault(subject, Map.of()).get(schema);
    if (known != null) {
      return known;
    }
    return lookedUp.computeIfAbsent(subject, s -> new ConcurrentHashMap<>())
        .computeIfAbsent(schema, s -> remember(delegate.lookUpId(subject, s), s));
  }

  @Override
  public Schema getById(int id) {
    return byId.computeIfAbsent(id, delegate::getById);
  }

  @Override
  public RegisteredSchema latest(String subject) {
    return delegate.latest(subject);
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    return delegate.isCompatible(subject, schema);
  }

  @Override
  public String describe() {
    return delegate.describe();
  }

  @Override
  public void close() {
    delegate.close();
  }

  private int remember(int id, Schema schema) {
    byId.putIfAbsent(id, schema);
    return id;
  }
}
