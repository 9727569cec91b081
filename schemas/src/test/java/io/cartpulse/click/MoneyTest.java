package io.cartpulse.click;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoneyTest {

  @ParameterizedTest
  @CsvSource({"612.40, 61240", "0.005, 1", "0.004, 0", "1.015, 102", "1.0149, 101", "200, 20000",
      "200.00, 20000", "0, 0", "9999999999.99, 999999999999"})
  void toCentsRoundsHalfUp(String amount, long cents) {
    assertThat(Money.toCents(new BigDecimal(amount))).isEqualTo(cents);
  }

  @ParameterizedTest
  @CsvSource({"61240, 612.40", "20000, 200.00", "5, 0.05", "0, 0.00", "100000, 1000.00"})
  void formatHasTwoDecimals(long cents, String text) {
    assertThat(Money.format(cents)).isEqualTo(text);
    assertThat(Money.toCents(Money.fromCents(cents))).isEqualTo(cents);
  }

  @ParameterizedTest
  @CsvSource({"50000, 500", "20000, 200", "100000, 1000", "25050, 250.5", "25055, 250.55", "0, 0", "1, 0.01"})
  void formatPlainWritesTiersAsPeopleDo(long cents, String text) {
    assertThat(Money.formatPlain(cents)).isEqualTo(text);
  }
}
