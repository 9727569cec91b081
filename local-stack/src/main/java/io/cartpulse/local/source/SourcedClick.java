package io.cartpulse.local.source;

import io.cartpulse.avro.ClickEvent;

/**
 * A click as produced to {@code clickstream}. An invalid one is still produced (the pipeline must
 * dead-letter it, ALERTS.md section 1); {@code invalidReason} and {@code lineNumber} say why and
 * where it came from.
 *
 * @param event the record to produce (for an invalid row: what could be read of it)
 * @param lineNumber the CSV line, or -1 for generated clicks
 * @param invalidReason null when the click is valid
 */
public record SourcedClick(ClickEvent event, long lineNumber, String invalidReason) {
  public boolean valid() {
    return invalidReason == null;
  }

  /** Event time in epoch ms, or -1 when the click has none. */
  public long eventTimeMillis() {
    return event.getEventTime() == null ? -1 : event.getEventTime().toEpochMilli();
  }
}
