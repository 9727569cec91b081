package io.cartpulse.streams.rules;

/** Small helpers for the one-sentence alert messages. */
final class RuleText {
  private RuleText() {}

  /** 600000 -> "10 minutes", 90000 -> "90 seconds", 1500 -> "1500 ms". */
  static String duration(long millis) {
    if (millis % 60_000 == 0) {
      long minutes = millis / 60_000;
      return minutes + (minutes == 1 ? " minute" : " minutes");
    }
    if (millis % 1000 == 0) {
      long seconds = millis / 1000;
      return seconds + (seconds == 1 ? " second" : " seconds");
    }
    return millis + " ms";
  }
}
