package io.cartpulse.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChaosClusterTest {
  @TempDir
  Path dir;

  @Test
  void streamsAppInstancesRunOnTheClasspathItsBuildWroteAsTheImageWould() throws IOException {
    Path target = Files.createDirectories(dir.resolve("streams-app/target"));
    Path jar = Files.createFile(target.resolve("cartpulse-streams-app-0.1.0-SNAPSHOT.jar"));
    Files.writeString(target.resolve("runtime-classpath.txt"), "/m2/kafka-streams.jar" + File.pathSeparator
        + "/m2/rocksdbjni.jar\n");
    String launcher = String.join(File.pathSeparator, "/m2/flink-runtime.jar", jar.toString(), "/m2/kafka_2.13.jar");

    assertThat(ChaosCluster.streamsAppClasspath(launcher))
        .isEqualTo(String.join(File.pathSeparator, jar.toString(), "/m2/kafka-streams.jar", "/m2/rocksdbjni.jar"));
  }

  @Test
  void withoutTheClasspathFileTheInstancesRunOnTheLaunchersClasspath() throws IOException {
    Path jar = Files.createFile(dir.resolve("cartpulse-streams-app-0.1.0.jar"));
    String launcher = String.join(File.pathSeparator, "/m2/flink-runtime.jar", jar.toString());

    assertThat(ChaosCluster.streamsAppClasspath(launcher)).isEqualTo(launcher);
  }

  @Test
  void rocksDbsLibraryIsUnpackedFromTheInstancesOwnRocksDbJarNotFlinksFork() throws IOException {
    String library = org.rocksdb.util.Environment.getJniLibraryFileName("rocksdb");
    Path fork = jarWith(dir.resolve("frocksdbjni-8.10.0-ververica-1.0.jar"), library, "flink's older library");
    Path rocksdb = jarWith(dir.resolve("rocksdbjni-10.1.3.jar"), library, "the streams-app's library");
    Path nativeDir = dir.resolve("native");

    List<String> options = ChaosCluster.rocksDbLibraryPath(fork + File.pathSeparator + rocksdb, nativeDir);

    assertThat(options).containsExactly("-Djava.library.path=" + nativeDir);
    assertThat(nativeDir.resolve(library)).hasContent("the streams-app's library");
  }

  @Test
  void withoutRocksDbsJarNothingIsAdded() throws IOException {
    assertThat(ChaosCluster.rocksDbLibraryPath("/m2/kafka-streams.jar", dir.resolve("native"))).isEmpty();
    assertThat(dir.resolve("native")).doesNotExist();
  }

  private static Path jarWith(Path jar, String entry, String content) throws IOException {
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new ZipEntry(entry));
      out.write(content.getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return jar;
  }

  @Test
  void theTestJarIsNotTheStreamsApp() throws IOException {
    Path tests = Files.createFile(dir.resolve("cartpulse-streams-app-0.1.0-tests.jar"));
    Files.writeString(dir.resolve("runtime-classpath.txt"), "/m2/kafka-streams.jar");
    String launcher = String.join(File.pathSeparator, tests.toString(), "/m2/flink-runtime.jar");

    assertThat(ChaosCluster.streamsAppClasspath(launcher)).isEqualTo(launcher);
  }
}
