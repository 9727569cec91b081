package io.cartpulse.chaos;

import io.cartpulse.alert.BacktestOutput;
import io.cartpulse.avro.Alert;
import io.cartpulse.avro.PvUvPoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * What the live output holds against what the backtest says it must hold, by identity: an alert by
 * its {@code alertId}, a PV/UV point by day, step end and dimension. Content is compared as the
 * backtest's JSON line (ALERTS.md section 6), so {@code detectedAt} does not count.
 *
 * @param expected what the backtest has
 * @param records records read back (duplicates included)
 * @param missing expected, never read back
 * @param duplicates records read back beyond the first of their identity
 * @param different read back with the identity of an expected one but other content
 * @param extraAfterEnd not expected, timed after the last input event (section 2 allows them live)
 * @param extraWithin not expected, timed at or before the last input event (wrong)
 * @param examples a few identities of what went wrong, for the report
 */
record OutputComparison(long expected, long records, long missing, long duplicates, long different,
    long extraAfterEnd, long extraWithin, List<String> examples) {

  static final int EXAMPLES = 3;

  boolean exact() {
    return missing == 0 && duplicates == 0 && different == 0 && extraWithin == 0;
  }

  static OutputComparison alerts(List<Alert> expected, List<Alert> got, long lastEventTime) {
    return compare(expected, got, Alert::getAlertId, BacktestOutput::alertLine,
        alert -> alert.getEventTime().toEpochMilli(), lastEventTime);
  }

  static OutputComparison pvuv(List<PvUvPoint> expected, List<PvUvPoint> got, long lastEventTime) {
    return compare(expected, got, point -> point.getDay() + "/" + point.getWindowEnd().toEpochMilli() + "/"
        + point.getDimension(), BacktestOutput::pvuvLine, point -> point.getWindowEnd().toEpochMilli(), lastEventTime);
  }

  private static <T> OutputComparison compare(List<T> expected, List<T> got, Function<T, String> identity,
      Function<T, String> line, ToLongFunction<T> time, long lastEventTime) {
    Map<String, String> want = new HashMap<>();
    for (T record : expected) {
      want.put(identity.apply(record), line.apply(record));
    }
    Map<String, Integer> seen = new HashMap<>();
    long duplicates = 0;
    long different = 0;
    long extraAfter = 0;
    long extraWithin = 0;
    List<String> examples = new ArrayList<>();
    for (T record : got) {
      String id = identity.apply(record);
      int times = seen.merge(id, 1, Integer::sum);
      if (times > 1) {
        duplicates++;
        example(examples, "duplicate " + id);
        continue;
      }
      String wanted = want.get(id);
      if (wanted == null) {
        if (time.applyAsLong(record) > lastEventTime) {
          extraAfter++;
        } else {
          extraWithin++;
          example(examples, "unexpected " + line.apply(record));
        }
      } else if (!wanted.equals(line.apply(record))) {
        different++;
        example(examples, "different " + line.apply(record) + " (expected " + wanted + ")");
      }
    }
    long missing = 0;
    for (Map.Entry<String, String> entry : want.entrySet()) {
      if (!seen.containsKey(entry.getKey())) {
        missing++;
        example(examples, "missing " + entry.getValue());
      }
    }
    return new OutputComparison(want.size(), got.size(), missing, duplicates, different, extraAfter, extraWithin,
        List.copyOf(examples));
  }

  private static void example(List<String> examples, String text) {
    if (examples.size() < EXAMPLES) {
      examples.add(text.length() > 300 ? text.substring(0, 300) + "..." : text);
    }
  }
}
