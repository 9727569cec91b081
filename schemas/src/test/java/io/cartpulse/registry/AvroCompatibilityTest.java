package io.cartpulse.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.registry.AvroCompatibility.Level;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class AvroCompatibilityTest {

  private static final Schema V1 = SchemaBuilder.record("Point").fields()
      .requiredString("id").requiredInt("size").endRecord();
  /** Drops size: reads V1 data (ignores size), but V1 readers cannot read it (no default for size). */
  private static final Schema V2 = SchemaBuilder.record("Point").fields()
      .requiredString("id").endRecord();
  /** Brings size back as a string with a default: reads V2 data, but not V1 data (int vs string). */
  private static final Schema V3 = SchemaBuilder.record("Point").fields()
      .requiredString("id").name("size").type().stringType().stringDefault("n/a").endRecord();

  @Test
  void levelsParseAndKnowTheirDirections() {
    assertThat(Level.parse(" full_transitive ")).isEqualTo(Level.FULL_TRANSITIVE);
    assertThat(Level.parse("sideways")).isNull();
    assertThat(Level.parse(null)).isNull();
    assertThat(Level.BACKWARD.backward()).isTrue();
    assertThat(Level.BACKWARD.forward()).isFalse();
    assertThat(Level.FORWARD_TRANSITIVE.forward()).isTrue();
    assertThat(Level.FORWARD_TRANSITIVE.backward()).isFalse();
    assertThat(Level.FULL.backward()).isTrue();
    assertThat(Level.FULL.forward()).isTrue();
    assertThat(Level.FULL.transitive()).isFalse();
    assertThat(Level.NONE.backward() || Level.NONE.forward()).isFalse();
  }

  @Test
  void transitiveLevelsCheckEveryEarlierVersion() {
    List<Schema> history = List.of(V1, V2);

    assertThat(AvroCompatibility.check(Level.BACKWARD, V3, history)).isEmpty();
    assertThat(AvroCompatibility.check(Level.BACKWARD_TRANSITIVE, V3, history)).singleElement().asString()
        .startsWith("the new schema cannot read data written with version 1")
        .contains("TYPE_MISMATCH")
        .contains("field 'size'");
  }

  @Test
  void forwardChecksThatOldReadersReadNewData() {
    assertThat(AvroCompatibility.check(Level.BACKWARD, V2, List.of(V1))).isEmpty();
    assertThat(AvroCompatibility.check(Level.FORWARD, V2, List.of(V1))).singleElement().asString()
        .startsWith("version 1 cannot read data written with the new schema")
        .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
        .contains("field 'size'");
    assertThat(AvroCompatibility.check(Level.FULL, V2, List.of(V1))).hasSize(1);
    assertThat(AvroCompatibility.check(Level.NONE, V2, List.of(V1))).isEmpty();
    assertThat(AvroCompatibility.check(Level.FULL_TRANSITIVE, V1, List.of())).isEmpty();
  }

  @Test
  void fieldPathFollowsUnionsMapsAndNestedRecords() {
    Schema inner = SchemaBuilder.record("Inner").fields().requiredLong("amount").endRecord();
    Schema outer = SchemaBuilder.record("Outer").fields()
        .name("payload").type().unionOf().nullType().and().type(inner).endUnion().nullDefault()
        .name("counts").type().map().values().longType().noDefault()
        .endRecord();

    assertThat(AvroCompatibility.fieldPath(outer, "/fields/0/type/1/fields/0/type")).isEqualTo("payload.amount");
    assertThat(AvroCompatibility.fieldPath(outer, "/fields/1/type/values")).isEqualTo("counts");
    assertThat(AvroCompatibility.fieldPath(outer, "/")).isNull();
    assertThat(AvroCompatibility.fieldPath(outer, "/fields/7")).isNull();
  }
}
