package io.cartpulse.settings;

import io.cartpulse.contract.Topics;
import io.cartpulse.settings.Setting.Engine;
import java.util.List;

/** Settings both engines read under the same key: where Kafka and the registry are, and the topic names. */
public final class CommonSettings {
  private CommonSettings() {}

  /** Required to run on Kafka (a backtest needs neither this nor the registry). */
  public static final Setting<String> BOOTSTRAP_SERVERS = Setting.optional("bootstrap.servers", SettingKind.TEXT,
      Engine.BOTH, "the Kafka brokers, host:port[,host:port]");
  public static final Setting<String> SCHEMA_REGISTRY_URL = Setting.optional("schema.registry.url", SettingKind.TEXT,
      Engine.BOTH, "the Confluent-compatible Schema Registry, http://host:8081 (or mock://name in tests)");

  public static final Setting<String> TOPIC_CLICKSTREAM = topic(Topics.CLICKSTREAM, Engine.BOTH,
      "Click events in (Avro ClickEvent).");
  public static final Setting<String> TOPIC_ALERTS = topic(Topics.ALERTS, Engine.BOTH, "Alerts out (Avro Alert).");
  public static final Setting<String> TOPIC_CLICKSTREAM_DLQ = topic(Topics.CLICKSTREAM_DLQ, Engine.BOTH,
      "Invalid click records, original bytes and the reason in headers.");
  public static final Setting<String> TOPIC_PVUV = topic(Topics.PVUV, Engine.FLINK,
      "PV/UV curve points out (Avro PvUvPoint).");
  public static final Setting<String> TOPIC_CLICKSTREAM_LATE = topic(Topics.CLICKSTREAM_LATE, Engine.FLINK,
      "Events behind the Flink job's clock, original bytes.");
  public static final Setting<String> TOPIC_RULE_SETTINGS = topic(Topics.RULE_SETTINGS, Engine.BOTH,
      "Settings versions (Avro RuleSettings, compacted, key = version).");

  /** The topic settings, in documentation order. */
  public static final List<Setting<String>> TOPICS = List.of(TOPIC_CLICKSTREAM, TOPIC_ALERTS, TOPIC_CLICKSTREAM_DLQ,
      TOPIC_PVUV, TOPIC_CLICKSTREAM_LATE, TOPIC_RULE_SETTINGS);

  /** {@code topics.<name>} with the topic's default name. */
  private static Setting<String> topic(String name, Engine engine, String doc) {
    return Setting.startup("topics." + name, SettingKind.TEXT, name, engine, doc);
  }
}
