package io.cartpulse.streams;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Tells a start after a crash from one after a clean stop, so that under exactly-once the local
 * state of a crashed instance is dropped before it starts rather than after. Kafka Streams trusts
 * exactly-once local state only after a clean close (it writes the stores' checkpoints then); after
 * a crash it finds every task's stores without checkpoints, wipes them one by one and restores the
 * changelogs anyway - and before that, the stale state makes the restarted instance look behind to
 * the assignor, which costs it another rebalance. Dropping it up front ({@code KafkaStreams#cleanUp})
 * restores the same data without that detour. A clean close leaves a marker next to the
 * application's state directory ({@code <state.dir>/<application.id>.clean-shutdown}); a start
 * removes it, so only a close that completed leaves one behind.
 */
final class CrashRecovery {
  private final Path appStateDir;
  private final Path marker;
  private final boolean exactlyOnce;

  CrashRecovery(Properties streamsProperties) {
    StreamsConfig config = new StreamsConfig(streamsProperties);
    Path stateDir = Path.of(config.getString(StreamsConfig.STATE_DIR_CONFIG));
    String applicationId = config.getString(StreamsConfig.APPLICATION_ID_CONFIG);
    this.appStateDir = stateDir.resolve(applicationId);
    this.marker = stateDir.resolve(applicationId + ".clean-shutdown");
    this.exactlyOnce =
        StreamsConfig.EXACTLY_ONCE_V2.equals(config.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
  }

  /**
   * Whether local state is left from a run that did not close cleanly and cannot be trusted
   * (exactly-once only: at-least-once checkpoints as it commits, so its state survives a crash).
   * Forgets the last clean close: from here on only {@link #closedCleanly} writes the marker again.
   */
  boolean untrustedStateLeft() throws IOException {
    boolean clean = Files.deleteIfExists(marker);
    return exactlyOnce && !clean && Files.isDirectory(appStateDir);
  }

  /** Records a completed clean close. */
  void closedCleanly() throws IOException {
    Files.createDirectories(marker.getParent());
    Files.writeString(marker, "closed cleanly\n");
  }
}
