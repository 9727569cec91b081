package io.cartpulse.platform.registry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link SchemaRegistryContract} against the stand-in: it must answer as the real registry does. */
class LocalSchemaRegistryContractTest extends SchemaRegistryContract {

  private static LocalSchemaRegistry registry;

  @BeforeAll
  static void start() {
    registry = LocalSchemaRegistry.start();
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  @Override
  String registryUrl() {
    return registry.url();
  }
}
