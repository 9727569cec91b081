package io.cartpulse.chaos;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dead-letter topic against the poison records sent: both engines must dead-letter every one
 * of them exactly once, with its reason, and nothing else.
 *
 * @param expected per reason: poison records sent x the number of engines
 * @param got per reason, as the dead letters' reason headers say (null key: no known reason)
 * @param wrongCount poison records not dead-lettered exactly once per engine
 * @param wrongReason dead letters of a poison record naming another reason
 * @param notPoison dead letters of records that were not poison (valid input dead-lettered)
 */
record DeadLetterCheck(Map<PoisonRecords.Reason, Long> expected, Map<PoisonRecords.Reason, Long> got,
    long wrongCount, long wrongReason, long notPoison) {

  static final int ENGINES = 2;

  boolean exact() {
    return expected.equals(got) && wrongCount == 0 && wrongReason == 0 && notPoison == 0;
  }

  long expectedTotal() {
    return expected.values().stream().mapToLong(Long::longValue).sum();
  }

  long gotTotal() {
    return got.values().stream().mapToLong(Long::longValue).sum();
  }

  static DeadLetterCheck of(List<ClickFeeder.Landed> poison, List<OutputTap.DeadLetter> deadLetters) {
    Map<PoisonRecords.Reason, Long> expected = new EnumMap<>(PoisonRecords.Reason.class);
    Map<String, ClickFeeder.Landed> byCoordinates = new HashMap<>();
    for (ClickFeeder.Landed landed : poison) {
      expected.merge(landed.reason(), (long) ENGINES, Long::sum);
      byCoordinates.put(landed.partition() + "@" + landed.offset(), landed);
    }
    Map<PoisonRecords.Reason, Long> got = new HashMap<>();
    Map<String, Integer> perRecord = new HashMap<>();
    long wrongReason = 0;
    long notPoison = 0;
    for (OutputTap.DeadLetter letter : deadLetters) {
      PoisonRecords.Reason reason = PoisonRecords.Reason.of(letter.reason());
      got.merge(reason, 1L, Long::sum);
      String coordinates = letter.sourcePartition() + "@" + letter.sourceOffset();
      ClickFeeder.Landed landed = byCoordinates.get(coordinates);
      if (landed == null) {
        notPoison++;
        continue;
      }
      perRecord.merge(coordinates, 1, Integer::sum);
      if (landed.reason() != reason) {
        wrongReason++;
      }
    }
    long wrongCount = 0;
    for (String coordinates : byCoordinates.keySet()) {
      if (perRecord.getOrDefault(coordinates, 0) != ENGINES) {
        wrongCount++;
      }
    }
    Map<PoisonRecords.Reason, Long> gotKnown = new EnumMap<>(PoisonRecords.Reason.class);
    got.forEach((reason, count) -> {
      if (reason != null) {
        gotKnown.put(reason, count);
      }
    });
    return new DeadLetterCheck(expected, gotKnown, wrongCount, wrongReason, notPoison);
  }
}
