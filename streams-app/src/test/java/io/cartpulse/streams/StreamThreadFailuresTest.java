package io.cartpulse.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamThreadFailuresTest {

  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-03T23:42:57Z"));
  private final StreamThreadFailures failures = new StreamThreadFailures(now::get);

  /** As Kafka Streams 4.2 reports a commit the broker refused after it aborted the transaction. */
  private static StreamsException refusedCommit() {
    return new StreamsException("Error encountered trying to commit a transaction",
        new InvalidTxnStateException("The producer attempted a transactional operation in an invalid state."));
  }

  @Test
  void aCommitRefusedBecauseTheBrokerAbortedTheTransactionReplacesTheThread() {
    assertThat(failures.respond(refusedCommit())).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
  }

  @Test
  void anyOtherFailureStopsTheClient() {
    assertThat(failures.respond(new StreamsException("input.keyed-by-user=true, but a click ...")))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    assertThat(failures.respond(new StreamsException(new SerializationException("bad record"))))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    assertThat(failures.respond(new IllegalStateException("a bug")))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
  }

  @Test
  void aSecondRefusalWithinTheIntervalStopsTheClient() {
    failures.respond(refusedCommit());
    now.set(now.get().plus(StreamThreadFailures.MIN_INTERVAL).minusMillis(1));

    assertThat(failures.respond(refusedCommit())).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
  }

  @Test
  void aRefusalAfterTheIntervalReplacesTheThreadAgain() {
    failures.respond(refusedCommit());
    now.set(now.get().plus(StreamThreadFailures.MIN_INTERVAL));

    assertThat(failures.respond(refusedCommit())).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    now.set(now.get().plus(Duration.ofSeconds(30)));
    assertThat(failures.respond(refusedCommit())).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
  }

  @Test
  void otherFailuresDoNotUseUpTheReplacement() {
    failures.respond(new IllegalStateException("a bug"));

    assertThat(failures.respond(refusedCommit())).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
  }
}
