package io.cartpulse.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrashRecoveryTest {
  @TempDir
  Path stateDir;

  private CrashRecovery recovery(String guarantee) {
    Properties props = new Properties();
    props.setProperty(StreamsConfig.APPLICATION_ID_CONFIG, "app");
    props.setProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9092");
    props.setProperty(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.setProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
    return new CrashRecovery(props);
  }

  @Test
  void onlyStateLeftByARunThatDidNotCloseIsDropped() throws Exception {
    CrashRecovery recovery = recovery(StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(recovery.untrustedStateLeft()).as("first start: no state at all").isFalse();
    Files.createDirectories(stateDir.resolve("app/0_1/rocksdb"));
    assertThat(recovery.untrustedStateLeft()).as("state, no clean close: a crash").isTrue();

    recovery.closedCleanly();
    assertThat(recovery.untrustedStateLeft()).as("after a clean close").isFalse();
    assertThat(recovery.untrustedStateLeft()).as("that start forgot the clean close: it may crash").isTrue();
  }

  @Test
  void atLeastOnceStateSurvivesACrash() throws Exception {
    Files.createDirectories(stateDir.resolve("app/0_1/rocksdb"));
    assertThat(recovery(StreamsConfig.AT_LEAST_ONCE).untrustedStateLeft()).isFalse();
  }
}
