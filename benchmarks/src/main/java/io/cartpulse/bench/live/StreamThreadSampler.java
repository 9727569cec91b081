package io.cartpulse.bench.live;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the streams-app's stream threads are doing, by sampling their stacks every few tens of
 * milliseconds: committing the exactly-once transaction (flushing the producer, committing the
 * transaction), polling the input, running the rules (RocksDB, Avro, the processors), or
 * runnable-but-elsewhere. When a rate is not sustained while the stream threads use little CPU,
 * this says whether they were waiting on commits.
 */
final class StreamThreadSampler implements AutoCloseable {
  static final String COMMIT = "commit";
  static final String POLL = "poll";
  static final String STATE = "state store";
  static final String SERDE = "serde";
  static final String PROCESS = "process";
  static final String OTHER = "other";

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int DEPTH = 48;

  private final Map<String, Long> counts = new LinkedHashMap<>();
  private final Thread thread;
  private final long periodMillis;
  private volatile boolean running = true;
  private long samples;

  StreamThreadSampler(long periodMillis) {
    this.periodMillis = periodMillis;
    for (String kind : new String[] {COMMIT, POLL, STATE, SERDE, PROCESS, OTHER}) {
      counts.put(kind, 0L);
    }
    this.thread = new Thread(this::loop, "bench-live-stack-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (running) {
      sampleOnce();
      try {
        Thread.sleep(periodMillis);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private long[] streamThreadIds = new long[0];
  private long idsRefreshedAt = System.nanoTime() - 2_000_000_000L;

  private void sampleOnce() {
    long now = System.nanoTime();
    if (now - idsRefreshedAt > 1_000_000_000L) {
      // Only the stream threads' stacks: dumping all ~300 threads at this rate would cost real CPU.
      idsRefreshedAt = now;
      streamThreadIds = java.util.Arrays.stream(THREADS.getThreadInfo(THREADS.getAllThreadIds()))
          .filter(info -> info != null && info.getThreadName().contains("-StreamThread-")
              && !info.getThreadName().startsWith("kafka-"))
          .mapToLong(ThreadInfo::getThreadId).toArray();
    }
    for (ThreadInfo info : THREADS.getThreadInfo(streamThreadIds, DEPTH)) {
      if (info == null) {
        continue;
      }
      String kind = classify(info.getStackTrace());
      synchronized (this) {
        counts.merge(kind, 1L, Long::sum);
        samples++;
      }
    }
  }

  /**
   * The activity of a stream thread's stack (innermost frames first): waiting on the exactly-once
   * commit (producer flush, offsets to the transaction, commit), else the innermost known work.
   */
  static String classify(StackTraceElement[] stack) {
    for (StackTraceElement frame : stack) {
      String cls = frame.getClassName();
      String method = frame.getMethodName();
      if (cls.endsWith("TransactionalRequestResult") || cls.endsWith("ProduceRequestResult")
          || cls.endsWith("KafkaProducer") && (method.equals("flush") || method.contains("Transaction"))) {
        return COMMIT;
      }
    }
    for (StackTraceElement frame : stack) {
      String cls = frame.getClassName();
      String method = frame.getMethodName();
      if (cls.startsWith("org.rocksdb") || cls.contains("RocksDB")) {
        return STATE;
      }
      if (cls.startsWith("org.apache.avro") || cls.contains("AvroWireCodec") || cls.contains("Serde")
          || cls.contains("Serializer") || cls.contains("Deserializer")) {
        return SERDE;
      }
      if (cls.startsWith("io.cartpulse")) {
        return PROCESS;
      }
      if ((cls.endsWith("KafkaConsumer") || cls.contains("consumer.internals")) && method.startsWith("poll")
          || cls.endsWith("StreamThread") && method.equals("pollRequests")) {
        return POLL;
      }
    }
    return OTHER;
  }

  /** Shares of the samples so far, e.g. "commit 62%, poll 20%, state store 8%, ...". */
  synchronized String describe() {
    if (samples == 0) {
      return "no samples";
    }
    StringBuilder text = new StringBuilder();
    counts.forEach((kind, count) -> {
      if (count > 0) {
        text.append(text.length() == 0 ? "" : ", ").append(kind).append(' ')
            .append(String.format(Locale.ROOT, "%.0f%%", 100.0 * count / samples));
      }
    });
    return text.toString();
  }

  synchronized double share(String kind) {
    return samples == 0 ? Double.NaN : (double) counts.getOrDefault(kind, 0L) / samples;
  }

  synchronized void reset() {
    counts.replaceAll((kind, count) -> 0L);
    samples = 0;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(5_000);
  }
}
