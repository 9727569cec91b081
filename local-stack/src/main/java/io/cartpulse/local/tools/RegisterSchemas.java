package io.cartpulse.local.tools;

import io.cartpulse.contract.Subjects;
import io.cartpulse.contract.Topics;
import io.cartpulse.local.Endpoints;
import io.cartpulse.local.cli.Args;
import io.cartpulse.local.cli.Cli;
import io.cartpulse.registry.SchemaRegistryClient;
import io.cartpulse.registry.SchemaRegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * {@code scripts/register-schemas}: registers the value schemas of the CartPulse topics under
 * their {@code <topic>-value} subjects (TopicNameStrategy) and prints the ids. Registering is
 * idempotent; an incompatible change is refused by the registry and reported.
 */
public final class RegisterSchemas {
  static final String USAGE = """
      Usage: scripts/register-schemas --registry URL [--basic-auth USER:PASSWORD] [--command-config FILE]
                                      [--schemas DIR] [--timeout S]
        Registers ClickEvent under clickstream-value, Alert under alerts-value, PvUvPoint under
        pvuv-value, RuleSettings under rule-settings-value, InventoryLevel under inventory-value,
        ProductStats under product-stats-value and Offer under offers-value, and prints subject,
        version and id of each.
        --registry    Schema Registry URL (default: the running scripts/run-local, else http://127.0.0.1:8081)
        --basic-auth  registry credentials
        --command-config  registry client properties (basic.auth.user.info, schema.registry.ssl.truststore.*
                      for a registry behind TLS); the same file as the other tools' --command-config
        --schemas     directory holding ClickEvent.avsc, Alert.avsc, PvUvPoint.avsc, RuleSettings.avsc,
                      InventoryLevel.avsc, ProductStats.avsc, Offer.avsc
                      (default: the ones built into the schemas module)
        --timeout     seconds to wait for the registry (default 15)
      """;

  /** Subject to the .avsc registered under it. */
  static final Map<String, String> SCHEMA_FILES = subjects();

  private RegisterSchemas() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  public static int run(String[] argv, PrintStream out, PrintStream err) {
    return Cli.run("register-schemas", USAGE, out, err, () -> {
      Args args = Args.parse(argv, Set.of("registry", "basic-auth", "command-config", "schemas", "timeout"), Set.of());
      Endpoints endpoints = Endpoints.resolve(null, args.get("registry"));
      Path dir = args.has("schemas") ? Path.of(args.get("schemas")) : null;
      if (dir != null && !Files.isDirectory(dir)) {
        throw new Args.UsageException("--schemas " + dir + ": no such directory");
      }
      Map<String, Schema> schemas = new LinkedHashMap<>();
      for (Map.Entry<String, String> entry : SCHEMA_FILES.entrySet()) {
        schemas.put(entry.getKey(), load(dir, entry.getValue()));
      }
      Map<String, Object> clientConfig = Connectivity.commandConfig(
          args.has("command-config") ? args.existingFile("command-config") : null);
      SchemaRegistryClient registry = Connectivity.registry(endpoints.registryUrl(), args.get("basic-auth"),
          clientConfig, Connectivity.timeout(args));
      for (Map.Entry<String, Schema> entry : schemas.entrySet()) {
        String subject = entry.getKey();
        try {
          int id = registry.register(subject, entry.getValue());
          int version = registry.latest(subject).version();
          out.printf("%-18s %-10s id=%d version=%d%n", subject, entry.getValue().getName(), id, version);
        } catch (SchemaRegistryException e) {
          throw new Cli.Failure("registering " + entry.getValue().getName() + " under " + subject + " at "
              + endpoints.registryUrl() + " failed: " + Cli.describe(e), e);
        }
      }
      return Cli.OK;
    });
  }

  /** The schemas every CartPulse deployment registers (also used by run-local). */
  public static Map<String, Schema> bundledSchemas() throws Cli.Failure {
    Map<String, Schema> schemas = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : SCHEMA_FILES.entrySet()) {
      try {
        schemas.put(entry.getKey(), load(null, entry.getValue()));
      } catch (Args.UsageException e) {
        throw new Cli.Failure(e.getMessage(), e);
      }
    }
    return schemas;
  }

  private static Map<String, String> subjects() {
    Map<String, String> subjects = new LinkedHashMap<>();
    subjects.put(Subjects.valueSubject(Topics.CLICKSTREAM), "ClickEvent.avsc");
    subjects.put(Subjects.valueSubject(Topics.ALERTS), "Alert.avsc");
    subjects.put(Subjects.valueSubject(Topics.PVUV), "PvUvPoint.avsc");
    subjects.put(Subjects.valueSubject(Topics.RULE_SETTINGS), "RuleSettings.avsc");
    subjects.put(Subjects.valueSubject(Topics.INVENTORY), "InventoryLevel.avsc");
    subjects.put(Subjects.valueSubject(Topics.PRODUCT_STATS), "ProductStats.avsc");
    // Last: Offer refers to Alert and RelatedProduct (ProductStats) by name.
    subjects.put(Subjects.valueSubject(Topics.OFFERS), "Offer.avsc");
    return subjects;
  }

  private static Schema load(Path dir, String fileName) throws Cli.Failure, Args.UsageException {
    String where = dir == null ? "classpath:avro/" + fileName : dir.resolve(fileName).toString();
    String text;
    try {
      if (dir == null) {
        try (InputStream in = RegisterSchemas.class.getClassLoader().getResourceAsStream("avro/" + fileName)) {
          if (in == null) {
            throw new Cli.Failure(where + " is missing: build the schemas module (mvn -pl schemas install)");
          }
          text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      } else {
        Path file = dir.resolve(fileName);
        if (!Files.isRegularFile(file)) {
          throw new Args.UsageException("--schemas " + dir + ": " + fileName + " is missing");
        }
        text = Files.readString(file, StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new Cli.Failure("cannot read " + where + ": " + e.getMessage(), e);
    }
    try {
      // Each file is parsed on its own, except Offer, which refers to Alert and RelatedProduct by name.
      Schema.Parser parser = new Schema.Parser();
      if (fileName.equals("Offer.avsc")) {
        parser.parse(load(dir, "Alert.avsc").toString());
        parser.parse(load(dir, "ProductStats.avsc").toString());
      }
      return parser.parse(text);
    } catch (SchemaParseException e) {
      throw new Cli.Failure(where + " is not a valid Avro schema: " + e.getMessage(), e);
    }
  }
}
