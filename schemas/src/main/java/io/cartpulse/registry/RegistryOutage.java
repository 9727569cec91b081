package io.cartpulse.registry;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rides out a Schema Registry outage in a pipeline: a call that needs the registry is repeated,
 * with capped exponential backoff, for as long as it fails because the registry cannot answer
 * (unreachable, 5xx, not the API; the {@link SchemaRegistryException} itself or the cause of, say, a
 * serializer's exception). "Not found" answers are the record's fault and end the call at once, as
 * every other exception does. Blocking is what the engines want here: the alternative, taking the record for an
 * undecodable one, would dead-letter valid input; both engines write exactly once, so time spent
 * waiting (even past a transaction timeout) delays output but never loses or repeats it.
 */
public final class RegistryOutage {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryOutage.class);
  static final Duration FIRST_PAUSE = Duration.ofMillis(500);
  static final Duration MAX_PAUSE = Duration.ofSeconds(5);

  /** How the waiting is done (a test replaces it). */
  @FunctionalInterface
  public interface Pause {
    void sleep(Duration duration) throws InterruptedException;
  }

  private RegistryOutage() {}

  /**
   * The registry failure behind {@code failure} (itself or a cause, e.g. a serializer's
   * SerializationException around it) when it is an outage rather than a "not found" answer; else null.
   */
  static SchemaRegistryException outage(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SchemaRegistryException registry) {
        return registry.isNotFound() ? null : registry;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }

  /** {@code call()}, repeated while the registry is out; {@code what} names it in the log. */
  public static <T> T retry(Supplier<T> call, String what) {
    return retry(call, what, duration -> Thread.sleep(duration.toMillis()));
  }

  public static <T> T retry(Supplier<T> call, String what, Pause pause) {
    Duration next = FIRST_PAUSE;
    long started = 0;
    int failures = 0;
    while (true) {
      try {
        T result = call.get();
        if (failures > 0) {
          LOG.warn("Schema Registry answers again: {} succeeded after {} failed attempts ({} ms)", what, failures,
              System.currentTimeMillis() - started);
        }
        return result;
      } catch (RuntimeException e) {
        SchemaRegistryException outage = outage(e);
        if (outage == null) {
          throw e;
        }
        if (failures++ == 0) {
          started = System.currentTimeMillis();
          LOG.warn("Schema Registry out while {}: {}; retrying until it answers", what, outage.getMessage());
        } else {
          LOG.debug("Schema Registry still out while {} (attempt {}): {}", what, failures, outage.getMessage());
        }
        try {
          pause.sleep(next);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
        next = next.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : next.multipliedBy(2);
      }
    }
  }
}
