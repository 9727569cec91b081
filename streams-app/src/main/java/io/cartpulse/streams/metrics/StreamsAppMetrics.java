package io.cartpulse.streams.metrics;

import io.cartpulse.avro.AlertType;
import io.cartpulse.click.ClickValidator.Defect;
import io.cartpulse.streams.processor.ClockListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.processor.TaskId;

/**
 * The streams-app's metrics: Kafka Streams' own (every metric of {@link KafkaStreams#metrics()},
 * through Micrometer's {@link KafkaStreamsMetrics}), the JVM's, and CartPulse's:
 *
 * <ul>
 *   <li>{@value #ALERTS_EMITTED} (tag {@code type}): alerts the rules emitted, counted after the
 *       rule processor. Exactly-once: an alert emitted in a transaction that is aborted and
 *       processed again is counted twice; the topic holds it once.
 *   <li>{@value #DLQ_RECORDS} (tag {@code reason}, {@link Defect#label()}): records sent to the
 *       dead-letter topic.
 *   <li>{@value #CLOCK_LAG} (seconds): how far the event-time clock of this instance's furthest
 *       behind active task is behind wall time (NaN before any task has a clock). Grows while the
 *       input backs up; with the wall-clock advance on it stays constant on a quiet partition.
 *   <li>{@value #ALERT_LATENCY} (seconds, tag {@code type}, histogram): from the timestamp of the
 *       input record that triggered an alert (the producer's CreateTime, or the broker's
 *       LogAppendTime) to the alert's {@code detectedAt}. Alerts emitted by a punctuation (a cart
 *       abandonment falling due while no record arrives) have no trigger and are not timed. Not
 *       included: the wait for the transaction commit before read_committed readers see the alert.
 * </ul>
 *
 * <p>Prometheus names: dots become underscores, counters end in {@code _total}, the unit is
 * appended ({@code cartpulse_clock_lag_seconds}). Thread-safe: stream threads record, the HTTP
 * threads scrape.
 */
public final class StreamsAppMetrics implements ClockListener, AutoCloseable {
  public static final String ALERTS_EMITTED = "cartpulse.alerts.emitted";
  public static final String DLQ_RECORDS = "cartpulse.dlq.records";
  public static final String CLOCK_LAG = "cartpulse.clock.lag";
  public static final String ALERT_LATENCY = "cartpulse.alert.latency";
  public static final String TAG_TYPE = "type";
  public static final String TAG_REASON = "reason";

  /** Histogram buckets of {@value #ALERT_LATENCY}: few, so that every alert type stays cheap to scrape. */
  static final Duration[] LATENCY_BUCKETS = {
      Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
      Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

  private final MeterRegistry registry;
  private final PrometheusMeterRegistry prometheus;
  private final Map<Defect, Counter> deadLetters = new EnumMap<>(Defect.class);
  private final ConcurrentMap<AlertType, Counter> alerts = new ConcurrentHashMap<>();
  private final ConcurrentMap<AlertType, Timer> latencies = new ConcurrentHashMap<>();
  private final ConcurrentMap<TaskId, AtomicLong> clocks = new ConcurrentHashMap<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private volatile Supplier<Set<TaskId>> activeTasks = () -> null;

  /** Records into {@code registry}; {@link #scrape()} needs a Prometheus registry ({@link #prometheus()}). */
  public StreamsAppMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.prometheus = registry instanceof PrometheusMeterRegistry p ? p : null;
    // Every reason from the start, at 0: rate() and increase() then see the first dead letter too.
    for (Defect defect : Defect.values()) {
      deadLetters.put(defect, Counter.builder(DLQ_RECORDS).tag(TAG_REASON, defect.label())
          .description("Records sent to the dead-letter topic, by reason").register(registry));
    }
    Gauge.builder(CLOCK_LAG, this, StreamsAppMetrics::largestClockLagSeconds).baseUnit("seconds")
        .description("Wall time minus the event-time clock, of the furthest behind active task of this instance")
        .register(registry);
  }

  /** A Prometheus registry with the JVM's metrics: what the running application exports. */
  public static StreamsAppMetrics prometheus() {
    StreamsAppMetrics metrics = new StreamsAppMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    JvmGcMetrics gc = new JvmGcMetrics();
    metrics.closeables.add(gc);
    for (MeterBinder binder : List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(),
        new ProcessorMetrics(), new UptimeMetrics())) {
      binder.bindTo(metrics.registry);
    }
    return metrics;
  }

  /** Records nothing (a composite registry without members is Micrometer's no-op): backtests, unit tests. */
  public static StreamsAppMetrics disabled() {
    return new StreamsAppMetrics(new CompositeMeterRegistry());
  }

  /**
   * Adds the metrics of {@code streams} and limits the clock lag to the tasks it runs now (a task
   * that moved to another instance keeps its last clock here, and must not count).
   */
  public void bind(KafkaStreams streams) {
    KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams, Tags.empty());
    streamsMetrics.bindTo(registry);
    closeables.add(streamsMetrics);
    activeTasks = () -> activeTasksOf(streams);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Every metric in the Prometheus text format. */
  public String scrape() {
    if (prometheus == null) {
      throw new IllegalStateException("not a Prometheus registry: " + registry.getClass().getName());
    }
    return prometheus.scrape();
  }

  public void deadLettered(Defect defect) {
    deadLetters.get(defect).increment();
  }

  /**
   * One alert emitted; {@code triggeredAtMs} is the timestamp of the input record that triggered
   * it, or {@link Long#MIN_VALUE} when it has none.
   */
  public void alertEmitted(AlertType type, long detectedAtMs, long triggeredAtMs) {
    alerts.computeIfAbsent(type, t -> Counter.builder(ALERTS_EMITTED).tag(TAG_TYPE, t.name())
        .description("Alerts emitted by the rules, by type").register(registry)).increment();
    if (triggeredAtMs != Long.MIN_VALUE && detectedAtMs >= triggeredAtMs) {
      latencies.computeIfAbsent(type, t -> Timer.builder(ALERT_LATENCY).tag(TAG_TYPE, t.name())
              .description("From the triggering input record's timestamp to the alert's detectedAt")
              .serviceLevelObjectives(LATENCY_BUCKETS).register(registry))
          .record(detectedAtMs - triggeredAtMs, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void onClock(TaskId task, long clockMs) {
    AtomicLong clock = clocks.get(task);
    if (clock == null) {
      clock = clocks.computeIfAbsent(task, t -> new AtomicLong());
    }
    clock.set(clockMs);
  }

  double largestClockLagSeconds() {
    Set<TaskId> active = activeTasks.get();
    long now = System.currentTimeMillis();
    long largest = Long.MIN_VALUE;
    for (Map.Entry<TaskId, AtomicLong> entry : clocks.entrySet()) {
      if (active == null || active.contains(entry.getKey())) {
        largest = Math.max(largest, now - entry.getValue().get());
      }
    }
    return largest == Long.MIN_VALUE ? Double.NaN : largest / 1000.0;
  }

  /** The active tasks of {@code streams} now; none while it is not running or rebalancing. */
  private static Set<TaskId> activeTasksOf(KafkaStreams streams) {
    try {
      Set<TaskId> tasks = new HashSet<>();
      for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
        thread.activeTasks().forEach(task -> tasks.add(task.taskId()));
      }
      return tasks;
    } catch (IllegalStateException notRunning) {
      return Collections.emptySet();
    }
  }

  @Override
  public void close() {
    for (AutoCloseable closeable : closeables) {
      try {
        closeable.close();
      } catch (Exception ignored) {
        // Closing only stops background refreshes; nothing to report at shutdown.
      }
    }
    registry.close();
  }
}
