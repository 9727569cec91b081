package io.cartpulse.flink.settings;

import static io.cartpulse.flink.settings.SettingsRecords.timeline;
import static io.cartpulse.flink.settings.SettingsRecords.version;
import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.Alert;
import io.cartpulse.avro.RuleSettings;
import io.cartpulse.flink.rules.churn.ChurnAlerts;
import io.cartpulse.flink.rules.churn.ChurnRiskGate;
import io.cartpulse.registry.InMemorySchemaRegistryClient;
import io.cartpulse.registry.SpecificAvroSerde;
import io.cartpulse.settings.SettingsTimeline;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.StreamFlatMap;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithNonKeyedOperator;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The Flink job following {@code rule-settings} while it runs (ALERTS.md section 8, "Live"): bad
 * records are skipped without stopping anything, and the versions it learned are in its broadcast
 * state, so a restore from a snapshot still follows them.
 */
class LiveSettingsTest {
  private static final String SCOPE = "flink-live-settings-test";
  private static final Map<String, String> REGISTRY =
      Map.of("schema.registry.url", "mock://" + SCOPE, "auto.register.schemas", "true");
  private static final long WEEK = 7 * 86_400_000L;
  private static final long W0 = 1_569_888_000_000L;
  private static final long END = W0 + WEEK;

  @AfterAll
  static void dropRegistry() {
    InMemorySchemaRegistryClient.dropScope(SCOPE);
  }

  @Test
  void aRecordThatCannotBeDecodedIsSkippedAndTheNextOneIsRead() {
    SpecificAvroSerde<RuleSettings> serde = new SpecificAvroSerde<>(RuleSettings.class);
    serde.configure(REGISTRY, false);
    RuleSettingsDeserializer deserializer = new RuleSettingsDeserializer("rule-settings", REGISTRY);
    List<RuleSettings> out = new ArrayList<>();

    deserializer.deserialize(record(0, "not avro".getBytes(StandardCharsets.UTF_8)), new ListCollector<>(out));
    deserializer.deserialize(record(1, null), new ListCollector<>(out)); // a tombstone
    deserializer.deserialize(record(2, serde.serialize("rule-settings", version(3, W0, "churn.min-views", "5"))),
        new ListCollector<>(out));

    assertThat(out).extracting(RuleSettings::getVersion).containsExactly(3L);
  }

  private static ConsumerRecord<byte[], byte[]> record(long offset, byte[] value) {
    return new ConsumerRecord<>("rule-settings", 0, offset, Long.toString(offset).getBytes(StandardCharsets.UTF_8),
        value);
  }

  @Test
  void versionsWithAnUnknownKeyOrABadValueAreDroppedBeforeAnyOperatorSeesThem() throws Exception {
    try (OneInputStreamOperatorTestHarness<RuleSettings, RuleSettings> harness =
        new OneInputStreamOperatorTestHarness<>(new StreamFlatMap<>(new SettingsStreams.Validate()))) {
      harness.open();
      harness.processElement(version(1, W0, "churn.min-veiws", "5"), 0);
      harness.processElement(version(2, W0, "churn.min-views", "0"), 0);
      harness.processElement(version(3, W0, "surge.factor", "three"), 0);
      harness.processElement(version(4, W0, "cross-sell.max-gap", "PT1M"), 0); // a start-up key
      harness.processElement(version(5, W0, "churn.min-views", "5"), 0);

      assertThat(harness.extractOutputValues()).extracting(RuleSettings::getVersion).containsExactly(5L);
    }
  }

  private static Alert closedWindow(int views) {
    return ChurnAlerts.create("u1", W0, views, WEEK, 0);
  }

  private static BroadcastOperatorTestHarness<Alert, RuleSettings, Alert> gate(SettingsTimeline initial)
      throws Exception {
    return new BroadcastOperatorTestHarness<>(
        new CoBroadcastWithNonKeyedOperator<>(new ChurnRiskGate(initial), List.of(FollowedSettings.STATE)), 1, 1, 0);
  }

  @Test
  void aRestoreFromASnapshotKeepsTheVersionsThatArrivedWhileRunning() throws Exception {
    OperatorSubtaskState snapshot;
    try (BroadcastOperatorTestHarness<Alert, RuleSettings, Alert> running = gate(timeline())) {
      running.open();
      running.processBroadcastElement(version(7, W0, "churn.min-views", "5"), 0);
      running.processElement(closedWindow(5), END);
      assertThat(running.extractOutputValues()).hasSize(1);
      snapshot = running.snapshot(1, 1);
    }

    // The job restarts with the start-up settings only: the version comes back from the snapshot.
    try (BroadcastOperatorTestHarness<Alert, RuleSettings, Alert> restored = gate(timeline())) {
      restored.initializeState(snapshot);
      restored.open();
      restored.processElement(closedWindow(5), END + 1);
      restored.processElement(closedWindow(4), END + 2);

      assertThat(restored.extractOutputValues()).extracting(a -> a.getAttributes().get("views")).containsExactly("5");
      // A version it has already is ignored (the topic is read again after a restart).
      restored.processBroadcastElement(version(7, W0, "churn.min-views", "5"), 0);
      assertThat(restored.getBroadcastState(FollowedSettings.STATE).immutableEntries()).hasSize(1);
    }
  }
}
