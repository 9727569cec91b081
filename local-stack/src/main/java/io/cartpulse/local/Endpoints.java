package io.cartpulse.local;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where a running local stack can be reached. run-local writes {@code run/endpoints.properties}
 * under the project home while it runs, so tail-alerts finds the embedded broker (on a free port)
 * and the registry without being told.
 *
 * @param bootstrapServers {@code bootstrap.servers}
 * @param registryUrl {@code schema.registry.url}
 */
public record Endpoints(String bootstrapServers, String registryUrl) {
  public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";
  public static final String DEFAULT_REGISTRY = "http://127.0.0.1:8081";

  /** The project directory: {@code -Dcartpulse.home} (set by scripts/lib.sh), else the working directory. */
  public static Path home() {
    return Path.of(System.getProperty("cartpulse.home", ".")).toAbsolutePath().normalize();
  }

  /** The file a running local stack advertises itself in. */
  public static Path currentFile() {
    return home().resolve("run").resolve("endpoints.properties");
  }

  public void write(Path file) throws IOException {
    Properties props = new Properties();
    props.setProperty("bootstrap.servers", bootstrapServers);
    props.setProperty("schema.registry.url", registryUrl);
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      props.store(out, "written by run-local while it runs; deleted when it stops");
    }
  }

  /** The endpoints of the running local stack, or null when none advertises itself. */
  public static Endpoints readCurrent() {
    Path file = currentFile();
    if (!Files.isRegularFile(file)) {
      return null;
    }
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(in);
    } catch (IOException e) {
      return null;
    }
    String bootstrap = props.getProperty("bootstrap.servers");
    String registry = props.getProperty("schema.registry.url");
    return bootstrap == null || registry == null ? null : new Endpoints(bootstrap, registry);
  }

  /**
   * The endpoints a tool should use: the explicit options first, then the running local stack,
   * then the conventional local defaults.
   */
  public static Endpoints resolve(String bootstrapOption, String registryOption) {
    Endpoints current = readCurrent();
    String bootstrap = bootstrapOption != null ? bootstrapOption
        : current != null ? current.bootstrapServers() : DEFAULT_BOOTSTRAP;
    String registry = registryOption != null ? registryOption
        : current != null ? current.registryUrl() : DEFAULT_REGISTRY;
    return new Endpoints(bootstrap, registry);
  }
}
