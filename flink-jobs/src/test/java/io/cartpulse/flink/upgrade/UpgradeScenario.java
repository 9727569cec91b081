package io.cartpulse.flink.upgrade;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.flink.config.JobConfig;
import io.cartpulse.contract.ReferenceContract;
import io.cartpulse.testing.Clicks;
import io.cartpulse.testing.CsvFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The input of the savepoint upgrade test, split where the savepoint is taken, and what the
 * contract says the job emits for it.
 *
 * <p><b>Before the savepoint</b> ({@link #before()}, day 0 from 00:00:05 to 00:45:30 UTC; frozen
 * as {@code before.csv} next to the savepoint it produced): every stateful operator holds state.
 * <ul>
 *   <li>CHURN_RISK windows open: {@code churn-reaches} (6 views, the last one at 00:45:30 still
 *       buffered by the CEP operator, waiting for the watermark), {@code churn-pending} (12 views,
 *       alerts at its window end), {@code churn-continues} (11 views), {@code churn-discarded}
 *       (11 views), {@code churn-below} (5 views).
 *   <li>TRAFFIC_SURGE: 45 finished minutes of history (two views a minute), surges in minutes 35
 *       and 44 (alerted before), minute 45 half counted and open.
 *   <li>PV/UV: four curves of day 0 (all, appliances, none, electronics) at 00:45, minute 45 open.
 * </ul>
 *
 * <p><b>After the restore</b> ({@link #after()}): minute 45 gets its second half (it surges, but
 * minute 44 surged, so no alert), minute 47 surges (its baseline counts minutes from before the
 * savepoint), the returning shoppers add views but no visitors to day 0, {@code churn-reaches}
 * reaches 10 views and {@code churn-continues} 13 on day 1, {@code churn-below} ends at 8 views,
 * {@code churn-discarded} buys on day 2, and a view at 7 days 00:30:30 moves the clock past every
 * window end. Lost or mis-restored state changes what follows: a window's count, the surge
 * history (first view, baseline, last surging minute), the open minute, the users seen today.
 */
final class UpgradeScenario {
  static final long T0 = 1_569_888_000_000L; // 2019-10-01T00:00:00Z
  static final long SECOND = 1_000L;
  static final long MINUTE = 60 * SECOND;
  static final long HOUR = 60 * MINUTE;
  static final long DAY = 24 * HOUR;
  static final long CHURN_WINDOW = 7 * DAY;
  static final int CHURN_MIN_VIEWS = 10;
  /** The production default: the clock (watermark) is the largest event time minus this, minus 1 ms. */
  static final long WATERMARK_DELAY_MS = 2_000;

  static final String SMARTPHONE = "electronics.smartphone";
  static final String AUDIO = "electronics.audio";
  static final String KITCHEN = "appliances.kitchen";

  /** The last event before the savepoint: churn-reaches' sixth view. */
  static final long SAVEPOINT_CUT = T0 + 45 * MINUTE + 30 * SECOND;

  private UpgradeScenario() {}

  static long at(int day, int hour, int minute, int second) {
    return T0 + day * DAY + hour * HOUR + minute * MINUTE + second * SECOND;
  }

  static ClickEvent view(long time, String user, String categoryCode) {
    return Clicks.click(time, "view", user, "p-" + user, categoryCode);
  }

  /** Every event of the day-0 traffic and of the churn users, in time order; cut at {@link #SAVEPOINT_CUT}. */
  private static List<ClickEvent> timeline() {
    List<ClickEvent> events = new ArrayList<>();
    // Two background views a minute from returning shoppers (surge history, PV/UV curves).
    for (int minute = 0; minute <= 50; minute++) {
      events.add(view(at(0, 0, minute, 5), "shopper-" + (minute % 4), KITCHEN));
      events.add(view(at(0, 0, minute, 50), "shopper-" + (minute % 6), null));
    }
    // Crowds: minutes 35 and 44 surge before the savepoint, minute 45 straddles it, 47 comes after.
    for (int second = 0; second < 60; second++) {
      events.add(view(at(0, 0, 35, second), "crowd-" + (second % 20), AUDIO));
      events.add(view(at(0, 0, 44, second), "crowd-" + (second % 20), AUDIO));
      if (second != 30) {
        events.add(view(at(0, 0, 45, second), "crowd-" + (second % 20), AUDIO));
      }
      events.add(view(at(0, 0, 47, second), "crowd-" + (second % 20), AUDIO));
    }
    for (int i = 0; i < 5; i++) {
      events.add(view(at(0, 0, 1 + i, 10), "churn-reaches", SMARTPHONE));
    }
    events.add(view(SAVEPOINT_CUT, "churn-reaches", SMARTPHONE));
    for (int i = 0; i < 4; i++) {
      events.add(view(at(1, 10, 10 * i, 0), "churn-reaches", SMARTPHONE));
    }
    for (int i = 0; i < 12; i++) {
      events.add(view(at(0, 0, 2 + i, 20), "churn-pending", SMARTPHONE));
    }
    for (int i = 0; i < 11; i++) {
      events.add(view(at(0, 0, 3 + i, 30), "churn-continues", SMARTPHONE));
      events.add(view(at(0, 0, 4 + i, 40), "churn-discarded", SMARTPHONE));
    }
    events.add(view(at(1, 11, 0, 0), "churn-continues", SMARTPHONE));
    events.add(view(at(1, 11, 10, 0), "churn-continues", SMARTPHONE));
    events.add(Clicks.click(at(2, 9, 0, 0), "purchase", "churn-discarded", "p-churn-discarded", SMARTPHONE));
    for (int i = 0; i < 5; i++) {
      events.add(view(at(0, 0, 20 + i, 15), "churn-below", SMARTPHONE));
    }
    for (int i = 0; i < 3; i++) {
      events.add(view(at(1, 12, i, 0), "churn-below", SMARTPHONE));
    }
    events.add(view(at(7, 0, 30, 30), "clock", null));
    // Stable: events at the same instant keep the order they were added in.
    events.sort(Comparator.comparingLong(e -> e.getEventTime().toEpochMilli()));
    return events;
  }

  /** The events the savepoint has seen (what made the fixture; the test reads them from before.csv). */
  static List<ClickEvent> before() {
    return timeline().stream().filter(e -> e.getEventTime().toEpochMilli() <= SAVEPOINT_CUT).toList();
  }

  /** The events the restored job reads. */
  static List<ClickEvent> after() {
    return timeline().stream().filter(e -> e.getEventTime().toEpochMilli() > SAVEPOINT_CUT).toList();
  }

  /**
   * The job settings of both runs: production defaults (RocksDB, exactly-once, 2 s watermark
   * delay) except a short checkpoint interval and no wall-clock idleness, so the clock moves with
   * the events alone and the test is deterministic.
   */
  static Map<String, String> jobSettings(LiveKafka kafka, Path checkpointDir, String stateBackend) {
    Map<String, String> settings = new HashMap<>(kafka.registryConfig());
    settings.put(JobConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
    settings.put(JobConfig.PARALLELISM, "1");
    settings.put(JobConfig.CHECKPOINT_INTERVAL_MS, "1000");
    settings.put(JobConfig.CHECKPOINT_DIR, checkpointDir.toUri().toString());
    settings.put(JobConfig.STATE_BACKEND, stateBackend);
    settings.put(JobConfig.WATERMARK_DELAY_MS, Long.toString(WATERMARK_DELAY_MS));
    settings.put(JobConfig.WATERMARK_IDLE_MS, "0");
    return settings;
  }

  /** The contract's results for {@code events}, due by the job's clock once it has read them all. */
  record Due(List<String> churn, List<String> surges, List<String> pvuv) {
    static Due of(List<ClickEvent> events) {
      long clock = ContractLines.tEnd(events) - WATERMARK_DELAY_MS - 1;
      ReferenceContract.Result reference = ContractLines.reference(events, CHURN_WINDOW, CHURN_MIN_VIEWS);
      return new Due(
          dueBy(ContractLines.churn(reference), line -> field(line, 2), clock),
          dueBy(ContractLines.surges(reference), line -> field(line, 1), clock),
          dueBy(ContractLines.pvuv(reference), line -> field(line, 1), clock));
    }

    /** What is due here and was not due in {@code earlier} (each line once). */
    Due minus(Due earlier) {
      return new Due(difference(churn, earlier.churn), difference(surges, earlier.surges),
          difference(pvuv, earlier.pvuv));
    }

    int alerts() {
      return churn.size() + surges.size();
    }
  }

  private static long field(String line, int index) {
    return Long.parseLong(line.split("\\|")[index]);
  }

  private static List<String> dueBy(List<String> lines, Function<String, Long> dueTime, long clock) {
    return lines.stream().filter(line -> dueTime.apply(line) <= clock).sorted().toList();
  }

  private static List<String> difference(List<String> all, List<String> earlier) {
    List<String> rest = new ArrayList<>(all);
    for (String line : earlier) {
      if (!rest.remove(line)) {
        throw new IllegalStateException("due before the savepoint but not for the whole input: " + line);
      }
    }
    return rest;
  }
}
