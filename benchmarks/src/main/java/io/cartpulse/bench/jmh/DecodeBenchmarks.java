package io.cartpulse.bench.jmh;

import io.cartpulse.alert.Alerts;
import io.cartpulse.avro.Alert;
import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.click.ClickValidator;
import io.cartpulse.click.Rees46Csv;
import io.cartpulse.contract.Topics;
import io.cartpulse.registry.InMemorySchemaRegistryClient;
import io.cartpulse.registry.SpecificAvroSerde;
import io.cartpulse.streams.rules.Click;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What every event costs before a rule sees it (CSV parse in the backtest; Confluent-framed Avro
 * decode with the registry lookup cached, validation, normalization, the rules' Click) and what
 * every alert costs after (deterministic id, Avro encode).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class DecodeBenchmarks {
  static final String LINE =
      "2019-10-01 00:00:04 UTC,view,1004237,2053013555631882655,electronics.smartphone,apple,1081.98,535871217,"
          + "c6bd7419-0748-4c11-8ed3-28bd6c4e5f8b";

  SpecificAvroSerde<ClickEvent> clickSerde;
  SpecificAvroSerde<Alert> alertSerde;
  ClickEvent event;
  byte[] encoded;
  Alert alert;

  @Setup
  public void setUp() {
    String scope = "jmh-decode";
    clickSerde = new SpecificAvroSerde<>(ClickEvent.class, InMemorySchemaRegistryClient.forScope(scope), true, false);
    alertSerde = new SpecificAvroSerde<>(Alert.class, InMemorySchemaRegistryClient.forScope(scope), true, false);
    event = Rees46Csv.parseLine(2, LINE).event();
    encoded = clickSerde.serialize(Topics.CLICKSTREAM, event);
    alert = newAlert();
  }

  /** One REES46 CSV line to a validated ClickEvent (the backtest's input path). */
  @Benchmark
  public Rees46Csv.Row csvParse() {
    return Rees46Csv.parseLine(2, LINE);
  }

  /** Confluent wire format to ClickEvent (schema id lookup cached). */
  @Benchmark
  public ClickEvent avroDecode() {
    return clickSerde.deserialize(Topics.CLICKSTREAM, encoded);
  }

  /** Decode, validate, normalize and turn into the rules' Click: the whole way in of the streams-app. */
  @Benchmark
  public Click avroDecodeValidateToClick() {
    ClickEvent decoded = clickSerde.deserialize(Topics.CLICKSTREAM, encoded);
    if (ClickValidator.invalidReason(decoded) != null) {
      throw new IllegalStateException("invalid");
    }
    return Click.of(ClickValidator.normalize(decoded));
  }

  /** ClickEvent to the Confluent wire format (the backtest encodes its input this way). */
  @Benchmark
  public byte[] avroEncodeClick() {
    return clickSerde.serialize(Topics.CLICKSTREAM, event);
  }

  /** An alert record with its deterministic (name-based UUID) id. */
  @Benchmark
  public Alert alertCreate() {
    return newAlert();
  }

  /** An alert to the Confluent wire format (every alert written to the alerts topic). */
  @Benchmark
  public byte[] alertEncode() {
    return alertSerde.serialize(Topics.ALERTS, alert);
  }

  static Alert newAlert() {
    return Alerts.create(AlertType.PURCHASE_INTENT, "535871217", "c6bd7419-0748-4c11-8ed3-28bd6c4e5f8b", "1004237",
        1_569_888_004_000L, 1_569_888_005_000L, Alerts.SOURCE_STREAMS,
        "User 535871217 viewed product 1004237 4 times within 15 minutes without buying it.",
        Map.of("views", "4"), null);
  }

}
