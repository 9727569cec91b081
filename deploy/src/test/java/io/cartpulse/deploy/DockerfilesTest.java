package io.cartpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Dockerfiles against the repository: what they copy, build, run and as whom. */
class DockerfilesTest {
  /** Dockerfile to the module whose jar it ships. */
  static final Map<String, String> DOCKERFILES = Map.of(
      "streams-app/Dockerfile", "streams-app",
      "flink-jobs/Dockerfile", "flink-jobs",
      "compose/tools.Dockerfile", "local-stack",
      "dashboard/Dockerfile", "dashboard");

  static List<String> dockerfiles() {
    return List.copyOf(DOCKERFILES.keySet());
  }

  static Dockerfile parse(String path) {
    return Dockerfile.parse(path, Repo.read(path));
  }

  @ParameterizedTest
  @MethodSource("dockerfiles")
  void noRunWritesOutsideItsUsersHomeUnlessItRunsAsRoot(String path) {
    assertThat(parse(path).nonRootWritesOutsideHome()).as(path).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("dockerfiles")
  void theImageRunsAsAnUnprivilegedUser(String path) {
    Dockerfile file = parse(path);
    assertThat(file.lastStage().finalUser(file.stagesByName())).as(path).isNotIn("root", "0");
  }

  @ParameterizedTest
  @MethodSource("dockerfiles")
  void theBuildStageCopiesEveryModulePomAndOnlySourcesThatExist(String path) {
    Dockerfile file = parse(path);
    assertThat(file.stages.get(0).name()).as("%s: a multi-stage build named 'build'", path).isEqualTo("build");
    List<String> copies = file.stages.get(0).instructions().stream()
        .filter(i -> i.keyword().equals("COPY")).map(Dockerfile.Instruction::arguments).toList();
    for (String module : Repo.modules()) {
      // Maven reads every module the parent lists, even with -pl.
      assertThat(copies).as("%s copies %s/pom.xml", path, module).contains(module + "/pom.xml " + module + "/");
    }
    for (Dockerfile.Instruction copy : file.instructions("COPY")) {
      if (copy.arguments().contains("--from=") || !copy.heredocBodies().isEmpty()) {
        continue;
      }
      List<String> words = List.of(copy.arguments().split("\\s+")).stream().filter(w -> !w.startsWith("--")).toList();
      for (String source : words.subList(0, words.size() - 1)) {
        assertThat(Files.exists(Repo.path(source))).as("%s line %d: COPY source %s", path, copy.line(), source).isTrue();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("dockerfiles")
  void theJarsItCopiesAreTheModulesArtifactsAndTheClassesItNamesExist(String path) {
    String text = Repo.read(path);
    String artifactId = Repo.artifactId(DOCKERFILES.get(path));
    Matcher jars = Pattern.compile("target/(cartpulse-[a-z-]+?)-\\*").matcher(text);
    int found = 0;
    while (jars.find()) {
      found++;
      assertThat(jars.group(1)).as("%s copies a jar of %s", path, DOCKERFILES.get(path)).isEqualTo(artifactId);
    }
    assertThat(found).as("%s copies the jar of %s", path, artifactId).isPositive();
    Matcher classes = Pattern.compile("io\\.cartpulse(?:\\.[a-z]+)+\\.[A-Z]\\w+").matcher(text);
    while (classes.find()) {
      assertThat(Repo.classExists(classes.group())).as("%s names %s", path, classes.group()).isTrue();
    }
  }

  @Test
  void theStreamsAppStartsFromTheClassDataArchiveItsImageTrains() {
    String text = Repo.read("streams-app/Dockerfile");
    Matcher training = Pattern.compile("-XX:ArchiveClassesAtExit=(\\S+) -cp (\\S+)\\s*\\\\?\\s*(\\S+) (\\S+)")
        .matcher(text);
    assertThat(training.find()).as("a training run writes the archive").isTrue();
    assertThat(training.group(4)).isEqualTo(io.cartpulse.streams.CartPulseStreamsApp.DESCRIBE);
    // The JVM uses the archive only with the classpath and main it was trained with.
    assertThat(text).contains("exec java ${JAVA_OPTS} -cp " + training.group(2) + " " + training.group(3) + " ")
        .containsPattern("JAVA_OPTS=\"[^\"]*-XX:SharedArchiveFile=" + Pattern.quote(training.group(1)) + "[ \"]");
  }

  @Test
  void theStreamsAppLoadsRocksDbFromTheLibrariesItsImageUnpacked() {
    String text = Repo.read("streams-app/Dockerfile");
    Matcher unpack = Pattern.compile("cd (\\S+) && jar xf \\S+/rocksdbjni-\\*\\.jar ([^)]+)\\)").matcher(text);
    assertThat(unpack.find()).as("the build stage unpacks RocksDB's native libraries").isTrue();
    for (String library : unpack.group(2).trim().split("\\s+")) {
      // RocksDB looks for lib<rocksdbjni-platform>.so on java.library.path before it unpacks its jar.
      assertThat(org.rocksdb.RocksDB.class.getResource("/" + library)).as("%s in the rocksdbjni jar", library).isNotNull();
    }
    Matcher copy = Pattern.compile("COPY --from=build " + Pattern.quote(unpack.group(1)) + "/? (\\S+?)/?\\n").matcher(text);
    assertThat(copy.find()).as("the runtime stage copies them").isTrue();
    assertThat(text).containsPattern("JAVA_OPTS=\"[^\"]*-Djava\\.library\\.path=" + Pattern.quote(copy.group(1)) + "[ \"]");
  }

  @Test
  void theFlinkImageInstallsTheJobJarBuiltAsTheShadedJobArtifact() {
    String pom = Repo.read("flink-jobs/pom.xml");
    assertThat(pom).contains("<shadedClassifierName>job</shadedClassifierName>",
        "<shadedArtifactAttached>true</shadedArtifactAttached>", "<include>org.apache.flink:flink-connector-kafka</include>");
    assertThat(Repo.read("flink-jobs/Dockerfile")).contains("cartpulse-flink-jobs-*-job.jar",
        "/opt/flink/usrlib/cartpulse-flink-jobs.jar");
  }

  // The rule itself, on the Dockerfile of issue 12 and its fix.

  @Test
  void aRunThatCreatesDirectoriesOutsideTheHomeAsTheFlinkUserIsFound() {
    Dockerfile broken = Dockerfile.parse("broken", """
        ARG FLINK_IMAGE=flink:2.2.1-java17
        FROM ${FLINK_IMAGE}
        RUN mkdir -p /flink-data/checkpoints \\
         && chown -R flink:flink /flink-data
        RUN mkdir -p usrlib/extra && echo ok > /opt/flink/conf/extra.yaml
        """);

    assertThat(broken.nonRootWritesOutsideHome()).hasSize(2)
        .anySatisfy(p -> assertThat(p).startsWith("line 3: 'mkdir' writes /flink-data/checkpoints as user flink"))
        .anySatisfy(p -> assertThat(p).startsWith("line 3: 'chown' as user flink"));
  }

  @Test
  void theSameRunAsRootIsFineAndAUserAddedInTheFileHasItsOwnHome() {
    Dockerfile fixed = Dockerfile.parse("fixed", """
        FROM flink:2.2.1-java17
        USER root
        RUN mkdir -p /flink-data && chown -R flink:flink /flink-data
        USER flink
        FROM eclipse-temurin:17-jre AS app
        RUN useradd --system --home-dir /app --shell /usr/sbin/nologin cartpulse && mkdir -p /app/run
        USER cartpulse
        RUN touch /app/run/ok > /app/run/log
        RUN touch /var/lib/state
        """);

    assertThat(fixed.nonRootWritesOutsideHome()).singleElement()
        .satisfies(p -> assertThat(p).startsWith("line 9: 'touch' writes /var/lib/state as user cartpulse (home /app)"));
    assertThat(fixed.stages.get(0).finalUser(fixed.stagesByName())).isEqualTo("flink");
  }
}
