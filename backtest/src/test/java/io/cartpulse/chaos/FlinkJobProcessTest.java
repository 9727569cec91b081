package io.cartpulse.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlinkJobProcessTest {
  @TempDir
  Path dir;

  private Path checkpoint(String job, String name, long modified) throws Exception {
    Path checkpoint = Files.createDirectories(dir.resolve(job).resolve(name));
    Path metadata = Files.writeString(checkpoint.resolve("_metadata"), "x");
    Files.setLastModifiedTime(metadata, FileTime.fromMillis(modified));
    return checkpoint;
  }

  @Test
  void theLatestCompletedCheckpointOfAnyEarlierJobIsRestored() throws Exception {
    assertThat(FlinkJobProcess.latestCheckpoint(dir.resolve("none"))).isEmpty();
    checkpoint("job-1", "chk-40", 1_000);
    Path newest = checkpoint("job-2", "chk-3", 5_000);
    checkpoint("job-2", "chk-2", 4_000);
    // In progress (no _metadata yet) and shared state are not checkpoints to restore.
    Files.createDirectories(dir.resolve("job-2/chk-4"));
    Files.createDirectories(dir.resolve("job-2/shared"));
    assertThat(FlinkJobProcess.latestCheckpoint(dir)).contains(newest);
    assertThat(FlinkJobProcess.localPath(dir.toUri().toString())).isEqualTo(dir);
  }
}
