package io.cartpulse.chaos;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One part of the pipeline as a child JVM: a Java main on this JVM's classpath, with its output in
 * {@code <name>.out} and its log in {@code <name>.log} under the log directory. It can be started
 * again with the same command after a kill, as a container would be.
 */
final class ManagedProcess {
  private final String name;
  private List<String> command;
  private final Path logDir;
  private Process process;
  private int starts;

  /**
   * @param mainClass the main to run
   * @param heap the -Xmx value, e.g. "512m"
   * @param properties extra -D settings (key=value)
   * @param args the main's arguments
   */
  ManagedProcess(String name, Path logDir, String mainClass, String heap, List<String> properties, List<String> args) {
    this(name, logDir, System.getProperty("java.class.path"), mainClass, heap, List.of(), properties, args);
  }

  /** The same, on {@code classpath} instead of this JVM's, with {@code jvmOptions} after the defaults. */
  ManagedProcess(String name, Path logDir, String classpath, String mainClass, String heap, List<String> jvmOptions,
      List<String> properties, List<String> args) {
    this.name = name;
    this.logDir = logDir;
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + heap);
    cmd.add("-XX:+UseSerialGC");
    cmd.addAll(jvmOptions);
    // What this JVM was given to open modules for Flink and Kafka (scripts/lib.sh), the children need too.
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports")) {
        cmd.add(arg);
      }
    }
    cmd.add("-Dlog4j2.statusLoggerLevel=ERROR");
    cmd.add("-Dcartpulse.log.file=" + logDir.resolve(name + ".log"));
    properties.forEach(property -> cmd.add("-D" + property));
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(mainClass);
    cmd.addAll(args);
    this.command = List.copyOf(cmd);
  }

  String name() {
    return name;
  }

  /**
   * Starts this process from a class-data-sharing archive of the classes its start loads, as the
   * streams-app image does (streams-app/Dockerfile): before the first start, a training run of the
   * same command with {@code trainingArgs} (which must exit by itself) writes the archive. Only jars
   * can be archived, so the command's classpath keeps only its jars (the mains run here need
   * nothing else). Without a usable archive the JVM starts as before ({@code -Xshare:auto}).
   */
  synchronized void shareClassData(Path archive, List<String> trainingArgs) throws IOException, InterruptedException {
    List<String> jarsOnly = new ArrayList<>(command);
    int cp = jarsOnly.indexOf("-cp") + 1;
    jarsOnly.set(cp, Arrays.stream(jarsOnly.get(cp).split(java.io.File.pathSeparator))
        .filter(entry -> entry.endsWith(".jar")).collect(Collectors.joining(java.io.File.pathSeparator)));
    if (!Files.exists(archive)) {
      List<String> training = new ArrayList<>(jarsOnly);
      training.add(1, "-XX:ArchiveClassesAtExit=" + archive);
      training.addAll(training.indexOf(mainClass(jarsOnly)) + 1, trainingArgs);
      Files.createDirectories(logDir);
      Process run = new ProcessBuilder(training).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve(name + "-cds-training.out").toFile())).start();
      if (!run.waitFor(3, TimeUnit.MINUTES)) {
        run.destroyForcibly();
      }
    }
    jarsOnly.add(1, "-XX:SharedArchiveFile=" + archive);
    command = List.copyOf(jarsOnly);
  }

  private static String mainClass(List<String> command) {
    return command.get(command.indexOf("-cp") + 2);
  }

  /** Starts the process (again). */
  synchronized void start() throws IOException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
    }
    Files.createDirectories(logDir);
    starts++;
    Path out = logDir.resolve(name + ".out");
    process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
        .start();
  }

  synchronized boolean alive() {
    return process != null && process.isAlive();
  }

  synchronized long pid() {
    return process == null ? -1 : process.pid();
  }

  /**
   * The CPU time the running process has used so far (all its threads), or empty when it is not running
   * or the operating system does not tell.
   */
  synchronized Optional<Duration> cpuTime() {
    return process == null || !process.isAlive() ? Optional.empty() : process.toHandle().info().totalCpuDuration();
  }

  /** How often it was started. */
  synchronized int starts() {
    return starts;
  }

  /** kill -9: no shutdown hook runs, nothing is flushed or closed. */
  void kill() throws InterruptedException {
    Process current;
    synchronized (this) {
      current = process;
    }
    if (current != null && current.isAlive()) {
      current.destroyForcibly();
      current.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** SIGTERM, then kill -9 if it has not ended within {@code grace}. Returns whether it ended by itself. */
  boolean stop(Duration grace) throws InterruptedException {
    Process current;
    synchronized (this) {
      current = process;
    }
    if (current == null || !current.isAlive()) {
      return true;
    }
    current.destroy();
    if (current.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      return true;
    }
    kill();
    return false;
  }

  /** SIGSTOP / SIGCONT: the process freezes (its sockets accept, nothing answers) and thaws. */
  void signal(String signal) throws IOException, InterruptedException {
    long pid;
    synchronized (this) {
      if (process == null || !process.isAlive()) {
        return;
      }
      pid = process.pid();
    }
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IOException("kill -" + signal + " " + pid + " (" + name + ") failed");
    }
  }

  @Override
  public String toString() {
    return name + (alive() ? " (pid " + pid() + ")" : " (not running)");
  }
}
