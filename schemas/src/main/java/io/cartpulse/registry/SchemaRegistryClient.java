package io.cartpulse.registry;

import java.io.Closeable;
import org.apache.avro.Schema;

/**
 * The subset of the Confluent Schema Registry REST API that CartPulse uses. Implementations:
 * {@link HttpSchemaRegistryClient} (Confluent, Apicurio ccompat, Karapace, Redpanda) and
 * {@link InMemorySchemaRegistryClient} (unit tests, backtests). Wrap either in
 * {@link CachingSchemaRegistryClient} so a hot path never asks the registry per record.
 *
 * <p>Every method throws {@link SchemaRegistryException} on failure; it names the registry and
 * the reason, and carries the registry's error code when there is one.
 */
public interface SchemaRegistryClient extends Closeable {

  /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
  int register(String subject, Schema schema);

  /** The id of {@code schema} if it is already registered under {@code subject}. */
  int lookUpId(String subject, Schema schema);

  /** The schema with global id {@code id}. */
  Schema getById(int id);

  /** The newest version registered under {@code subject}. */
  RegisteredSchema latest(String subject);

  /** Whether {@code schema} may be registered under {@code subject} by the subject's compatibility level. */
  boolean isCompatible(String subject, Schema schema);

  /** Where this client points, for error messages and logs. */
  String describe();

  @Override
  default void close() {}

  /** A schema as registered: subject, version, global id. */
  record RegisteredSchema(String subject, int version, int id, Schema schema) {}
}
