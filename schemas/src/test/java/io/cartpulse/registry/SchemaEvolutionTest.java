package io.cartpulse.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;

/**
 * The schema evolution guard: every schema in src/main/avro must read data written with its last
 * released version (schemas/released/Name/vN.avsc), so consumers can be upgraded before
 * producers. When this fails, either make the change compatible (give the new field a default,
 * keep the symbol...) or release it as a new subject, deliberately.
 */
class SchemaEvolutionTest {

  private static final Path CURRENT = Path.of("src/main/avro");
  private static final Path RELEASED = Path.of("released");
  private static final Pattern VERSION_FILE = Pattern.compile("v(\\d+)\\.avsc");

  @Test
  void everyCurrentSchemaReadsDataOfItsLastReleasedVersion() throws IOException {
    Map<String, Schema> current = currentSchemas();
    List<String> checked = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (Map.Entry<String, Schema> entry : current.entrySet()) {
      Optional<Path> released = latestRelease(entry.getKey());
      if (released.isEmpty()) {
        continue; // Never released: nothing out there to stay compatible with yet.
      }
      Schema writer = parse(released.get());
      checked.add(entry.getKey());
      for (String reason : AvroCompatibility.readerIncompatibilities(entry.getValue(), writer)) {
        failures.add(entry.getKey() + " (src/main/avro) cannot read data written with " + RELEASED.resolve(
            entry.getKey()).relativize(released.get()) + ": " + reason);
      }
    }

    assertThat(checked).as("schemas with a released version").contains("ClickEvent", "Alert", "PvUvPoint", "RuleSettings", "InventoryLevel", "ProductStats", "Offer");
    assertThat(failures).as("BACKWARD incompatibilities with the last released versions").isEmpty();
  }

  @Test
  void noReleasedSchemaDisappears() throws IOException {
    Map<String, Schema> current = currentSchemas();
    try (Stream<Path> names = Files.list(RELEASED)) {
      List<String> released = names.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList();
      assertThat(current.keySet())
          .as("every released schema still has a current definition in src/main/avro (consumers depend on it)")
          .containsAll(released);
    }
  }

  @Test
  void guardDetectsANewFieldWithoutDefaultAndNamesIt() throws IOException {
    Schema released = parse(latestRelease("Alert").orElseThrow());
    Schema broken = withExtraField(Alert.getClassSchema(),
        new Schema.Field("campaign", Schema.create(Schema.Type.STRING), "A field without a default"));

    List<String> reasons = AvroCompatibility.readerIncompatibilities(broken, released);

    assertThat(reasons).singleElement().asString()
        .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
        .contains("field 'campaign'");
  }

  @Test
  void guardDetectsANarrowedTypeAndNamesTheField() throws IOException {
    Schema released = parse(latestRelease("PvUvPoint").orElseThrow());
    Schema narrowed = new Schema.Parser().parse(released.toString().replace(
        "{\"name\":\"pv\",\"type\":\"long\"", "{\"name\":\"pv\",\"type\":\"int\""));
    assertThat(narrowed.getField("pv").schema().getType()).isEqualTo(Schema.Type.INT);

    assertThat(AvroCompatibility.readerIncompatibilities(narrowed, released)).singleElement().asString()
        .contains("TYPE_MISMATCH")
        .contains("field 'pv'");
  }

  @Test
  void guardDetectsARemovedSymbolOfAnEnumWithoutDefault() throws IOException {
    Schema released = parse(latestRelease("Alert").orElseThrow());
    String text = released.toString();
    Schema noDefault = new Schema.Parser().parse(text.replace(",\"default\":\"UNKNOWN\"", ""));
    Schema removedSymbol = new Schema.Parser().parse(
        text.replace(",\"default\":\"UNKNOWN\"", "").replace(",\"TRAFFIC_SURGE\"", ""));
    assertThat(noDefault.getField("type").schema().getEnumDefault()).isNull();

    assertThat(AvroCompatibility.readerIncompatibilities(removedSymbol, noDefault)).singleElement().asString()
        .contains("MISSING_ENUM_SYMBOLS")
        .contains("field 'type'")
        .contains("TRAFFIC_SURGE");
  }

  @Test
  void alertTypeHasADefaultSoAnOldReaderSurvivesANewType() throws IOException {
    Schema enumSchema = Alert.getClassSchema().getField("type").schema();
    assertThat(enumSchema.getEnumDefault()).isEqualTo(AlertType.UNKNOWN.name());

    Schema newerWriter = new Schema.Parser().parse(Alert.getClassSchema().toString()
        .replace("\"TRAFFIC_SURGE\"]", "\"TRAFFIC_SURGE\",\"LOYALTY_MILESTONE\"]"));
    assertThat(newerWriter.getField("type").schema().getEnumSymbols()).contains("LOYALTY_MILESTONE");
    assertThat(AvroCompatibility.readerIncompatibilities(Alert.getClassSchema(), newerWriter)).isEmpty();

    GenericRecord written = new GenericData.Record(newerWriter);
    Alert sample = SampleRecords.alert();
    for (Schema.Field field : newerWriter.getFields()) {
      written.put(field.name(), sample.get(field.name()));
    }
    written.put("type", new GenericData.EnumSymbol(newerWriter.getField("type").schema(), "LOYALTY_MILESTONE"));
    written.put("eventTime", sample.getEventTime().toEpochMilli());
    written.put("detectedAt", sample.getDetectedAt().toEpochMilli());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(newerWriter).write(written, encoder);
    encoder.flush();

    Alert read = new SpecificDatumReader<Alert>(newerWriter, Alert.getClassSchema())
        .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));

    assertThat(read.getType()).isEqualTo(AlertType.UNKNOWN);
    assertThat(read.getAlertId()).isEqualTo(sample.getAlertId());
    assertThat(read.getAttributes()).isEqualTo(sample.getAttributes());
  }

  private static Map<String, Schema> currentSchemas() throws IOException {
    Map<String, Schema> schemas = new TreeMap<>();
    try (Stream<Path> files = Files.list(CURRENT)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList()) {
        Schema schema = parse(file);
        schemas.put(schema.getName(), schema);
      }
    }
    assertThat(schemas).as("schemas in " + CURRENT.toAbsolutePath()).isNotEmpty();
    return schemas;
  }

  private static Optional<Path> latestRelease(String name) throws IOException {
    Path dir = RELEASED.resolve(name);
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    Path latest = null;
    int latestVersion = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Matcher matcher = VERSION_FILE.matcher(file.getFileName().toString());
        if (matcher.matches() && Integer.parseInt(matcher.group(1)) > latestVersion) {
          latestVersion = Integer.parseInt(matcher.group(1));
          latest = file;
        }
      }
    }
    return Optional.ofNullable(latest);
  }

  private static Schema parse(Path file) throws IOException {
    Schema.Parser parser = new Schema.Parser();
    if (Files.readString(file).contains("\"io.cartpulse.avro.Alert\"")) {
      // Offer refers to Alert and RelatedProduct by name: the current definitions come first.
      parser.parse(CURRENT.resolve("Alert.avsc").toFile());
      parser.parse(CURRENT.resolve("ProductStats.avsc").toFile());
    }
    return parser.parse(file.toFile());
  }

  private static Schema withExtraField(Schema record, Schema.Field extra) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : record.getFields()) {
      fields.add(new Schema.Field(field, field.schema()));
    }
    fields.add(extra);
    return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
  }
}
