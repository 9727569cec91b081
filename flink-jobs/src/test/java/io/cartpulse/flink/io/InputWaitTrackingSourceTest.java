package io.cartpulse.flink.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.InputStatus;
import org.junit.jupiter.api.Test;

class InputWaitTrackingSourceTest {

  /** A reader whose poll results and availability the test decides. */
  static final class ScriptedReader implements SourceReader<String, SourceSplit> {
    InputStatus next = InputStatus.MORE_AVAILABLE;
    CompletableFuture<Void> available = new CompletableFuture<>();
    final List<String> calls = new ArrayList<>();

    @Override
    public void start() {
      calls.add("start");
    }

    @Override
    public InputStatus pollNext(ReaderOutput<String> output) {
      return next;
    }

    @Override
    public List<SourceSplit> snapshotState(long checkpointId) {
      calls.add("snapshot " + checkpointId);
      return List.of();
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
      return available;
    }

    @Override
    public void addSplits(List<SourceSplit> splits) {
      calls.add("splits " + splits.size());
    }

    @Override
    public void notifyNoMoreSplits() {
      calls.add("no more splits");
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      calls.add("complete " + checkpointId);
    }

    @Override
    public void close() {
      calls.add("close");
    }
  }

  @Test
  void waitingLastsFromAnEmptyPollUntilRecordsAreAvailable() throws Exception {
    AtomicLong wall = new AtomicLong(1_000);
    InputWaitClock clock = InputWaitClock.tracked(wall::get);
    ScriptedReader scripted = new ScriptedReader();
    InputWaitTrackingSource.Reader<String, SourceSplit> reader = new InputWaitTrackingSource.Reader<>(scripted, clock);

    assertThat(reader.pollNext(null)).isEqualTo(InputStatus.MORE_AVAILABLE);
    wall.addAndGet(5_000);
    assertThat(clock.waitedMillis()).as("busy time is not waiting").isZero();

    scripted.next = InputStatus.NOTHING_AVAILABLE;
    reader.pollNext(null);
    CompletableFuture<Void> available = reader.isAvailable();
    wall.addAndGet(700);
    assertThat(clock.waitedMillis()).isEqualTo(700);
    // The fetcher completes the future when records arrive; the wait ends there, before the next poll.
    scripted.available.complete(null);
    assertThat(available).isDone();
    wall.addAndGet(10_000);
    assertThat(clock.waitedMillis()).isEqualTo(700);

    scripted.next = InputStatus.NOTHING_AVAILABLE;
    reader.pollNext(null);
    wall.addAndGet(300);
    scripted.next = InputStatus.MORE_AVAILABLE;
    reader.pollNext(null);
    wall.addAndGet(10_000);
    assertThat(clock.waitedMillis()).isEqualTo(1_000);
  }

  @Test
  void everythingElseReachesTheWrappedReader() throws Exception {
    ScriptedReader scripted = new ScriptedReader();
    InputWaitTrackingSource.Reader<String, SourceSplit> reader =
        new InputWaitTrackingSource.Reader<>(scripted, InputWaitClock.tracked(() -> 0));
    reader.start();
    reader.addSplits(List.of(() -> "p0"));
    reader.snapshotState(7);
    reader.notifyCheckpointComplete(7);
    reader.notifyNoMoreSplits();
    reader.close();
    assertThat(scripted.calls).containsExactly("start", "splits 1", "snapshot 7", "complete 7", "no more splits",
        "close");
  }
}
