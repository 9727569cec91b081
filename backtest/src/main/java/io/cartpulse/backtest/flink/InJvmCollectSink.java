package io.cartpulse.backtest.flink;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Collects a stream's records into this JVM, for jobs that run on a local cluster in the same
 * process (the backtest). Unlike Flink's collect() it needs no client round trips and cannot lose
 * the tail of the results when the per-job cluster shuts down at the end of a bounded input.
 * Each sink instance has its own channel; {@link #drain} returns and forgets its records.
 */
public final class InJvmCollectSink<T> implements Sink<T> {
  private static final long serialVersionUID = 1L;
  private static final Map<String, Queue<Object>> CHANNELS = new ConcurrentHashMap<>();

  private final String channel = UUID.randomUUID().toString();

  public InJvmCollectSink() {
    CHANNELS.put(channel, new ConcurrentLinkedQueue<>());
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    Queue<Object> queue = CHANNELS.get(channel);
    if (queue == null) {
      throw new IllegalStateException("InJvmCollectSink only works on a local cluster in the creating JVM");
    }
    return new SinkWriter<>() {
      @Override
      public void write(T element, Context context) {
        queue.add(element);
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }

  /** Everything collected so far; the channel is closed afterwards. */
  @SuppressWarnings("unchecked")
  public List<T> drain() {
    Queue<Object> queue = CHANNELS.remove(channel);
    return queue == null ? List.of() : (List<T>) List.copyOf(queue);
  }

  /** Forgets the channel without reading it (a failed run). */
  public void discard() {
    CHANNELS.remove(channel);
  }
}
