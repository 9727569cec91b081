package io.cartpulse.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.click.ClickValidator;
import io.cartpulse.registry.InMemorySchemaRegistryClient;
import io.cartpulse.registry.SpecificAvroSerde;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Every poison record fails the engines' decoding and validation with the reason it was made for. */
class PoisonRecordsTest {

  /** What both engines do with a record: decode through the registry, then validate. */
  static String reason(SpecificAvroSerde<ClickEvent> serde, byte[] value) {
    try {
      return ClickValidator.invalidReason(serde.deserialize("clickstream", value));
    } catch (SerializationException e) {
      return e.getMessage();
    }
  }

  @Test
  void everyKindIsInvalidForItsOwnReason() {
    InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    int id = registry.register("clickstream-value", ClickEvent.getClassSchema());
    SpecificAvroSerde<ClickEvent> serde = new SpecificAvroSerde<>(ClickEvent.class, registry, false, false);
    PoisonRecords poison = new PoisonRecords(id, 7);
    Map<PoisonRecords.Reason, Integer> seen = new EnumMap<>(PoisonRecords.Reason.class);
    int huge = 0;
    for (int i = 0; i < 500; i++) {
      PoisonRecords.Poison record = poison.next();
      String reason = reason(serde, record.value());
      assertThat(reason).as("record %d (%s)", i, record.kind()).isNotNull();
      assertThat(PoisonRecords.Reason.of(reason)).as("record %d (%s): %s", i, record.kind(), reason)
          .isEqualTo(record.reason());
      // A reason fits in a header beside a megabyte value.
      assertThat(reason.length()).isLessThan(1_000);
      seen.merge(record.reason(), 1, Integer::sum);
      if (record.value().length > PoisonRecords.HUGE_CHARS) {
        huge++;
      }
    }
    assertThat(seen.keySet()).containsExactlyInAnyOrder(PoisonRecords.Reason.values());
    assertThat(huge).isEqualTo(PoisonRecords.HUGE_RECORDS);
  }

  @Test
  void theSameSeedGivesTheSameRecords() {
    PoisonRecords first = new PoisonRecords(1, 42);
    PoisonRecords second = new PoisonRecords(1, 42);
    for (int i = 0; i < 50; i++) {
      assertThat(first.next().value()).isEqualTo(second.next().value());
    }
  }
}
