package io.cartpulse.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class CartPulseStreamsAppTest {

  @Test
  void aBadConfigurationStopsStartUpWithExitCode2() {
    assertThat(CartPulseStreamsApp.run(new String[0], Map.of())).isEqualTo(2);
    assertThat(CartPulseStreamsApp.run(new String[0], Map.of(
        "CARTPULSE_BOOTSTRAP_SERVERS", "kafka:9092",
        "CARTPULSE_SCHEMA_REGISTRY_URL", "mock://x",
        "CARTPULSE_COUPON_TIERS", "500,200"))).isEqualTo(2);
  }

  @Test
  void aMissingConfigFileStopsStartUpWithExitCode2() {
    assertThat(CartPulseStreamsApp.run(new String[] {"target/no-such-file.properties"}, Map.of())).isEqualTo(2);
  }

  @Test
  void theConfigFileComesFromTheFirstArgumentOrTheEnvironment() throws IOException {
    Path file = Files.createDirectories(Path.of("target", "config-test")).resolve("streams.properties");
    Files.writeString(file, "bootstrap.servers=kafka:9092\ncoupon.zone=Europe/Berlin\n");

    Properties fromArg = CartPulseStreamsApp.readConfigFile(new String[] {file.toString()}, Map.of());
    Properties fromEnv = CartPulseStreamsApp.readConfigFile(new String[0],
        Map.of(CartPulseStreamsApp.CONFIG_FILE_ENV, file.toString()));

    assertThat(fromArg).containsEntry("coupon.zone", "Europe/Berlin");
    assertThat(fromEnv).isEqualTo(fromArg);
    assertThatThrownBy(() -> CartPulseStreamsApp.readConfigFile(new String[] {"target/missing.properties"}, Map.of()))
        .isInstanceOf(IOException.class).hasMessageContaining("target/missing.properties");
  }
}
