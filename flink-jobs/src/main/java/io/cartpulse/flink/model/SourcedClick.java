package io.cartpulse.flink.model;

import io.cartpulse.avro.ClickEvent;

/**
 * One input record as it came off the source, with its decoding result: the decoded, normalised
 * event when it is valid, or the reason when it is not. The original Kafka coordinates, key,
 * value and headers travel along so the dead-letter and late topics can carry the exact bytes
 * that were read (null fields for a file source).
 */
public class SourcedClick {
  /** The valid event, or null when {@link #invalidReason} is set. */
  public ClickEvent event;
  public String invalidReason;
  public String topic;
  public int partition = -1;
  public long offset = -1;
  public long recordTimestamp = Long.MIN_VALUE;
  public byte[] key;
  public byte[] value;
  public String[] headerKeys;
  public byte[][] headerValues;

  public SourcedClick() {}

  public static SourcedClick valid(ClickEvent event) {
    SourcedClick click = new SourcedClick();
    click.event = event;
    return click;
  }

  public static SourcedClick invalid(String reason) {
    SourcedClick click = new SourcedClick();
    click.invalidReason = reason;
    return click;
  }

  public boolean isValid() {
    return event != null;
  }

  /** Event time of a valid record; Long.MIN_VALUE otherwise, so it never moves the clock. */
  public long eventTime() {
    return event == null ? Long.MIN_VALUE : event.getEventTime().toEpochMilli();
  }

  @Override
  public String toString() {
    return "SourcedClick{" + (event != null ? event : "invalid: " + invalidReason)
        + (topic == null ? "" : ", " + topic + "-" + partition + "@" + offset) + "}";
  }
}
