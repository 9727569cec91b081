package io.cartpulse.platform.registry;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link SchemaRegistryContract} against a real registry: Apicurio Registry's Confluent-compatible API. */
@ExtendWith(ApicurioRegistryExtension.class)
class ApicurioRegistryContractTest extends SchemaRegistryContract {

  private static String url;

  @BeforeAll
  static void registry(ApicurioRegistry registry) {
    url = registry.url();
  }

  @Override
  String registryUrl() {
    return url;
  }
}
