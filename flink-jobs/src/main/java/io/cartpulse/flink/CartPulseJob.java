package io.cartpulse.flink;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.avro.PvUvPoint;
import io.cartpulse.avro.RuleSettings;
import io.cartpulse.flink.config.JobConfig;
import io.cartpulse.flink.config.JobConfigException;
import io.cartpulse.flink.io.ClickRouter;
import io.cartpulse.flink.io.ClickWatermarks;
import io.cartpulse.flink.io.InputWaitClock;
import io.cartpulse.flink.io.InputWaitTrackingSource;
import io.cartpulse.flink.metrics.AlertsByTypeMeter;
import io.cartpulse.flink.metrics.PvUvMeter;
import io.cartpulse.flink.model.Click;
import io.cartpulse.flink.model.SourcedClick;
import io.cartpulse.flink.rules.PvUvCurveFunction;
import io.cartpulse.flink.rules.TrafficSurgeFunction;
import io.cartpulse.flink.rules.churn.ChurnRisk;
import io.cartpulse.flink.serde.AvroRecordSerializer;
import io.cartpulse.flink.serde.SourceRecordSerializer;
import io.cartpulse.flink.serde.SourcedClickDeserializer;
import io.cartpulse.flink.settings.RuleSettingsDeserializer;
import io.cartpulse.flink.settings.SettingsStreams;
import io.cartpulse.registry.SpecificAvroSerde;
import io.cartpulse.settings.RuleSettingsTopic;
import io.cartpulse.settings.SettingsTimeline;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CartPulse Flink job: CHURN_RISK (FlinkCEP), TRAFFIC_SURGE and the PV/UV curves of
 * ALERTS.md section 4.
 *
 * <ul>
 *   <li>{@link #build} - the rules over valid, timestamped, on-time clicks; shared by the Kafka
 *       job and the backtest, so both run the same operators.
 *   <li>{@link #route} - invalid records and late events out of the way, into side outputs.
 *   <li>{@link #wireKafka} - the live pipeline: Kafka in, exactly-once Kafka out.
 *   <li>{@link #main} - {@code flink run} entry point (see flink-jobs/README.md).
 * </ul>
 *
 * <p>Every operator has a stable uid (and the same name) so savepoints survive upgrades: change
 * an operator's state and you must change its uid, never the other way round.
 */
public final class CartPulseJob {
  private static final Logger LOG = LoggerFactory.getLogger(CartPulseJob.class);

  public static final String JOB_NAME = "CartPulse flink-jobs";

  private static final Duration SETTINGS_READ_TIMEOUT = Duration.ofSeconds(60);

  static final TypeInformation<Alert> ALERT_TYPE = new AvroTypeInfo<>(Alert.class);
  static final TypeInformation<PvUvPoint> PVUV_TYPE = new AvroTypeInfo<>(PvUvPoint.class);

  private CartPulseJob() {}

  /** The rule outputs. */
  public record JobOutputs(DataStream<Alert> alerts, DataStream<PvUvPoint> pvuv) {}

  /** The input split three ways: on-time valid events, late events, invalid records. */
  public record RoutedClicks(DataStream<ClickEvent> valid, DataStream<SourcedClick> late,
      DataStream<SourcedClick> invalid) {}

  /**
   * The rules, following only the settings the configuration starts with (a backtest: its versions
   * are in {@code config}, {@link JobConfig#settingsTimeline()}).
   */
  public static JobOutputs build(DataStream<ClickEvent> validClicksWithTimestamps, JobConfig config) {
    return build(validClicksWithTimestamps,
        SettingsStreams.none(validClicksWithTimestamps.getExecutionEnvironment()), config);
  }

  /**
   * The rules. {@code validClicksWithTimestamps} must carry event-time timestamps and watermarks
   * and contain only valid, normalised, on-time events (see {@link #route}); {@code settingsUpdates}
   * are the versions that arrive while the job runs (ALERTS.md section 8; bad ones are skipped).
   */
  public static JobOutputs build(DataStream<ClickEvent> validClicksWithTimestamps,
      DataStream<RuleSettings> settingsUpdates, JobConfig config) {
    BroadcastStream<RuleSettings> settings = SettingsStreams.broadcast(SettingsStreams.validated(settingsUpdates));
    SettingsTimeline initial = config.settingsTimeline();
    // Everything up to the first keyBy runs at the input's parallelism, chained to it: a user's
    // events then reach the keyed rules through one channel, in arrival order.
    DataStream<Click> clicks = validClicksWithTimestamps
        .map(Click::of, TypeInformation.of(Click.class))
        .setParallelism(validClicksWithTimestamps.getParallelism())
        .uid("to-click").name("to-click");

    DataStream<Alert> churn = ChurnRisk.alerts(clicks, config.churnImplementation(), config.churnWindowMs(),
        initial, settings);

    DataStream<Alert> surge = clicks
        .filter(Click::isView).setParallelism(clicks.getParallelism()).uid("surge-views").name("surge-views")
        .map(click -> click.time, Types.LONG).setParallelism(clicks.getParallelism())
        .uid("surge-view-times").name("surge-view-times")
        .keyBy(time -> 0, Types.INT)
        .connect(settings)
        .process(new TrafficSurgeFunction(initial, config.surgeHistoryMinutes(), config.surgeBaselineMinutes()),
            ALERT_TYPE)
        .uid("traffic-surge").name("traffic-surge")
        // One global count: a single subtask holds it whatever the job's parallelism.
        .setParallelism(1).setMaxParallelism(1);

    DataStream<PvUvPoint> pvuv = clicks
        .flatMap(new PvUvCurveFunction.ToDimensions(),
            TypeInformation.of(io.cartpulse.flink.model.DimensionView.class))
        .setParallelism(clicks.getParallelism())
        .uid("pvuv-dimensions").name("pvuv-dimensions")
        .keyBy(view -> view.key, Types.STRING)
        .process(new PvUvCurveFunction(), PVUV_TYPE)
        .uid("pvuv-curves").name("pvuv-curves");

    return new JobOutputs(churn.union(surge), pvuv);
  }

  /** Splits timestamped input into on-time valid events and the two side outputs. */
  public static RoutedClicks route(DataStream<SourcedClick> withTimestamps) {
    SingleOutputStreamOperator<ClickEvent> valid = withTimestamps
        .process(new ClickRouter(), new AvroTypeInfo<>(ClickEvent.class))
        .setParallelism(withTimestamps.getParallelism())
        .uid("click-router").name("click-router");
    return new RoutedClicks(valid, valid.getSideOutput(ClickRouter.LATE), valid.getSideOutput(ClickRouter.INVALID));
  }

  /**
   * Parallelism, exactly-once checkpoints (kept after the job ends unless {@code checkpoint.retention}
   * says otherwise), state backend and watermark interval from the config.
   */
  public static void configureEnvironment(StreamExecutionEnvironment env, JobConfig config) {
    configureRuntime(env, config);
    env.enableCheckpointing(config.checkpointIntervalMs(), CheckpointingMode.EXACTLY_ONCE);
    Configuration conf = new Configuration();
    conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, config.checkpointRetention());
    env.configure(conf);
  }

  /** Everything of {@link #configureEnvironment} but checkpointing (backtests need none). */
  public static void configureRuntime(StreamExecutionEnvironment env, JobConfig config) {
    Configuration conf = new Configuration();
    conf.set(StateBackendOptions.STATE_BACKEND, config.stateBackend());
    if (config.stateBackend().equals(JobConfig.STATE_BACKEND_ROCKSDB)) {
      conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
    }
    if (config.checkpointDir() != null) {
      conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, config.checkpointDir());
    }
    // No function keeps a reference to an input record, so records are passed, not copied.
    conf.set(PipelineOptions.OBJECT_REUSE, true);
    env.configure(conf);
    env.setParallelism(config.parallelism());
    env.setMaxParallelism(config.maxParallelism());
    env.getConfig().setAutoWatermarkInterval(config.watermarkIntervalMs());
  }

  /**
   * The live pipeline on {@code env}: clickstream (Confluent Avro) in; alerts, pvuv, late events
   * and dead letters out, exactly once (Kafka transactions committed on checkpoints). Configures
   * {@code env} from {@code config} first; the caller executes it.
   */
  public static void wireKafka(StreamExecutionEnvironment env, JobConfig config) {
    config.requireKafka();
    configureEnvironment(env, config);
    Map<String, String> registry = config.registryConfig();

    Properties consumer = config.kafkaClientProperties();
    consumer.putIfAbsent("isolation.level", "read_committed");
    KafkaSource<SourcedClick> source = KafkaSource.<SourcedClick>builder()
        .setBootstrapServers(config.bootstrapServers())
        .setTopics(config.topicClickstream())
        .setGroupId(config.groupId())
        .setStartingOffsets(committedOrEarliest())
        .setDeserializer(new SourcedClickDeserializer(config.topicClickstream(), registry))
        .setProperties(consumer)
        .build();
    // The reader reports when it waits for input: only then may a quiet partition's clock run on (ClickWatermarks).
    InputWaitClock inputWait = InputWaitClock.tracked();
    DataStream<SourcedClick> input = env
        .fromSource(new InputWaitTrackingSource<>(source, source.getProducedType(), inputWait),
            ClickWatermarks.strategy(config.watermarkDelayMs(), config.watermarkIdleMs(), inputWait),
            "clickstream-source")
        .uid("clickstream-source");

    // Settings versions (ALERTS.md section 8): those known at submission are in the configuration
    // (withSettingsOnTopic), then every record as it comes (broadcast; they never hold the clock back).
    KafkaSource<RuleSettings> settingsSource = KafkaSource.<RuleSettings>builder()
        .setBootstrapServers(config.bootstrapServers())
        .setTopics(config.topicRuleSettings())
        .setGroupId(config.groupId() + "-rule-settings")
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setDeserializer(new RuleSettingsDeserializer(config.topicRuleSettings(), registry))
        .setProperties(consumer)
        .build();
    DataStream<RuleSettings> settings = env
        .fromSource(settingsSource, SettingsStreams.neverHoldTheClock(), "rule-settings-source")
        .setParallelism(1).uid("rule-settings-source");

    RoutedClicks routed = route(input);
    JobOutputs outputs = build(routed.valid(), settings, config);

    // Metering steps in front of the sinks (alerts by type, the latest PV/UV): the rules stay metric-free.
    outputs.alerts().map(new AlertsByTypeMeter(), ALERT_TYPE).uid("alerts-meter").name("alerts-meter")
        .sinkTo(exactlyOnceSink(config, "alerts", AvroRecordSerializer.alerts(config.topicAlerts(), registry)))
        .uid("alerts-sink").name("alerts-sink");
    outputs.pvuv().map(new PvUvMeter(), PVUV_TYPE).uid("pvuv-meter").name("pvuv-meter")
        .sinkTo(exactlyOnceSink(config, "pvuv", AvroRecordSerializer.pvuv(config.topicPvUv(), registry)))
        .uid("pvuv-sink").name("pvuv-sink");
    routed.late().sinkTo(exactlyOnceSink(config, "late", SourceRecordSerializer.late(config.topicLate())))
        .uid("late-sink").name("late-sink");
    routed.invalid().sinkTo(exactlyOnceSink(config, "dlq", SourceRecordSerializer.deadLetter(config.topicDlq())))
        .uid("dlq-sink").name("dlq-sink");
  }

  /**
   * {@code config} with every valid version on the {@code rule-settings} topic now (read whole, bad
   * records logged and skipped): what the job follows from its first event on. Called at submission,
   * before {@link #wireKafka}.
   */
  public static JobConfig withSettingsOnTopic(JobConfig config) {
    config.requireKafka();
    return config.withSettingsVersions(RuleSettingsTopic.readAll(consumer(config), config.topicRuleSettings(),
        registrySerde(config.registryConfig()), SETTINGS_READ_TIMEOUT,
        (key, reason) -> LOG.warn("rule-settings: skipped the bad record of key {}: {}", key, reason)));
  }

  private static Properties consumer(JobConfig config) {
    Properties props = config.kafkaClientProperties();
    props.put("bootstrap.servers", config.bootstrapServers());
    return props;
  }

  private static SpecificAvroSerde<RuleSettings> registrySerde(Map<String, String> registry) {
    SpecificAvroSerde<RuleSettings> serde = new SpecificAvroSerde<>(RuleSettings.class);
    serde.configure(registry, false);
    return serde;
  }

  /** The group's committed offsets; from the start when it has none (a first deployment). */
  @SuppressWarnings("deprecation") // the connector's API still takes Kafka's deprecated enum
  static OffsetsInitializer committedOrEarliest() {
    return OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
  }

  static <T> KafkaSink<T> exactlyOnceSink(JobConfig config, String name, KafkaRecordSerializationSchema<T> records) {
    Properties producer = config.kafkaClientProperties();
    producer.setProperty("transaction.timeout.ms", Long.toString(config.transactionTimeoutMs()));
    return KafkaSink.<T>builder()
        .setBootstrapServers(config.bootstrapServers())
        .setKafkaProducerConfig(producer)
        .setRecordSerializer(records)
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(config.transactionalIdPrefix() + "-" + name)
        .build();
  }

  /**
   * {@code flink run -c io.cartpulse.flink.CartPulseJob cartpulse-flink-jobs-<v>-job.jar
   * [--config job.properties] [--key value ...]}; see flink-jobs/README.md for the keys.
   */
  public static void main(String[] args) throws Exception {
    JobConfig config;
    try {
      config = JobConfig.fromArgs(args, System.getenv()).requireKafka();
    } catch (JobConfigException e) {
      System.err.println(e.getMessage());
      System.err.println("Usage: flink run " + CartPulseJob.class.getName()
          + " --bootstrap.servers host:9092 --schema.registry.url http://host:8081 [--config file.properties]"
          + " [--<key> <value> ...]  (see flink-jobs/README.md)");
      throw e;
    }
    config = withSettingsOnTopic(config);
    LOG.info("Starting {} with {}", JOB_NAME, config);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    wireKafka(env, config);
    env.execute(JOB_NAME);
  }
}
