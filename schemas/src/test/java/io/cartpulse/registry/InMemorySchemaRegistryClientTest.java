package io.cartpulse.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.PvUvPoint;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryClientTest {

  @Test
  void idsAreGlobalAndRegistrationIsIdempotent() {
    InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    int alerts = registry.register("alerts-value", Alert.getClassSchema());
    int points = registry.register("pvuv-value", PvUvPoint.getClassSchema());

    assertThat(points).isNotEqualTo(alerts);
    assertThat(registry.register("alerts-value", Alert.getClassSchema())).isEqualTo(alerts);
    assertThat(registry.register("alerts-replay-value", Alert.getClassSchema())).isEqualTo(alerts);
    assertThat(registry.latest("alerts-value").version()).isEqualTo(1);
    assertThat(registry.getById(points)).isEqualTo(PvUvPoint.getClassSchema());
  }

  @Test
  void refusesABackwardIncompatibleVersionNamingTheField() {
    InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    registry.register("pvuv-value", PvUvPoint.getClassSchema());
    Schema withRequiredField = SchemaBuilder.record("PvUvPoint").namespace("io.cartpulse.avro").fields()
        .requiredString("day").requiredLong("windowEnd").requiredString("dimension").requiredLong("pv")
        .requiredLong("uv").requiredString("region").endRecord();

    assertThat(registry.isCompatible("pvuv-value", withRequiredField)).isFalse();
    assertThat(registry.isCompatible("new-subject", withRequiredField)).isTrue();
    assertThatThrownBy(() -> registry.register("pvuv-value", withRequiredField))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE")
        .hasMessageContaining("field 'region'")
        .extracting(e -> ((SchemaRegistryException) e).errorCode())
        .isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
  }

  @Test
  void unknownSubjectSchemaAndIdAreNotFound() {
    InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    registry.register("alerts-value", Alert.getClassSchema());

    assertThatThrownBy(() -> registry.lookUpId("nope-value", Alert.getClassSchema()))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
          assertThat(e.isNotFound()).isTrue();
        });
    assertThatThrownBy(() -> registry.lookUpId("alerts-value", PvUvPoint.getClassSchema()))
        .isInstanceOfSatisfying(SchemaRegistryException.class,
            e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));
    assertThatThrownBy(() -> registry.getById(99))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isNotFound()).isTrue());
  }
}
