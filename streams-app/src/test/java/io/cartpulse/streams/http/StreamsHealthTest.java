package io.cartpulse.streams.http;

import static io.cartpulse.streams.http.HttpGet.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Liveness and readiness for every KafkaStreams state, over HTTP. */
class StreamsHealthTest {

  @ParameterizedTest
  @EnumSource(State.class)
  void readyOnlyWhileRunningLiveUnlessFailedOrStopped(State state) throws Exception {
    AtomicReference<State> current = new AtomicReference<>(state);
    try (HttpEndpoint endpoint = HttpEndpoint.start("127.0.0.1", 0)) {
      StreamsHealth.register(endpoint, current::get);

      HttpResponse<String> ready = get(endpoint.port(), StreamsHealth.READY);
      HttpResponse<String> live = get(endpoint.port(), StreamsHealth.LIVE);

      if (state == State.RUNNING) {
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.headers().firstValue("Retry-After")).isEmpty();
      } else {
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(ready.body()).contains(state.name());
      }
      boolean dead = state == State.ERROR || state == State.PENDING_ERROR || state == State.NOT_RUNNING;
      assertThat(live.statusCode()).isEqualTo(dead ? 503 : 200);
    }
  }

  @Test
  void beforeTheInstanceExistsItIsLiveButNotReady() throws Exception {
    try (HttpEndpoint endpoint = HttpEndpoint.start("127.0.0.1", 0)) {
      StreamsHealth.register(endpoint, () -> null);

      assertThat(get(endpoint.port(), StreamsHealth.LIVE).statusCode()).isEqualTo(200);
      HttpResponse<String> ready = get(endpoint.port(), StreamsHealth.READY);
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).isEqualTo("not ready: STARTING\n");
    }
  }

  @Test
  void readinessFollowsTheStateAsItChanges() throws Exception {
    AtomicReference<State> current = new AtomicReference<>(State.REBALANCING);
    try (HttpEndpoint endpoint = HttpEndpoint.start("127.0.0.1", 0)) {
      StreamsHealth.register(endpoint, current::get);
      assertThat(get(endpoint.port(), StreamsHealth.READY).statusCode()).isEqualTo(503);
      current.set(State.RUNNING);
      assertThat(get(endpoint.port(), StreamsHealth.READY).statusCode()).isEqualTo(200);
      current.set(State.REBALANCING);
      assertThat(get(endpoint.port(), StreamsHealth.READY).statusCode()).isEqualTo(503);
    }
  }
}
