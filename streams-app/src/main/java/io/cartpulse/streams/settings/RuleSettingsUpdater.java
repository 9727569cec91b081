package io.cartpulse.streams.settings;

import io.cartpulse.avro.RuleSettings;
import io.cartpulse.registry.SpecificAvroSerde;
import io.cartpulse.settings.RuleSettingsTopic;
import io.cartpulse.settings.SettingsVersion;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the {@code rule-settings} global store and {@link FollowedSettings}. Kafka Streams reads the
 * whole topic through this processor before the stream threads start (a global store added with a
 * processor is restored by reprocessing, and the store is in memory, so every start reads it all),
 * then follows it while running. A record that is not a valid version is logged and skipped: the
 * engine keeps running on the versions it has.
 */
public final class RuleSettingsUpdater implements Processor<String, byte[], Void, Void> {
  public static final String STORE = "rule-settings";
  private static final Logger LOG = LoggerFactory.getLogger(RuleSettingsUpdater.class);

  private final FollowedSettings settings;
  private final SpecificAvroSerde<RuleSettings> serde;
  private final String topic;
  private KeyValueStore<String, byte[]> store;

  public RuleSettingsUpdater(FollowedSettings settings, SpecificAvroSerde<RuleSettings> serde, String topic) {
    this.settings = settings;
    this.serde = serde;
    this.topic = topic;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(STORE);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (record.value() == null) {
      return; // a tombstone: versions are never taken back (ALERTS.md section 8)
    }
    SettingsVersion version;
    try {
      version = RuleSettingsTopic.version(serde.deserialize(topic, record.value()));
    } catch (RuntimeException e) {
      LOG.warn("rule-settings: skipped a bad settings record (key {}): {}", record.key(), e.getMessage());
      return;
    }
    // Followed first, then stored: whoever sees the version in the store (an interactive query) knows the
    // rules read it already.
    if (settings.add(version)) {
      LOG.info("rule-settings: version {} in force from {}: {}", version.version(), version.effectiveFrom(),
          version.settings());
    }
    store.put(record.key(), record.value());
  }
}
