package io.cartpulse.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/** Counts the calls that reach a delegate registry, to prove what the caches keep away from it. */
public final class CountingSchemaRegistryClient implements SchemaRegistryClient {
  private final SchemaRegistryClient delegate;
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  public CountingSchemaRegistryClient(SchemaRegistryClient delegate) {
    this.delegate = delegate;
  }

  /** How often {@code method} was called with {@code argument} (a subject, or an id as text). */
  public int calls(String method, Object argument) {
    AtomicInteger count = calls.get(method + "(" + argument + ")");
    return count == null ? 0 : count.get();
  }

  public int calls(String method) {
    return calls.entrySet().stream().filter(e -> e.getKey().startsWith(method + "("))
        .mapToInt(e -> e.getValue().get()).sum();
  }

  private void count(String method, Object argument) {
    calls.computeIfAbsent(method + "(" + argument + ")", k -> new AtomicInteger()).incrementAndGet();
  }

  @Override
  public int register(String subject, Schema schema) {
    count("register", subject);
    return delegate.register(subject, schema);
  }

  @Override
  public int lookUpId(String subject, Schema schema) {
    count("lookUpId", subject);
    return delegate.lookUpId(subject, schema);
  }

  @Override
  public Schema getById(int id) {
    count("getById", id);
    return delegate.getById(id);
  }

  @Override
  public RegisteredSchema latest(String subject) {
    count("latest", subject);
    return delegate.latest(subject);
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    count("isCompatible", subject);
    return delegate.isCompatible(subject, schema);
  }

  @Override
  public String describe() {
    return delegate.describe();
  }
}
