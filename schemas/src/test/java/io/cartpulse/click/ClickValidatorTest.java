package io.cartpulse.click;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.ClickEvent;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClickValidatorTest {

  private static ClickEvent valid() {
    return ClickEvent.newBuilder().setEventTime(Instant.parse("2019-10-01T00:00:00Z")).setEventType("cart")
        .setProductId("1").setCategoryId("").setCategoryCode("").setBrand("").setPrice(new BigDecimal("0.00"))
        .setUserId("7").setUserSession("").build();
  }

  @Test
  void aCompleteEventIsValidEvenWithEmptyOptionalFields() {
    assertThat(ClickValidator.invalidReason(valid())).isNull();
  }

  @Test
  void requiredFieldsAreRequiredAndEmptyCountsAsMissing() {
    assertThat(ClickValidator.invalidReason(null)).isEqualTo("empty record");
    ClickEvent noUser = valid();
    noUser.setUserId("");
    assertThat(ClickValidator.invalidReason(noUser)).isEqualTo("missing userId");
    ClickEvent noProduct = valid();
    noProduct.setProductId(null);
    assertThat(ClickValidator.invalidReason(noProduct)).isEqualTo("missing productId");
    ClickEvent noType = valid();
    noType.setEventType("");
    assertThat(ClickValidator.invalidReason(noType)).isEqualTo("missing eventType");
    ClickEvent noTime = valid();
    noTime.setEventTime(null);
    assertThat(ClickValidator.invalidReason(noTime)).isEqualTo("missing eventTime");
    ClickEvent noPrice = valid();
    noPrice.setPrice(null);
    assertThat(ClickValidator.invalidReason(noPrice)).isEqualTo("missing price");
  }

  @Test
  void unknownTypeAndNegativePriceAreInvalid() {
    ClickEvent upper = valid();
    upper.setEventType("VIEW");
    assertThat(ClickValidator.invalidReason(upper)).isEqualTo("unknown eventType 'VIEW'");
    ClickEvent negative = valid();
    negative.setPrice(new BigDecimal("-5.00"));
    assertThat(ClickValidator.invalidReason(negative)).isEqualTo("negative price -5.00");
  }

  @Test
  void aReasonQuotesAHugeValueShortened() {
    // The reason travels as a dead-letter header beside the original bytes: a 1 MB value quoted in
    // full would make the dead letter too large for the broker.
    ClickEvent huge = valid();
    huge.setEventType("x".repeat(1_000_000));
    assertThat(ClickValidator.invalidReason(huge))
        .isEqualTo("unknown eventType '" + "x".repeat(64) + "... (1000000 characters)'");
    ClickEvent hugePrice = valid();
    hugePrice.setPrice(new BigDecimal("1e300"));
    assertThat(ClickValidator.invalidReason(hugePrice)).hasSizeLessThan(200).contains("(301 characters)");
  }

  @Test
  void aPriceBeyondTheSchemasDecimalIsInvalidInsteadOfFailingLaterInTheSerializer() {
    assertThat(ClickValidator.MAX_PRICE).isEqualByComparingTo("9999999999.99");
    ClickEvent largest = valid();
    largest.setPrice(new BigDecimal("9999999999.99"));
    assertThat(ClickValidator.invalidReason(largest)).isNull();
    ClickEvent tooLarge = valid();
    tooLarge.setPrice(new BigDecimal("10000000000.00"));
    assertThat(ClickValidator.invalidReason(tooLarge))
        .isEqualTo("price 10000000000.00 above the maximum 9999999999.99");
  }

  @Test
  void everyInvalidRecordHasADefectKindWithAStableLabelAndTheSameReason() {
    ClickEvent noUser = valid();
    noUser.setUserId(null);
    ClickEvent unknown = valid();
    unknown.setEventType("hover");
    ClickEvent tooLarge = valid();
    tooLarge.setPrice(new BigDecimal("10000000000.00"));

    assertThat(ClickValidator.check(valid())).isNull();
    assertThat(ClickValidator.check(null))
        .isEqualTo(new ClickValidator.Invalid(ClickValidator.Defect.EMPTY, "empty record"));
    assertThat(ClickValidator.check(noUser).defect().label()).isEqualTo("missing-user-id");
    assertThat(ClickValidator.check(unknown).defect()).isEqualTo(ClickValidator.Defect.UNKNOWN_EVENT_TYPE);
    assertThat(ClickValidator.check(unknown).reason()).isEqualTo(ClickValidator.invalidReason(unknown));
    assertThat(ClickValidator.check(tooLarge).defect().label()).isEqualTo("price-too-large");
    assertThat(java.util.Arrays.stream(ClickValidator.Defect.values()).map(ClickValidator.Defect::label))
        .doesNotHaveDuplicates().allMatch(label -> label.matches("[a-z-]+"));
  }

  @Test
  void normalizeTurnsEmptyOptionalFieldsIntoMissingInPlace() {
    ClickEvent event = valid();

    ClickEvent normalized = ClickValidator.normalize(event);

    assertThat(normalized).isSameAs(event);
    assertThat(event.getCategoryCode()).isNull();
    assertThat(event.getBrand()).isNull();
    assertThat(event.getUserSession()).isNull();
    assertThat(event.getCategoryId()).isNull();
    assertThat(event.getUserId()).isEqualTo("7");
    ClickEvent filled = valid();
    filled.setBrand("apple");
    filled.setUserSession("s1");
    ClickValidator.normalize(filled);
    assertThat(filled.getBrand()).isEqualTo("apple");
    assertThat(filled.getUserSession()).isEqualTo("s1");
  }

  @ParameterizedTest
  @CsvSource(value = {"electronics.smartphone, electronics", "appliances.environment.water_heater, appliances",
      "apparel, apparel", "NULL, none", "'', none"}, nullValues = "NULL")
  void topLevelCategoryIsThePartBeforeTheFirstDot(String code, String expected) {
    assertThat(ClickValidator.topLevelCategory(code)).isEqualTo(expected);
  }

  @Test
  void eventTypesMapTheirWireNames() {
    for (EventType type : EventType.values()) {
      assertThat(EventType.fromWireName(type.wireName())).isEqualTo(type);
    }
    assertThat(EventType.fromWireName("remove_from_cart")).isEqualTo(EventType.REMOVE_FROM_CART);
    assertThat(EventType.fromWireName("Purchase")).isNull();
    assertThat(EventType.fromWireName(null)).isNull();
  }
}
