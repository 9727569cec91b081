package io.cartpulse.registry;

import org.apache.avro.Schema;

/** Placeholder: the Confluent REST client is being written (issue 2). */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {
  private final RegistryConfig config;

  public HttpSchemaRegistryClient(RegistryConfig config) {
    this.config = config;
  }

  @Override public int register(String subject, Schema schema) { throw new UnsupportedOperationException(); }
  @Override public int lookUpId(String subject, Schema schema) { throw new UnsupportedOperationException(); }
  @Override public Schema getById(int id) { throw new UnsupportedOperationException(); }
  @Override public RegisteredSchema latest(String subject) { throw new UnsupportedOperationException(); }
  @Override public boolean isCompatible(String subject, Schema schema) { throw new UnsupportedOperationException(); }
  @Override public String describe() { return config.url(); }
}
