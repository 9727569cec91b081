package io.cartpulse.platform.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Schema Registry for the contract tests: Apicurio Registry, unpacked from Maven Central by
 * the build ({@code local-platform/pom.xml}), run as a child process on 127.0.0.1 with in-memory
 * storage, global compatibility BACKWARD (Apicurio's default is NONE) and canonical hashing for
 * its Confluent-compatible API (so a schema sent in another text form keeps its id, as Confluent
 * does). Clients use {@link #url()}, the ccompat base URL.
 *
 * <p>Both distribution layouts are known: 2.x is one Quarkus runner jar that runs on Java 17
 * (the build's own JVM); 3.x is a {@code quarkus-run.jar} application that needs Java 21 or newer,
 * taken from {@code cartpulse.apicurio.java}, the build's JVM when new enough, or the newest JDK
 * under {@code /usr/lib/jvm}. The registry's output goes to a log file beside the distribution.
 * {@link #close()} stops it; a shutdown hook does too if the test JVM exits first.
 */
public final class ApicurioRegistry implements AutoCloseable {

  /** The unpacked distribution (set by the build for Surefire). */
  public static final String DIR_PROPERTY = "cartpulse.apicurio.dir";
  /** A JDK home or java executable for a distribution that needs a newer Java than the build's. */
  public static final String JAVA_PROPERTY = "cartpulse.apicurio.java";

  /** The Confluent-compatible API under the registry's root. */
  public static final String CCOMPAT_PATH = "/apis/ccompat/v7";

  private static final Logger LOG = LoggerFactory.getLogger(ApicurioRegistry.class);
  /** Measured 5-15 s on two idle cores, 30 s when the cores are shared with a build; generous on purpose. */
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration POLL_PAUSE = Duration.ofMillis(200);
  private static final Path JVM_DIR = Path.of("/usr/lib/jvm");
  private static final String JSON = "application/vnd.schemaregistry.v1+json";

  private final Process process;
  private final Path logFile;
  private final String rootUrl;
  private final String description;
  private final Thread shutdownHook;

  private ApicurioRegistry(Process process, Path logFile, String rootUrl, String description) {
    this.process = process;
    this.logFile = logFile;
    this.rootUrl = rootUrl;
    this.description = description;
    this.shutdownHook = new Thread(this::stopProcess, "apicurio-registry-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts the distribution named by {@link #DIR_PROPERTY}. */
  public static ApicurioRegistry startFromBuild() {
    String dir = System.getProperty(DIR_PROPERTY);
    if (dir == null || dir.isBlank()) {
      throw new IllegalStateException("System property " + DIR_PROPERTY + " is not set: run the Apicurio tests "
          + "through Maven (mvn -pl local-platform test), which unpacks the registry and sets it");
    }
    return start(Path.of(dir));
  }

  /** Starts the registry unpacked in {@code distribution} and returns once it serves the ccompat API. */
  public static ApicurioRegistry start(Path distribution) {
    Layout layout = Layout.of(distribution);
    Path java = javaFor(layout);
    int httpPort = freePort();
    String rootUrl = "http://127.0.0.1:" + httpPort;
    List<String> command = new ArrayList<>(List.of(java.toString(),
        // The registry is small; C1 only and one GC thread start it faster on two shared cores.
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-Djava.io.tmpdir=" + createDirectories(distribution.resolve("tmp")),
        "-Dquarkus.http.host=127.0.0.1",
        "-Dquarkus.http.port=" + httpPort));
    command.addAll(layout.settings());
    command.add("-jar");
    command.add(layout.jar().toString());

    Path logFile = distribution.resolve("registry-" + httpPort + ".log");
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(distribution.toFile())
        .redirectErrorStream(true)
        .redirectOutput(logFile.toFile());
    builder.environment().putAll(layout.environment());
    String description = "Apicurio Registry " + layout.version() + " at " + rootUrl + " (Java " + featureVersion(java)
        + ", log " + logFile + ")";
    LOG.info("Starting {}", description);
    long started = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + description + ": " + e.getMessage(), e);
    }
    ApicurioRegistry registry = new ApicurioRegistry(process, logFile, rootUrl, description);
    try {
      registry.awaitApi(started);
      registry.setGlobalCompatibility("BACKWARD");
    } catch (RuntimeException e) {
      registry.close();
      throw e;
    }
    LOG.info("{} ready in {} ms", description, Duration.ofNanos(System.nanoTime() - started).toMillis());
    return registry;
  }

  /** The Confluent-compatible API: the value for {@code schema.registry.url}. */
  public String url() {
    return rootUrl + CCOMPAT_PATH;
  }

  @Override
  public String toString() {
    return description;
  }

  @Override
  public void close() {
    stopProcess();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down: the hook runs (or ran) stopProcess itself.
    }
  }

  private void stopProcess() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy(); // SIGTERM: Quarkus shuts down cleanly.
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("{} did not stop within {} s; killing it", description, STOP_TIMEOUT.toSeconds());
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  // --- start-up ---------------------------------------------------------------------------------

  /** Polls the ccompat API until it answers 200; fails early when the process ends. */
  private void awaitApi(long startedNanos) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest subjects = HttpRequest.newBuilder(URI.create(url() + "/subjects")).timeout(Duration.ofSeconds(10))
        .GET().build();
    long deadline = startedNanos + START_TIMEOUT.toNanos();
    String last = "no answer yet";
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(description + " exited with code " + process.exitValue()
            + " before it was ready; its log ends with:\n" + logTail());
      }
      try {
        HttpResponse<String> response = http.send(subjects, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
        last = "HTTP " + response.statusCode();
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for " + description, e);
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(description + " did not serve " + CCOMPAT_PATH + "/subjects within "
            + START_TIMEOUT.toSeconds() + " s (last: " + last + "); its log ends with:\n" + logTail());
      }
      pause();
    }
  }

  /**
   * Sets the global level through the ccompat API, the way an operator does on any
   * Confluent-compatible registry; 2.x's start-up property for it is enforced but not reported
   * by {@code GET /config}, this is both.
   */
  private void setGlobalCompatibility(String level) {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest put = HttpRequest.newBuilder(URI.create(url() + "/config")).timeout(Duration.ofSeconds(10))
        .header("Content-Type", JSON)
        .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"" + level + "\"}")).build();
    try {
      HttpResponse<String> response = http.send(put, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("Cannot set the global compatibility of " + description + " to " + level
            + ": HTTP " + response.statusCode() + " " + response.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot set the global compatibility of " + description, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while configuring " + description, e);
    }
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + logFile + ": " + e.getMessage() + ")";
    }
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_PAUSE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the registry", e);
    }
  }

  /**
   * A port free right now on 127.0.0.1. Quarkus would take port 0, but then the port is only in
   * its log; another process grabbing this one in between is the (rare) price.
   */
  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find a free port on 127.0.0.1", e);
    }
  }

  private static Path createDirectories(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + dir, e);
    }
  }

  // --- distribution layouts and Java ------------------------------------------------------------

  /**
   * What differs between the registry's major versions: where the jar is, which Java it needs,
   * the prefix of its own settings and the extra listener 3.x opens.
   */
  record Layout(String version, Path jar, int minimumJava, List<String> settings, Map<String, String> environment) {

    static Layout of(Path distribution) {
      if (!Files.isDirectory(distribution)) {
        throw new IllegalStateException("No Apicurio Registry distribution at " + distribution
            + ": build with Maven first (mvn -pl local-platform test-compile unpacks it)");
      }
      Path quarkusRun = distribution.resolve("quarkus-run.jar");
      if (Files.isRegularFile(quarkusRun)) {
        // 3.x opens a management interface (health, metrics) on 0.0.0.0:9000 unless told otherwise.
        return new Layout(versionOf(distribution.resolve("app"), "apicurio-registry-app-"), quarkusRun, 21, List.of(
            "-Dquarkus.management.host=127.0.0.1",
            "-Dquarkus.management.port=" + freePort(),
            "-Dapicurio.storage.kind=sql",
            "-Dapicurio.storage.sql.kind=h2",
            "-Dapicurio.datasource.url=jdbc:h2:mem:cartpulse",
            "-Dapicurio.storage.snapshot.location=" + createDirectories(distribution.resolve("tmp")),
            "-Dapicurio.ccompat.use-canonical-hash=true"), Map.of());
      }
      Optional<Path> runner = list(distribution).filter(p -> p.getFileName().toString().endsWith("-runner.jar"))
          .findFirst();
      if (runner.isPresent()) {
        String name = runner.get().getFileName().toString();
        String version = name.substring("apicurio-registry-app-".length(), name.length() - "-runner.jar".length());
        // 2.x keeps its storage in an in-memory H2 database named by this variable.
        return new Layout(version, runner.get(), 17, List.of("-Dregistry.ccompat.use-canonical-hash=true"),
            Map.of("REGISTRY_DATASOURCE_URL", "jdbc:h2:mem:registry_db"));
      }
      throw new IllegalStateException("Not an Apicurio Registry distribution (neither quarkus-run.jar nor "
          + "*-runner.jar): " + distribution);
    }

    private static String versionOf(Path appDir, String prefix) {
      return list(appDir).map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(prefix) && n.endsWith(".jar"))
          .map(n -> n.substring(prefix.length(), n.length() - ".jar".length()))
          .findFirst().orElse("3.x");
    }
  }

  /** The java executable for {@code layout}: see the class comment for the order. */
  static Path javaFor(Layout layout) {
    String configured = System.getProperty(JAVA_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      Path given = Path.of(configured.trim());
      Path java = Files.isDirectory(given) ? given.resolve("bin/java") : given;
      if (!Files.isExecutable(java)) {
        throw new IllegalStateException(JAVA_PROPERTY + "=" + configured + ": no java executable there");
      }
      int version = featureVersion(java);
      if (version < layout.minimumJava()) {
        throw new IllegalStateException(JAVA_PROPERTY + "=" + configured + " is Java " + version + "; Apicurio Registry "
            + layout.version() + " needs Java " + layout.minimumJava() + " or newer");
      }
      return java;
    }
    Path current = Path.of(System.getProperty("java.home"), "bin", "java");
    if (Runtime.version().feature() >= layout.minimumJava()) {
      return current;
    }
    return list(JVM_DIR)
        .map(home -> home.resolve("bin/java"))
        .filter(Files::isExecutable)
        .filter(java -> featureVersion(java) >= layout.minimumJava())
        .max(Comparator.comparingInt(ApicurioRegistry::featureVersion))
        .orElseThrow(() -> new IllegalStateException("Apicurio Registry " + layout.version() + " needs Java "
            + layout.minimumJava() + " or newer; the build runs on Java " + Runtime.version().feature()
            + " and there is none under " + JVM_DIR + ". Give one with -Dapicurio.java=JDK_HOME, or test against "
            + "-Dapicurio.version=2.6.13.Final, which runs on Java 17."));
  }

  /** The feature version from the JDK's {@code release} file (no process started); 0 when unknown. */
  static int featureVersion(Path java) {
    Properties props = new Properties();
    try (var in = Files.newBufferedReader(java.toRealPath().getParent().getParent().resolve("release"),
        StandardCharsets.UTF_8)) {
      props.load(in);
    } catch (IOException e) {
      return 0;
    }
    String version = props.getProperty("JAVA_VERSION", "").replace("\"", "");
    String feature = version.startsWith("1.") ? version.substring(2) : version;
    int end = 0;
    while (end < feature.length() && Character.isDigit(feature.charAt(end))) {
      end++;
    }
    return end == 0 ? 0 : Integer.parseInt(feature.substring(0, end));
  }

  private static Stream<Path> list(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Stream.empty();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.sorted().toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir, e);
    }
  }
}
