package io.cartpulse.local.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.RuleSettings;
import io.cartpulse.local.cli.Cli;
import io.cartpulse.platform.kafka.EmbeddedKafka;
import io.cartpulse.platform.registry.LocalSchemaRegistry;
import io.cartpulse.registry.AvroWireCodec;
import io.cartpulse.registry.SchemaRegistryClient;
import io.cartpulse.registry.SchemaRegistryClients;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/rules} (ALERTS.md section 8, "Live"): {@code set} publishes the next version and
 * refuses unknown keys, bad values and a version not larger than the latest (exit 2, nothing
 * published); {@code show} lists the versions and the settings in force; {@code validate} checks a
 * settings file. Against a real (embedded) broker and the local registry, one topic per test.
 */
class RulesTest {
  private static final String T0 = "2019-10-01 00:00:00 UTC";
  private static final long T0_MS = 1_569_888_000_000L;

  private static EmbeddedKafka kafka;
  private static LocalSchemaRegistry registry;

  @TempDir
  static Path dir;

  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private final String topic = "rule-settings-" + UUID.randomUUID();

  @BeforeAll
  static void start() {
    System.setProperty("cartpulse.home", dir.toString());
    kafka = EmbeddedKafka.start(dir);
    registry = LocalSchemaRegistry.start(0);
    assertThat(RegisterSchemas.run(new String[] {"--registry", registry.url()},
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()))).isEqualTo(Cli.OK);
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  /** A topic of this test's own, its value subject registered as scripts/register-schemas does for rule-settings. */
  private void createTopic() throws Exception {
    kafka.createTopic(topic, 1);
    try (SchemaRegistryClient client = SchemaRegistryClients.create(Map.of("schema.registry.url", registry.url()))) {
      client.register(topic + "-value", AvroWireCodec.registryForm(RuleSettings.getClassSchema()));
    }
  }

  private int rules(String... args) {
    stdout.reset();
    stderr.reset();
    List<String> all = new ArrayList<>(List.of(args));
    if (!args[0].equals("validate")) {
      all.addAll(List.of("--bootstrap", kafka.bootstrapServers(), "--registry", registry.url(), "--topic", topic));
    }
    return Rules.run(all.toArray(String[]::new), new PrintStream(stdout, true, StandardCharsets.UTF_8),
        new PrintStream(stderr, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return stdout.toString(StandardCharsets.UTF_8);
  }

  private String errorLine() {
    return stderr.toString(StandardCharsets.UTF_8).split("\n")[0];
  }

  @Test
  void setPublishesTheNextVersionAndShowListsTheVersionsAndTheSettingsInForce() throws Exception {
    createTopic();
    assertThat(rules("set", "cart-abandonment.min-price=150.00", "coupon.tiers=300, 100", "--from", T0))
        .as(stderr.toString(StandardCharsets.UTF_8)).isEqualTo(Cli.OK);
    assertThat(out()).contains("published version 1 in force from 2019-10-01T00:00:00Z");
    assertThat(rules("set", "cart-abandonment.min-price=120.00", "--from", String.valueOf(T0_MS + 3_600_000)))
        .isEqualTo(Cli.OK);
    assertThat(out()).contains("published version 2");

    assertThat(rules("show", "--at", String.valueOf(T0_MS + 60_000))).isEqualTo(Cli.OK);

    assertThat(out()).contains("2 versions", "version 1 ", "version 2 ");
    assertThat(out()).containsPattern("cart-abandonment.min-price +150.00 +version 1");
    assertThat(out()).containsPattern("coupon.tiers +100,300 +version 1"); // applied ascending
    assertThat(out()).containsPattern("purchase-intent.min-views +4 +default");
    assertThat(rules("show", "--at", String.valueOf(T0_MS + 3_600_000))).isEqualTo(Cli.OK);
    assertThat(out()).containsPattern("cart-abandonment.min-price +120.00 +version 2");
  }

  @Test
  void setRefusesAnUnknownKeyABadValueAndAVersionNotLargerThanTheLatest_publishingNothing() throws Exception {
    createTopic();
    assertThat(rules("set", "churn.min-views=5", "--from", T0, "--version", "0")).as("the first version may be 0")
        .isEqualTo(Cli.OK);

    assertThat(rules("set", "churn.min-veiws=5", "--from", T0)).isEqualTo(Cli.USAGE);
    assertThat(errorLine()).startsWith("rules: ").contains("churn.min-veiws", "did you mean churn.min-views?");
    assertThat(rules("set", "surge.factor=three", "--from", T0)).isEqualTo(Cli.USAGE);
    assertThat(errorLine()).contains("surge.factor", "three");
    assertThat(rules("set", "churn.window=P3D", "--from", T0)).isEqualTo(Cli.USAGE);
    assertThat(errorLine()).contains("churn.window: not a run-time setting");
    assertThat(rules("set", "churn.min-views=6", "--from", T0, "--version", "0")).isEqualTo(Cli.USAGE);
    assertThat(errorLine()).contains("--version 0 is not larger than the latest version");

    assertThat(rules("show")).isEqualTo(Cli.OK);
    assertThat(out()).contains("1 version").containsPattern("churn.min-views +5 +version 0");
  }

  @Test
  void validateChecksASettingsFileNamingTheBadLine() throws Exception {
    Path good = dir.resolve("good.jsonl");
    Files.writeString(good, "{\"version\":1,\"effectiveFrom\":0,\"settings\":{\"surge.factor\":\"2.5\"}}\n\n"
        + "{\"version\":2,\"effectiveFrom\":0,\"settings\":{}}\n");
    Path bad = dir.resolve("bad.jsonl");
    Files.writeString(bad, "{\"version\":1,\"effectiveFrom\":0,\"settings\":{}}\n"
        + "{\"version\":2,\"effectiveFrom\":0,\"settings\":{\"surge.factor\":\"0\"}}\n");

    assertThat(rules("validate", good.toString())).isEqualTo(Cli.OK);
    assertThat(out()).contains("2 versions, valid");
    assertThat(rules("validate", bad.toString())).isEqualTo(Cli.USAGE);
    assertThat(errorLine()).isEqualTo("rules: " + bad + ": line 2: surge.factor: must be greater than 0, got '0'");
  }
}
