package io.cartpulse.streams.http;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams.State;

/**
 * {@code /health/live} and {@code /health/ready} from the state of the KafkaStreams instance.
 *
 * <ul>
 *   <li>ready (200) only while RUNNING: every task assigned and restored. 503 with
 *       {@code Retry-After} before the start, while REBALANCING, while shutting down and after an
 *       error, so a load balancer or the product queries never route to an instance that cannot
 *       answer from its state.
 *   <li>live (200) unless the instance has failed (PENDING_ERROR, ERROR) or stopped (NOT_RUNNING):
 *       a rebalance or a long restore is no reason to restart the process.
 * </ul>
 */
public final class StreamsHealth {
  public static final String LIVE = "/health/live";
  public static final String READY = "/health/ready";
  static final Duration RETRY_AFTER = Duration.ofSeconds(5);
  private static final Set<State> DEAD = EnumSet.of(State.PENDING_ERROR, State.ERROR, State.NOT_RUNNING);

  private StreamsHealth() {}

  /** {@code state} is null until the KafkaStreams instance exists. */
  public static void register(HttpEndpoint endpoint, Supplier<State> state) {
    endpoint.route(LIVE, request -> live(state.get()));
    endpoint.route(READY, request -> ready(state.get()));
  }

  static Response live(State state) {
    if (state != null && DEAD.contains(state)) {
      return Response.text(503, "not live: " + state);
    }
    return Response.text(200, "live: " + (state == null ? "STARTING" : state));
  }

  static Response ready(State state) {
    if (state == State.RUNNING) {
      return Response.text(200, "ready: RUNNING");
    }
    return Response.unavailable(RETRY_AFTER, "not ready: " + (state == null ? "STARTING" : state));
  }
}
