package io.cartpulse.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RegistryOutageTest {
  final List<Duration> pauses = new ArrayList<>();

  @Test
  void anUnreachableRegistryIsWaitedForWithGrowingPauses() {
    AtomicInteger calls = new AtomicInteger();
    String result = RegistryOutage.retry(() -> {
      if (calls.incrementAndGet() <= 6) {
        throw new SchemaRegistryException(SchemaRegistryException.UNREACHABLE, "connection refused");
      }
      return "schema";
    }, "fetching schema id 7", pauses::add);
    assertThat(result).isEqualTo("schema");
    assertThat(calls).hasValue(7);
    assertThat(pauses).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(5));
  }

  @Test
  void aServerErrorIsAnOutageToo() {
    AtomicInteger calls = new AtomicInteger();
    assertThat(RegistryOutage.retry(() -> {
      if (calls.incrementAndGet() == 1) {
        throw new SchemaRegistryException(50001, "backend store unavailable");
      }
      return 1;
    }, "registering", pauses::add)).isEqualTo(1);
    assertThat(pauses).hasSize(1);
  }

  @Test
  void anOutageBehindASerializersExceptionIsWaitedForToo() {
    AtomicInteger calls = new AtomicInteger();
    assertThat(RegistryOutage.retry(() -> {
      if (calls.incrementAndGet() == 1) {
        throw new org.apache.kafka.common.errors.SerializationException("Cannot serialize Alert",
            new SchemaRegistryException(SchemaRegistryException.UNREACHABLE, "connection refused"));
      }
      return "bytes";
    }, "encoding an alert", pauses::add)).isEqualTo("bytes");
    assertThat(pauses).hasSize(1);
    assertThatThrownBy(() -> RegistryOutage.retry(() -> {
      throw new org.apache.kafka.common.errors.SerializationException("Cannot serialize Alert",
          new SchemaRegistryException(SchemaRegistryException.SUBJECT_NOT_FOUND, "no subject alerts-value"));
    }, "encoding an alert", pauses::add)).hasMessage("Cannot serialize Alert");
    assertThat(pauses).hasSize(1);
  }

  @Test
  void notFoundAndOtherFailuresEndTheCallAtOnce() {
    assertThatThrownBy(() -> RegistryOutage.retry(() -> {
      throw new SchemaRegistryException(SchemaRegistryException.SCHEMA_NOT_FOUND, "no schema 99");
    }, "fetching schema id 99", pauses::add)).isInstanceOf(SchemaRegistryException.class).hasMessage("no schema 99");
    assertThatThrownBy(() -> RegistryOutage.retry(() -> {
      throw new IllegalStateException("corrupt body");
    }, "decoding", pauses::add)).isInstanceOf(IllegalStateException.class);
    assertThat(pauses).isEmpty();
  }

  @Test
  void anInterruptEndsTheWaitWithTheRegistryFailure() {
    assertThatThrownBy(() -> RegistryOutage.retry(() -> {
      throw new SchemaRegistryException(SchemaRegistryException.UNREACHABLE, "down");
    }, "fetching", duration -> {
      throw new InterruptedException();
    })).isInstanceOf(SchemaRegistryException.class).hasMessage("down");
    assertThat(Thread.interrupted()).isTrue();
  }
}
