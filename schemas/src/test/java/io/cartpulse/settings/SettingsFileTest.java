package io.cartpulse.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The settings file of ALERTS.md section 8, every refusal naming its line. */
class SettingsFileTest {

  @Test
  void versionsAreReadInFileOrderAndBlankLinesAreSkipped() {
    List<SettingsVersion> versions = SettingsFile.parse(List.of(
        "{\"version\":1,\"effectiveFrom\":100,\"settings\":{\"coupon.tiers\":\"500, 200\"}}",
        "",
        "   ",
        "{\"version\":7,\"effectiveFrom\":0,\"settings\":{}}",
        "{\"settings\":{\"churn.enabled\":\"false\",\"surge.factor\":\"2.50\"},\"effectiveFrom\":5,\"version\":8}"));

    assertThat(versions).extracting(SettingsVersion::version).containsExactly(1L, 7L, 8L);
    assertThat(versions.get(0).settings()).containsEntry("coupon.tiers", "500, 200");
    assertThat(versions.get(1).settings()).isEmpty();
    assertThat(versions.get(2).effectiveFrom()).isEqualTo(5);
    assertThat(SettingsFile.parseLine(SettingsFile.format(versions.get(2)))).isEqualTo(versions.get(2));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "not JSON                    | {version:1}                                                             | not a JSON object",
      "an array                    | [1,2]                                                                   | not a JSON object",
      "two objects                 | {\"version\":1,\"effectiveFrom\":0,\"settings\":{}} {}                  | not a JSON object",
      "another field               | {\"version\":1,\"effectiveFrom\":0,\"settings\":{},\"note\":\"x\"}      | unknown field \"note\"",
      "a repeated field            | {\"version\":1,\"version\":2,\"effectiveFrom\":0,\"settings\":{}}       | not a JSON object (Duplicate field 'version')",
      "a repeated key              | {\"version\":1,\"effectiveFrom\":0,\"settings\":{\"churn.enabled\":\"true\",\"churn.enabled\":\"false\"}} | Duplicate field 'churn.enabled'",
      "a missing version           | {\"effectiveFrom\":0,\"settings\":{}}                                   | version: missing",
      "a missing settings          | {\"version\":1,\"effectiveFrom\":0}                                     | settings: missing",
      "a string version            | {\"version\":\"1\",\"effectiveFrom\":0,\"settings\":{}}                 | version: must be a JSON integer",
      "a fractional time           | {\"version\":1,\"effectiveFrom\":0.5,\"settings\":{}}                   | effectiveFrom: must be a JSON integer",
      "an exponent                 | {\"version\":1e2,\"effectiveFrom\":0,\"settings\":{}}                   | version: must be a JSON integer",
      "a negative time             | {\"version\":1,\"effectiveFrom\":-1,\"settings\":{}}                    | effectiveFrom: must be a JSON integer from 0",
      "a huge version              | {\"version\":99999999999999999999,\"effectiveFrom\":0,\"settings\":{}}  | version: must be a JSON integer from 0",
      "settings not an object      | {\"version\":1,\"effectiveFrom\":0,\"settings\":[]}                     | settings: must be a JSON object",
      "a number value              | {\"version\":1,\"effectiveFrom\":0,\"settings\":{\"surge.min-views\":20}}   | surge.min-views: the value must be a JSON string",
      "an unknown key              | {\"version\":1,\"effectiveFrom\":0,\"settings\":{\"churn.min-veiws\":\"5\"}} | churn.min-veiws: unknown setting (did you mean churn.min-views?)",
      "a start-up key              | {\"version\":1,\"effectiveFrom\":0,\"settings\":{\"churn.window\":\"P3D\"}}  | churn.window: not a run-time setting",
      "True is not true            | {\"version\":1,\"effectiveFrom\":0,\"settings\":{\"coupon.enabled\":\"True\"}} | coupon.enabled: expected true or false",
      "three decimals              | {\"version\":1,\"effectiveFrom\":0,\"settings\":{\"cart-abandonment.min-price\":\"1.005\"}} | cart-abandonment.min-price: expected an amount",
      "a signed price              | {\"version\":1,\"effectiveFrom\":0,\"settings\":{\"cart-abandonment.min-price\":\"+150\"}} | cart-abandonment.min-price: expected an amount",
      "zero views                  | {\"version\":1,\"effectiveFrom\":0,\"settings\":{\"purchase-intent.min-views\":\"0\"}} | purchase-intent.min-views: must be at least 1",
      "fractional views            | {\"version\":1,\"effectiveFrom\":0,\"settings\":{\"churn.min-views\":\"2.0\"}} | churn.min-views: expected a whole number",
      "a duplicate tier            | {\"version\":1,\"effectiveFrom\":0,\"settings\":{\"coupon.tiers\":\"200,500, 200\"}} | coupon.tiers: tier 200 appears twice",
      "a fractional tier           | {\"version\":1,\"effectiveFrom\":0,\"settings\":{\"coupon.tiers\":\"200.50\"}} | coupon.tiers: expected whole amounts",
      "an empty tier list          | {\"version\":1,\"effectiveFrom\":0,\"settings\":{\"coupon.tiers\":\"\"}} | coupon.tiers: expected whole amounts",
      "a zero factor               | {\"version\":1,\"effectiveFrom\":0,\"settings\":{\"surge.factor\":\"0.00\"}} | surge.factor: must be greater than 0",
      "a negative factor           | {\"version\":1,\"effectiveFrom\":0,\"settings\":{\"surge.factor\":\"-3\"}} | surge.factor: expected a decimal number"})
  void aBadLineIsRefusedNamingItsLineAndTheReason(String what, String line, String reason) {
    assertThatThrownBy(() -> SettingsFile.parse(List.of("", line)))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith("line 2: ")
        .hasMessageContaining(reason);
  }

  @Test
  void versionsMustIncreaseStrictlyInFileOrder() {
    assertThatThrownBy(() -> SettingsFile.parse(List.of(
        "{\"version\":3,\"effectiveFrom\":0,\"settings\":{}}",
        "{\"version\":3,\"effectiveFrom\":10,\"settings\":{}}")))
        .hasMessage("line 2: version 3 is not larger than the version before it (3)");
    assertThatThrownBy(() -> SettingsFile.parse(List.of(
        "{\"version\":3,\"effectiveFrom\":0,\"settings\":{}}",
        "",
        "{\"version\":2,\"effectiveFrom\":10,\"settings\":{}}")))
        .hasMessageStartingWith("line 3: version 2");
  }

  @Test
  void valuesAreTakenExactlyAsWritten() {
    SettingsVersion version = SettingsFile.parseLine("{\"version\":0,\"effectiveFrom\":0,\"settings\":{"
        + "\"cart-abandonment.min-price\":\"150\",\"surge.factor\":\"2.125\",\"purchase-intent.min-views\":\"007\"}}");

    assertThat(version.settings()).isEqualTo(Map.of("cart-abandonment.min-price", "150", "surge.factor", "2.125",
        "purchase-intent.min-views", "007"));
    assertThatThrownBy(() -> SettingsFile.parseLine(
        "{\"version\":0,\"effectiveFrom\":0,\"settings\":{\"churn.enabled\":\" true\"}}"))
        .hasMessageContaining("churn.enabled: expected true or false");
  }
}
