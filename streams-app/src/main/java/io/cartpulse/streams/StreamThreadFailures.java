package io.cartpulse.streams;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * What the streams-app does when a stream thread dies: replace the thread when the broker aborted its open
 * transaction under it, stop the client on anything else.
 *
 * <p>A broker that is away longer than the transaction timeout (Kafka Streams sets 10 s under exactly-once)
 * aborts the transaction the thread had open; the thread's next commit is then refused with
 * {@link InvalidTxnStateException}, which Kafka Streams 4.2 treats as fatal (KAFKA-19690 made the broker
 * answer a similar case, a stalled thread, with a fenced epoch that Kafka Streams recovers from). Nothing
 * of that transaction is visible, so a new thread - a new producer that fences the old one, the tasks closed
 * dirty and restored, the input read again from the last commit - continues exactly once.
 * {@code scripts/chaos}' {@code broker-restart} met it (docs/RELIABILITY.md). A second such failure within
 * {@link #MIN_INTERVAL} of a replacement stops the client: a refusal that keeps coming is not the outage,
 * and an orchestrator's restart (with its back-off) is the better answer then.
 */
final class StreamThreadFailures {

  /** At most one replacement per this interval; a restarted instance reaches RUNNING well within it. */
  static final Duration MIN_INTERVAL = Duration.ofMinutes(1);

  private final Supplier<Instant> clock;
  private Instant lastReplacement;

  StreamThreadFailures(Supplier<Instant> clock) {
    this.clock = clock;
  }

  synchronized StreamThreadExceptionResponse respond(Throwable error) {
    if (!abortedUnderTheThread(error)) {
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    Instant now = clock.get();
    if (lastReplacement != null && now.isBefore(lastReplacement.plus(MIN_INTERVAL))) {
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    lastReplacement = now;
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }

  static boolean abortedUnderTheThread(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof InvalidTxnStateException) {
        return true;
      }
    }
    return false;
  }
}
