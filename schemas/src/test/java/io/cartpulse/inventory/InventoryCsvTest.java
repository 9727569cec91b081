package io.cartpulse.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartpulse.avro.InventoryLevel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ALERTS.md section 7, inventory levels: the CSV form and the validity rule. */
class InventoryCsvTest {
  private static final long T = Instant.parse("2019-10-01T01:02:03Z").toEpochMilli();

  private static List<InventoryCsv.Row> read(String text) throws IOException {
    List<InventoryCsv.Row> rows = new ArrayList<>();
    InventoryCsv.read(new BufferedReader(new StringReader(text)), "test.csv", rows::add);
    return rows;
  }

  @Test
  void columnsAreFoundByName() throws IOException {
    List<InventoryCsv.Row> rows = read("""
        \uFEFFavailable,note, product_id ,event_time
        7,x,p1,2019-10-01 01:02:03 UTC
        """);
    assertThat(rows).singleElement().satisfies(row -> {
      assertThat(row.error()).isNull();
      assertThat(row.level()).isEqualTo(new InventoryLevel(Instant.ofEpochMilli(T), "p1", 7L));
      assertThat(row.lineNumber()).isEqualTo(2);
    });
  }

  @Test
  void aHeaderWithoutTheColumnsIsRefusedNamingThem() {
    assertThatThrownBy(() -> read("event_time,product\n")).isInstanceOf(IOException.class)
        .hasMessageContaining("product_id").hasMessageContaining("available");
    assertThatThrownBy(() -> read("")).isInstanceOf(IOException.class).hasMessageContaining("empty");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "7", " 7 ", "007", "2147483647", "0000000000000000000000012"})
  void availableIsDecimalDigitsAfterTrimmingUpTo2To31Minus1(String available) throws IOException {
    InventoryCsv.Row row = read("event_time,product_id,available\n2019-10-01 01:02:03 UTC,p," + available + "\n").get(0);
    assertThat(row.error()).isNull();
    assertThat(row.level().getAvailable()).isEqualTo(Long.parseLong(available.strip()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"7.0", "+7", "1e3", "-1", "2147483648", "99999999999999999999999", "0x10", "7 7", "\u0667"})
  void otherAvailableTextIsInvalid(String available) throws IOException {
    InventoryCsv.Row row = read("event_time,product_id,available\n2019-10-01 01:02:03 UTC,p," + available + "\n").get(0);
    assertThat(row.isValid()).isFalse();
    assertThat(row.error()).startsWith("bad available");
  }

  @Test
  void missingFieldsAndBadTimesAreInvalidWithTheirReasons() throws IOException {
    List<InventoryCsv.Row> rows = read("""
        event_time,product_id,available
        2019-10-01 01:02:03 UTC,,3
        2019-10-01 01:02:03 UTC,p,
        ,p,3
        2019-10-01 01:02:03,p,3
        2019-02-30 01:02:03 UTC,p,3
        2019-10-01 01:02:03 UTC,p
        """);
    assertThat(rows).extracting(InventoryCsv.Row::error).containsExactly("missing product_id", "missing available",
        "missing event_time", "unparseable event_time '2019-10-01 01:02:03'",
        "unparseable event_time '2019-02-30 01:02:03 UTC'", "expected 3 columns, found 2");
  }

  @Test
  void theValidatorChecksRecordsFromTheTopic() {
    assertThat(InventoryValidator.check(new InventoryLevel(Instant.ofEpochMilli(T), "p", 0L))).isNull();
    assertThat(InventoryValidator.check(new InventoryLevel(Instant.ofEpochMilli(T), "p", -1L)).defect())
        .isEqualTo(InventoryValidator.Defect.BAD_AVAILABLE);
    assertThat(InventoryValidator.check(new InventoryLevel(Instant.ofEpochMilli(T), "p", 1L << 31)).defect())
        .isEqualTo(InventoryValidator.Defect.BAD_AVAILABLE);
    assertThat(InventoryValidator.check(new InventoryLevel(null, "p", 1L)).defect())
        .isEqualTo(InventoryValidator.Defect.MISSING_EVENT_TIME);
    assertThat(InventoryValidator.check(new InventoryLevel(Instant.ofEpochMilli(T), "", 1L)).defect())
        .isEqualTo(InventoryValidator.Defect.MISSING_PRODUCT_ID);
    assertThat(InventoryValidator.check(new InventoryLevel(Instant.ofEpochMilli(T), "p", null)).defect())
        .isEqualTo(InventoryValidator.Defect.MISSING_AVAILABLE);
  }
}
