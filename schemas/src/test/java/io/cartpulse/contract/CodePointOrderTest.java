package io.cartpulse.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodePointOrderTest {
  @Test
  void supplementaryCharactersSortAfterTheEndOfTheBasicPlane() {
    String smiley = "a\uD83D\uDE00"; // a + U+1F600
    String replacement = "a\uFFFD";
    assertThat(smiley.compareTo(replacement)).as("UTF-16 order differs").isNegative();
    assertThat(CodePointOrder.compare(smiley, replacement)).isPositive();
    assertThat(CodePointOrder.compare(replacement, smiley)).isNegative();
  }

  @Test
  void agreesWithUtf8ByteOrder() {
    List<String> ids = new ArrayList<>(List.of("", "a", "ab", "b", "a\u00e9", "a\uE000", "a\uFFFF", "a\uD800\uDC00",
        "a\uD83D\uDE00", "a\uD83D\uDE00b", "Z", "10", "9", "\u4e2d"));
    List<String> byCodePoint = new ArrayList<>(ids);
    byCodePoint.sort(CodePointOrder.COMPARATOR);
    List<String> byBytes = new ArrayList<>(ids);
    byBytes.sort((x, y) -> Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)));
    assertThat(byCodePoint).isEqualTo(byBytes);
  }
}
