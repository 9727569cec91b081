package io.cartpulse.platform.registry;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test an {@link ApicurioRegistry} parameter ({@code @BeforeAll static void setUp(ApicurioRegistry
 * registry)}). One registry serves every test class of the test run: it starts on first use and
 * stops when the run ends, so a build pays its start-up once. Tests share it, so each uses
 * subjects of its own.
 */
public final class ApicurioRegistryExtension implements ParameterResolver {

  private static final Namespace NAMESPACE = Namespace.create(ApicurioRegistryExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == ApicurioRegistry.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(Running.class, key -> new Running(ApicurioRegistry.startFromBuild()), Running.class)
        .registry();
  }

  /** Closed by JUnit when the root context (the whole run) closes. */
  private record Running(ApicurioRegistry registry) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      registry.close();
    }
  }
}
