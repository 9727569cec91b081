package io.cartpulse.flink.io;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.watermark.WatermarkDeclaration;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A source that behaves exactly like the one it wraps (same splits, same state, same
 * enumerator) and tells an {@link InputWaitClock} when its reader is waiting for input: from a
 * poll that found nothing until the reader signals that records are available again.
 */
public final class InputWaitTrackingSource<T, SplitT extends SourceSplit, EnumChkT>
    implements Source<T, SplitT, EnumChkT>, ResultTypeQueryable<T> {
  private static final long serialVersionUID = 1L;

  private final Source<T, SplitT, EnumChkT> delegate;
  private final TypeInformation<T> producedType;
  private final InputWaitClock clock;

  public InputWaitTrackingSource(Source<T, SplitT, EnumChkT> delegate, TypeInformation<T> producedType,
      InputWaitClock clock) {
    this.delegate = delegate;
    this.producedType = producedType;
    this.clock = clock;
  }

  @Override
  public Boundedness getBoundedness() {
    return delegate.getBoundedness();
  }

  @Override
  public SplitEnumerator<SplitT, EnumChkT> createEnumerator(SplitEnumeratorContext<SplitT> context) throws Exception {
    return delegate.createEnumerator(context);
  }

  @Override
  public SplitEnumerator<SplitT, EnumChkT> restoreEnumerator(SplitEnumeratorContext<SplitT> context,
      EnumChkT checkpoint) throws Exception {
    return delegate.restoreEnumerator(context, checkpoint);
  }

  @Override
  public SimpleVersionedSerializer<SplitT> getSplitSerializer() {
    return delegate.getSplitSerializer();
  }

  @Override
  public SimpleVersionedSerializer<EnumChkT> getEnumeratorCheckpointSerializer() {
    return delegate.getEnumeratorCheckpointSerializer();
  }

  @Override
  public Set<? extends WatermarkDeclaration> declareWatermarks() {
    return delegate.declareWatermarks();
  }

  @Override
  public SourceReader<T, SplitT> createReader(SourceReaderContext context) throws Exception {
    return new Reader<>(delegate.createReader(context), clock);
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return producedType;
  }

  /** Delegates every call; only watches the poll results and the availability future. */
  static final class Reader<T, SplitT extends SourceSplit> implements SourceReader<T, SplitT> {
    private final SourceReader<T, SplitT> delegate;
    private final InputWaitClock clock;

    Reader(SourceReader<T, SplitT> delegate, InputWaitClock clock) {
      this.delegate = delegate;
      this.clock = clock;
    }

    @Override
    public void start() {
      delegate.start();
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
      InputStatus status = delegate.pollNext(output);
      if (status == InputStatus.NOTHING_AVAILABLE) {
        clock.startWaiting();
      } else {
        clock.stopWaiting();
      }
      return status;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
      CompletableFuture<Void> available = delegate.isAvailable();
      // Completed by the fetcher thread when records arrive: the wait ends there, not at the next poll.
      available.whenComplete((ignored, error) -> clock.stopWaiting());
      return available;
    }

    @Override
    public List<SplitT> snapshotState(long checkpointId) {
      return delegate.snapshotState(checkpointId);
    }

    @Override
    public void addSplits(List<SplitT> splits) {
      delegate.addSplits(splits);
    }

    @Override
    public void notifyNoMoreSplits() {
      delegate.notifyNoMoreSplits();
    }

    @Override
    public void handleSourceEvents(SourceEvent sourceEvent) {
      delegate.handleSourceEvents(sourceEvent);
    }

    @Override
    public void pauseOrResumeSplits(Collection<String> splitsToPause, Collection<String> splitsToResume) {
      delegate.pauseOrResumeSplits(splitsToPause, splitsToResume);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
      delegate.notifyCheckpointComplete(checkpointId);
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
      delegate.notifyCheckpointAborted(checkpointId);
    }

    @Override
    public void close() throws Exception {
      delegate.close();
    }
  }
}
