package io.cartpulse.streams.ingest;

import static io.cartpulse.streams.StreamsTestHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.contract.DeadLetterHeaders;
import io.cartpulse.registry.SchemaRegistryException;
import io.cartpulse.streams.StreamsTestHarness;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** A Schema Registry outage must never turn a valid record into a dead letter. */
class RegistryOutageDecodeTest {

  @Test
  void decodingWaitsForTheRegistryInsteadOfDeadLetteringTheRecord() {
    ClickEvent event = StreamsTestHarness.event("view", "u1", "p1", T0, "10.00", "apparel.shoes", "s1");
    AtomicInteger calls = new AtomicInteger();
    Deserializer<ClickEvent> flaky = (topic, bytes) -> {
      if (calls.incrementAndGet() == 1) {
        throw new SchemaRegistryException(SchemaRegistryException.UNREACHABLE, "connection refused");
      }
      return event;
    };
    ClickDecodeProcessor processor = new ClickDecodeProcessor(flaky, "clickstream");
    MockProcessorContext<byte[], DecodedClick> context = new MockProcessorContext<>();
    processor.init(context);

    processor.process(new Record<>("u1".getBytes(StandardCharsets.UTF_8), new byte[] {0, 0, 0, 0, 1}, T0));

    List<MockProcessorContext.CapturedForward<? extends byte[], ? extends DecodedClick>> forwarded = context.forwarded();
    assertThat(calls).hasValue(2);
    assertThat(forwarded).singleElement().satisfies(f -> {
      assertThat(f.record().value().isValid()).isTrue();
      assertThat(f.record().headers().lastHeader(DeadLetterHeaders.REASON)).isNull();
    });
  }
}
