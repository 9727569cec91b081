package io.cartpulse.contract;

/**
 * The headers every dead-letter record carries (UTF-8 text) next to the original key, value and
 * headers, whichever engine wrote it: why the record is invalid and where it came from.
 */
public final class DeadLetterHeaders {
  /** Why the record is invalid: the decoder's or the validator's reason. */
  public static final String REASON = "cartpulse.dlq.reason";
  public static final String SOURCE_TOPIC = "cartpulse.dlq.source.topic";
  /** The source partition as a decimal number ({@code -1} when unknown). */
  public static final String SOURCE_PARTITION = "cartpulse.dlq.source.partition";
  /** The source offset as a decimal number ({@code -1} when unknown). */
  public static final String SOURCE_OFFSET = "cartpulse.dlq.source.offset";

  private DeadLetterHeaders() {}
}
