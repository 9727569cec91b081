package io.cartpulse.streams.ingest;

import io.cartpulse.avro.ClickEvent;

/**
 * The outcome of decoding one input record: a valid, normalized event, or (event null) a record
 * bound for the dead-letter topic. The original value bytes travel along either way: the DLQ
 * keeps them verbatim, and the repartition step forwards them without re-encoding.
 */
public record DecodedClick(ClickEvent event, byte[] originalValue) {

  public boolean isValid() {
    return event != null;
  }
}
