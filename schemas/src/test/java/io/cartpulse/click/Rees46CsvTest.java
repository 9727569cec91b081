package io.cartpulse.click;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartpulse.avro.ClickEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Rees46CsvTest {

  private static final String VALID =
      "2019-10-01 00:00:01 UTC,view,17200506,2053013559792632471,furniture.living_room.sofa,,543.10,519107250,"
          + "566511c2-e2e3-422b-b695-cf8e6e792ca8";

  @Test
  void parsesAValidRow() {
    Rees46Csv.Row row = Rees46Csv.parseLine(2, VALID);

    assertThat(row.isValid()).isTrue();
    assertThat(row.error()).isNull();
    assertThat(row.lineNumber()).isEqualTo(2);
    assertThat(row.text()).isEqualTo(VALID);
    ClickEvent event = row.event();
    assertThat(event.getEventTime()).isEqualTo(Instant.parse("2019-10-01T00:00:01Z"));
    assertThat(event.getEventType()).isEqualTo("view");
    assertThat(event.getProductId()).isEqualTo("17200506");
    assertThat(event.getCategoryId()).isEqualTo("2053013559792632471");
    assertThat(event.getCategoryCode()).isEqualTo("furniture.living_room.sofa");
    assertThat(event.getBrand()).as("empty brand is missing").isNull();
    assertThat(event.getPrice()).isEqualTo(new BigDecimal("543.10"));
    assertThat(event.getUserId()).isEqualTo("519107250");
    assertThat(event.getUserSession()).isEqualTo("566511c2-e2e3-422b-b695-cf8e6e792ca8");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "missing user    | 2019-10-01 00:00:00 UTC,view,1,2,,,1.00,,s       | missing userId",
      "missing product | 2019-10-01 00:00:00 UTC,view,,2,,,1.00,7,s       | missing productId",
      "missing type    | 2019-10-01 00:00:00 UTC,,1,2,,,1.00,7,s          | missing eventType",
      "missing time    | ,view,1,2,,,1.00,7,s                             | missing eventTime",
      "missing price   | 2019-10-01 00:00:00 UTC,cart,1,2,,,,7,s          | missing price",
      "unknown type    | 2019-10-01 00:00:00 UTC,click,1,2,,,1.00,7,s     | unknown eventType 'click'",
      "negative price  | 2019-10-01 00:00:00 UTC,view,1,2,,,-0.01,7,s     | negative price -0.01",
      "bad price       | 2019-10-01 00:00:00 UTC,view,1,2,,,12,50,7,s     | expected 9 columns, found 10",
      "huge price      | 2019-10-01 00:00:00 UTC,view,1,2,,,99999999999.99,7,s | price 99999999999.99 above the maximum 9999999999.99",
      "word price      | 2019-10-01 00:00:00 UTC,view,1,2,,,free,7,s      | unparseable price 'free'",
      "NaN price       | 2019-10-01 00:00:00 UTC,view,1,2,,,NaN,7,s       | unparseable price 'NaN'",
      "bad time        | 2019-13-01 00:00:00 UTC,view,1,2,,,1.00,7,s      | unparseable event_time '2019-13-01 00:00:00 UTC'",
      "too few columns | 2019-10-01 00:00:00 UTC,view,1,2,,,1.00,7        | expected 9 columns, found 8",
      "open quote      | 2019-10-01 00:00:00 UTC,view,1,2,\"a.b,,1.00,7,s | unbalanced quotes",
  })
  void invalidRowsCarryTheirReason(String name, String line, String reason) {
    Rees46Csv.Row row = Rees46Csv.parseLine(5, line.trim());

    assertThat(row.isValid()).isFalse();
    assertThat(row.event()).isNull();
    assertThat(row.error()).isEqualTo(reason.trim());
    assertThat(row.lineNumber()).isEqualTo(5);
    assertThat(row.text()).isEqualTo(line.trim());
  }

  @Test
  void quotedFieldsMayHoldCommasAndQuotes() {
    Rees46Csv.Row row = Rees46Csv.parseLine(3,
        "2019-10-01 00:00:00 UTC,cart,1,2,\"kids.toys\",\"Acme, \"\"Best\"\" Ltd\",\"1,5\",7,s");

    assertThat(row.error()).isEqualTo("unparseable price '1,5'");
    Rees46Csv.Row valid = Rees46Csv.parseLine(3,
        "\"2019-10-01 00:00:00 UTC\",cart,1,2,\"kids.toys\",\"Acme, \"\"Best\"\" Ltd\",\"9.99\",7,\"\"");
    assertThat(valid.isValid()).isTrue();
    assertThat(valid.event().getBrand()).isEqualTo("Acme, \"Best\" Ltd");
    assertThat(valid.event().getCategoryCode()).isEqualTo("kids.toys");
    assertThat(valid.event().getPrice()).isEqualTo(new BigDecimal("9.99"));
    assertThat(valid.event().getUserSession()).as("empty quoted session is missing").isNull();
  }

  @Test
  void whatCanBeReadOfAnInvalidRowKeepsEveryParsableField() {
    ClickEvent unknownType = Rees46Csv.readable("2019-10-01 00:00:00 UTC,jump,1,2,a.b,acme,oops,7,");
    assertThat(unknownType.getEventTime()).isEqualTo(Instant.parse("2019-10-01T00:00:00Z"));
    assertThat(unknownType.getEventType()).isEqualTo("jump");
    assertThat(unknownType.getCategoryCode()).isEqualTo("a.b");
    assertThat(unknownType.getPrice()).as("unparseable").isNull();
    assertThat(unknownType.getUserId()).isEqualTo("7");
    assertThat(unknownType.getUserSession()).isNull();
    assertThat(Rees46Csv.readable("2019-10-01 00:00:00 UTC,view,1,2,,,-1.00,7,s").getPrice())
        .isEqualTo(new BigDecimal("-1.00"));
    assertThat(Rees46Csv.readable("2019-10-01 00:00:00 UTC,view,1,2,,,99999999999.99,7,s").getPrice())
        .as("beyond the schema").isNull();
    assertThat(Rees46Csv.readable("not,a,row")).isEqualTo(new ClickEvent());
  }

  @Test
  void blanksAroundAPriceAreIgnored() {
    Rees46Csv.Row row = Rees46Csv.parseLine(2, "2019-10-01 00:00:00 UTC,view,1,2,,, 5.00 ,7,s");

    assertThat(row.isValid()).isTrue();
    assertThat(row.event().getPrice()).isEqualTo(new BigDecimal("5.00"));
  }

  @Test
  void aTimeWithoutItsZoneIsInvalid_andPricesRoundHalfUpToCents() {
    assertThat(Rees46Csv.parseLine(2, "2019-10-01 23:59:59,purchase,1,2,,,0.005,7,s").error())
        .startsWith("unparseable event_time");
    Rees46Csv.Row row = Rees46Csv.parseLine(2, "2019-10-01 23:59:59 UTC,purchase,1,2,,,0.005,7,s");

    assertThat(row.isValid()).isTrue();
    assertThat(row.event().getEventTime()).isEqualTo(Instant.parse("2019-10-01T23:59:59Z"));
    assertThat(row.event().getPrice()).isEqualTo(new BigDecimal("0.01"));
    assertThat(Rees46Csv.parseLine(2, "2019-10-01 00:00:00 UTC,view,1,2,,,0,7,s").event().getPrice())
        .isEqualTo(new BigDecimal("0.00"));
  }

  @Test
  void timesFormatAndParseBothWays() {
    assertThat(Rees46Csv.formatTime(1569888000000L)).isEqualTo("2019-10-01 00:00:00 UTC");
    assertThat(Rees46Csv.parseTime("2019-10-01 00:00:00 UTC")).isEqualTo(1569888000000L);
    assertThat(Rees46Csv.parseTime("2019-10-01T00:00:00Z")).isNull();
    assertThat(Rees46Csv.parseTime("2019-10-01 00:00:00")).as("no zone").isNull();
    assertThat(Rees46Csv.parseTime(" 2019-10-01 00:00:00 UTC")).as("padded").isNull();
    assertThat(Rees46Csv.parseTime("2019-02-29 00:00:00 UTC")).as("not a leap year").isNull();
    assertThat(Rees46Csv.parseTime("2020-02-29 23:59:59 UTC")).isEqualTo(1583020799000L);
  }

  @Test
  void toLineRoundTripsThroughParseLine() {
    ClickEvent event = Rees46Csv.parseLine(2, VALID).event();
    assertThat(Rees46Csv.toLine(event)).isEqualTo(VALID);
    assertThat(Rees46Csv.parseLine(2, Rees46Csv.toLine(event)).event()).isEqualTo(event);
  }

  @Test
  void readChecksTheHeaderAndNumbersLinesSkippingBlanks(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("clicks.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(("\uFEFF" + Rees46Csv.HEADER + "\n" + VALID + "\n\nbroken\n").getBytes(StandardCharsets.UTF_8));
    }
    List<Rees46Csv.Row> rows = new ArrayList<>();

    Rees46Csv.read(file, rows::add);

    assertThat(rows).extracting(Rees46Csv.Row::lineNumber).containsExactly(2L, 4L);
    assertThat(rows.get(0).isValid()).isTrue();
    assertThat(rows.get(1).error()).isEqualTo("expected 9 columns, found 1");
  }

  @Test
  void readRejectsAMissingOrWrongHeader(@TempDir Path dir) {
    assertThatThrownBy(() -> Rees46Csv.read(new BufferedReader(new StringReader(VALID + "\n")), "clicks.csv",
        row -> { }))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("clicks.csv: line 1 is not the REES46 header");
    assertThatThrownBy(() -> Rees46Csv.read(new BufferedReader(new StringReader("")), "empty.csv", row -> { }))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("empty.csv: empty file");
    assertThatThrownBy(() -> Rees46Csv.read(dir.resolve("nope.csv"), row -> { }))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("nope.csv");
  }
}
