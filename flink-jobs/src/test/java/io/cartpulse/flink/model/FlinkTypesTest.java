package io.cartpulse.flink.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Records and state values are Flink POJOs (never Kryo generic types): compact, fast and open to
 * state schema evolution (fields may be added in a later version with a savepoint in between).
 */
class FlinkTypesTest {

  @ParameterizedTest
  @ValueSource(classes = {Click.class, ChurnSignal.class, ChurnWindow.class, DimensionView.class, CurveMinute.class,
      CurveTotals.class, SurgeHistory.class, SourcedClick.class})
  void isAPojo(Class<?> type) {
    assertThat(TypeInformation.of(type)).isInstanceOf(PojoTypeInfo.class);
  }

  @ParameterizedTest
  @ValueSource(classes = {SourcedClick.class})
  void theAvroEventTravelsAsAvro(Class<?> type) {
    PojoTypeInfo<?> pojo = (PojoTypeInfo<?>) TypeInformation.of(type);
    assertThat(pojo.getTypeAt(pojo.getFieldIndex("event"))).isInstanceOf(AvroTypeInfo.class);
  }
}
