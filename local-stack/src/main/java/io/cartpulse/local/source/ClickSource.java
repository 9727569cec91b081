package io.cartpulse.local.source;

import java.io.IOException;

/** Where run-local's clicks come from: the synthetic shop or a REES46 CSV replay. */
public interface ClickSource extends AutoCloseable {

  /** The next click to produce, or null when the source is exhausted (the synthetic shop never is). */
  SourcedClick next() throws IOException;

  /** One line for the console: what this source is. */
  String describe();

  @Override
  default void close() throws IOException {}
}
