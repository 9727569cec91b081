package io.cartpulse.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.cartpulse.alert.Alerts;
import io.cartpulse.alert.BacktestOutput;
import io.cartpulse.contract.ReferenceContract;
import io.cartpulse.contract.ReferenceContract.ExpectedAlert;
import io.cartpulse.local.cli.Cli;
import io.cartpulse.platform.registry.LocalSchemaRegistry;
import io.cartpulse.registry.RegistryConfig;
import io.cartpulse.registry.SchemaRegistryClient;
import io.cartpulse.registry.SchemaRegistryClients;
import io.cartpulse.testing.CsvFiles;
import io.cartpulse.contract.Topics;
import io.cartpulse.contract.Subjects;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class RunLocalTest {
  @TempDir
  Path dir;

  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  @BeforeEach
  void home() {
    // run-local advertises its endpoints under the project home: keep that inside the test's directory.
    System.setProperty("cartpulse.home", dir.toString());
  }

  private int runLocal(String... args) {
    stdout.reset();
    stderr.reset();
    return RunLocal.run(args, new PrintStream(stdout, true, StandardCharsets.UTF_8),
        new PrintStream(stderr, true, StandardCharsets.UTF_8), new AtomicReference<>());
  }

  @Test
  @Timeout(180)
  void replayStopsOnceDrainedAndWritesWhatTheTopicsHold() throws Exception {
    Path fixture = CsvFiles.copy(CsvFiles.REPLAY_SMALL, dir);
    Path alerts = dir.resolve("out/alerts.jsonl");
    Path pvuv = dir.resolve("out/pvuv.jsonl");
    // Through --registry: the stack starts no stand-in of its own and everything goes through this one
    // (LocalPipelineEndToEndTest runs the stack with its own stand-in).
    RunLocal.Outcome outcome;
    try (LocalSchemaRegistry external = LocalSchemaRegistry.start(0)) {
      outcome = RunLocal.execute(RunLocal.Options.parse(new String[] {"--replay", fixture.toString(),
          "--speed", "max", "--registry", external.url(), "--run-dir", dir.resolve("run").toString(),
          "--alerts-out", alerts.toString(), "--pvuv-out", pvuv.toString()}),
          new PrintStream(stdout, true, StandardCharsets.UTF_8), new AtomicReference<>());
      try (SchemaRegistryClient client = SchemaRegistryClients.create(
          Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, external.url()))) {
        for (String topic : List.of(Topics.CLICKSTREAM, Topics.ALERTS, Topics.PVUV)) {
          assertThat(client.latest(Subjects.valueSubject(topic)).id()).as("%s registered in --registry", topic)
              .isPositive();
        }
      }
    }

    assertThat(outcome.exitCode()).as(stdout.toString(StandardCharsets.UTF_8)).isEqualTo(Cli.OK);
    assertThat(outcome.produced()).isEqualTo(CsvFiles.REPLAY_SMALL_ROWS);
    assertThat(outcome.invalid()).isEqualTo(CsvFiles.REPLAY_SMALL_INVALID);
    assertThat(outcome.output().dlq()).isGreaterThanOrEqualTo(CsvFiles.REPLAY_SMALL_INVALID);
    // The run stopped because clickstream was consumed: with exactly-once the streams-app's alerts
    // are committed with its offsets, so all of them are in the read-back.
    Set<String> expectedStreams = ReferenceContract.run(CsvFiles.readValid(fixture)).streamsAlerts().stream()
        .map(ExpectedAlert::jsonLine).collect(Collectors.toSet());
    assertThat(Files.readAllLines(alerts)).containsAll(expectedStreams);
    assertThat(Files.readAllLines(alerts)).hasSize(outcome.output().alerts().size());
    assertThat(Files.readAllLines(pvuv)).hasSize(outcome.output().pvuv().size());
    assertThat(outcome.output().undecodable()).as("records the external registry cannot decode").isZero();
    List<Map<String, Object>> written = BacktestOutput.readLines(alerts);
    assertThat(written).extracting(a -> ((Number) a.get("eventTime")).longValue()).isSorted();
    assertThat(Files.exists(Endpoints.currentFile())).as("endpoints file removed at the end").isFalse();
  }

  @Test
  void aRegistryPortInUseIsOneLineAndExitOne() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int code = runLocal("--seconds", "1", "--registry-port", String.valueOf(taken.getLocalPort()),
          "--run-dir", dir.resolve("run").toString());
      assertThat(code).isEqualTo(Cli.FAILED);
      assertThat(stderr.toString(StandardCharsets.UTF_8))
          .startsWith("run-local: cannot start the Schema Registry on 127.0.0.1:" + taken.getLocalPort()
              + " (port in use?").hasLineCount(1);
    }
  }

  @Test
  void badArgumentsExitTwoWithTheUsage() throws Exception {
    Path fixture = CsvFiles.copy(CsvFiles.REPLAY_SMALL, dir);
    Path notCsv = dir.resolve("not.csv");
    Files.writeString(notCsv, "a,b\n");
    List<String[]> cases = List.of(
        new String[] {"--replay", dir.resolve("missing.csv").toString()},
        new String[] {"--replay", notCsv.toString(), "--registry-port", "0", "--run-dir", dir.resolve("r").toString()},
        new String[] {"--speed", "2"},
        new String[] {"--replay", fixture.toString(), "--speed", "fast"},
        new String[] {"--replay", fixture.toString(), "--rate", "10"},
        new String[] {"--seconds", "-1"},
        new String[] {"--registry-port", "70000"},
        new String[] {"--users", "0"},
        new String[] {"extra"});
    for (String[] args : cases) {
      assertThat(runLocal(args)).as(String.join(" ", args)).isEqualTo(Cli.USAGE);
      String[] lines = stderr.toString(StandardCharsets.UTF_8).split("\n");
      assertThat(lines[0]).startsWith("run-local: ");
      assertThat(lines[1]).startsWith("Usage: scripts/run-local");
    }
  }

  @Test
  void aBadRegistryUrlIsAUsageErrorThatKeepsCredentialsOffTheScreen() {
    List<String[]> cases = List.of(
        new String[] {"--registry", "localhost:8081"},
        new String[] {"--registry", "ftp://127.0.0.1:8081"},
        new String[] {"--registry", "http://bad host:8081"},
        new String[] {"--registry", "http://127.0.0.1:8081,registry"},
        new String[] {"--registry", "http://user:secret@127.0.0.1:8081"},
        new String[] {"--registry", "http://127.0.0.1:8081", "--registry-port", "0"});
    for (String[] args : cases) {
      assertThat(runLocal(args)).as(String.join(" ", args)).isEqualTo(Cli.USAGE);
      String[] lines = stderr.toString(StandardCharsets.UTF_8).split("\n");
      assertThat(lines[0]).as(String.join(" ", args)).startsWith("run-local: --registry").doesNotContain("secret");
      assertThat(lines[1]).startsWith("Usage: scripts/run-local");
    }
  }

  @Test
  void anUnreachableRegistryStopsRunLocalBeforeKafkaStarts() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort;

    int code = runLocal("--seconds", "1", "--registry", url, "--run-dir", dir.resolve("run").toString());

    assertThat(code).isEqualTo(Cli.FAILED);
    assertThat(stderr.toString(StandardCharsets.UTF_8))
        .startsWith("run-local: cannot use the Schema Registry at " + url + ": ").hasLineCount(1);
    assertThat(dir.resolve("run/kafka")).as("no broker started").doesNotExist();
  }

  @Test
  void aServerThatIsNotARegistryIsRefusedBeforeKafkaStarts() throws Exception {
    HttpServer web = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    web.createContext("/", exchange -> {
      byte[] page = "<html><body>It works!</body></html>".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, page.length);
      exchange.getResponseBody().write(page);
      exchange.close();
    });
    web.start();
    try {
      String url = "http://127.0.0.1:" + web.getAddress().getPort();

      int code = runLocal("--seconds", "1", "--registry", url, "--run-dir", dir.resolve("run").toString());

      assertThat(code).isEqualTo(Cli.FAILED);
      assertThat(stderr.toString(StandardCharsets.UTF_8))
          .startsWith("run-local: cannot use the Schema Registry at " + url + ": ")
          .contains("is this URL a Confluent-compatible registry?").hasLineCount(1);
      assertThat(dir.resolve("run/kafka")).as("no broker started").doesNotExist();
    } finally {
      web.stop(0);
    }
  }
}
