package io.cartpulse.registry;

import java.util.Map;

/** Builds the client a {@link RegistryConfig} asks for, always behind a cache. */
public final class SchemaRegistryClients {
  private SchemaRegistryClients() {}

  public static SchemaRegistryClient create(Map<String, ?> configs) {
    return create(RegistryConfig.from(configs));
  }

  public static SchemaRegistryClient create(RegistryConfig config) {
    SchemaRegistryClient client = config.isMock()
        ? InMemorySchemaRegistryClient.forScope(config.url().substring(RegistryConfig.MOCK_SCHEME.length()))
        : new HttpSchemaRegistryClient(config);
    return new CachingSchemaRegistryClient(client);
  }
}
