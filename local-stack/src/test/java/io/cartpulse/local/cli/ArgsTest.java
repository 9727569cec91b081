package io.cartpulse.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArgsTest {
  private static final Set<String> VALUED = Set.of("config");

  @TempDir
  Path dir;

  @Test
  void aPropertiesFileIsReadAsUtf8() throws Exception {
    Path config = dir.resolve("rules.properties");
    Files.writeString(config, "churn.min-views=5\ncartpulse.coupon.zone=Europe/Zürich\n");

    Args args = Args.parse(new String[] {"--config", config.toString()}, VALUED, Set.of());

    assertThat(args.propertiesFile("config"))
        .containsEntry("churn.min-views", "5")
        .containsEntry("cartpulse.coupon.zone", "Europe/Zürich")
        .hasSize(2);
  }

  @Test
  void anAbsentOptionGivesNoProperties() throws Exception {
    assertThat(Args.parse(new String[0], VALUED, Set.of()).propertiesFile("config")).isEmpty();
  }

  @Test
  void aMissingOrMalformedFileIsAUsageErrorNamingTheOption() throws Exception {
    Path missing = dir.resolve("missing.properties");
    assertThatThrownBy(() -> Args.parse(new String[] {"--config", missing.toString()}, VALUED, Set.of())
        .propertiesFile("config"))
        .isInstanceOf(Args.UsageException.class)
        .hasMessage("--config " + missing + ": no such file");

    Path malformed = dir.resolve("malformed.properties");
    Files.writeString(malformed, "key=\\uZZZZ\n");
    assertThatThrownBy(() -> Args.parse(new String[] {"--config", malformed.toString()}, VALUED, Set.of())
        .propertiesFile("config"))
        .isInstanceOf(Args.UsageException.class)
        .hasMessageStartingWith("--config " + malformed + ": cannot read it as a properties file: ");
  }
}
