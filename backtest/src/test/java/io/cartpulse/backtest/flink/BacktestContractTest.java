package io.cartpulse.backtest.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.AlertType;
import io.cartpulse.avro.ClickEvent;
import io.cartpulse.avro.PvUvPoint;
import io.cartpulse.contract.ReferenceContract;
import io.cartpulse.contract.ReferenceContract.ExpectedAlert;
import io.cartpulse.contract.ReferenceContract.ExpectedPoint;
import io.cartpulse.testing.Clicks;
import io.cartpulse.testing.CsvFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contract clauses that only the whole job shows, on small hand-made inputs through the backtest:
 * the end of a finite input (ALERTS.md section 2: results due exactly at T_end are emitted, later
 * ones are not) and TRAFFIC_SURGE counting views only, its history included (section 4).
 */
class BacktestContractTest {
  static final long T0 = 1_569_888_000_000L; // 2019-10-01T00:00:00Z
  static final long SECOND = 1000L;
  static final long MINUTE = 60_000L;
  static final long HOUR = 3_600_000L;
  static final long WEEK = 7 * 86_400_000L;

  @TempDir
  Path dir;

  static ClickEvent view(long time, String user, String category) {
    return Clicks.click(time, "view", user, "p1", category);
  }

  /** Sorts {@code events} by time (stable: ties keep their order), writes them as CSV and backtests them. */
  static FlinkBacktest.Result run(Path csv, List<ClickEvent> events) throws Exception {
    events.sort(Comparator.comparing(ClickEvent::getEventTime));
    CsvFiles.write(csv, events);
    return FlinkBacktest.run(csv, new Properties());
  }

  @Test
  void resultsDueExactlyAtTheLastEventTimeAreEmittedAndLaterOnesAreNot() throws Exception {
    List<ClickEvent> events = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      events.add(view(T0 + i * HOUR, "due-at-t-end", "electronics.audio"));
      events.add(view(T0 + SECOND + i * HOUR, "due-after-t-end", "electronics.audio"));
    }
    events.add(view(T0 + WEEK - 30 * SECOND, "last-minute", null)); // day 2019-10-07, last step ends at T_end
    events.add(view(T0 + WEEK, "closer", "apparel.shoes")); // T_end; its own day's first step ends after it
    long tEnd = T0 + WEEK;

    FlinkBacktest.Result result = run(dir.resolve("t-end.csv"), events);

    assertThat(result.lastEventTime()).isEqualTo(tEnd);
    assertThat(result.alerts()).singleElement().satisfies(alert -> {
      assertThat(alert.getType()).isEqualTo(AlertType.CHURN_RISK);
      assertThat(alert.getUserId()).isEqualTo("due-at-t-end");
      assertThat(alert.getEventTime().toEpochMilli()).isEqualTo(tEnd);
      assertThat(alert.getAttributes()).containsEntry("views", "10").containsEntry("windowStart", Long.toString(T0));
    });
    List<PvUvPoint> points = result.pvuv();
    assertThat(points).allSatisfy(p -> assertThat(p.getWindowEnd().toEpochMilli()).isLessThanOrEqualTo(tEnd));
    assertThat(ExpectedPoint.of(points))
        .contains(new ExpectedPoint("2019-10-07", tEnd, "all", 1, 1),
            new ExpectedPoint("2019-10-07", tEnd, "none", 1, 1))
        .noneMatch(p -> p.day().equals("2019-10-08"));
    ReferenceContract.Result reference = ReferenceContract.run(events);
    assertThat(ExpectedAlert.of(result.alerts())).isEqualTo(reference.flinkAlerts());
    assertThat(ExpectedPoint.of(points)).isEqualTo(reference.pvuv());
  }

  @Test
  void trafficSurgesCountOnlyViewsAndTheirHistoryStartsAtTheFirstView() throws Exception {
    List<ClickEvent> events = new ArrayList<>();
    events.add(Clicks.click(T0, "cart", "early", "p1", null)); // 50 minutes before minute 50, but no view
    events.add(view(T0 + 21 * MINUTE, "first-viewer", null)); // the stream's first view: 29 minutes before minute 50
    for (int i = 0; i < 60; i++) {
      events.add(view(T0 + 50 * MINUTE + i * SECOND, "v" + i, null)); // surges only if the cart were history
    }
    for (int i = 0; i < 49; i++) {
      events.add(view(T0 + 60 * MINUTE + i * SECOND, "v" + i, null));
    }
    for (int i = 0; i < 10; i++) { // would lift minute 60 to the floor of 50 if they counted
      events.add(Clicks.click(T0 + 60 * MINUTE + (50 + i) * SECOND, i % 2 == 0 ? "cart" : "purchase", "b" + i, "p1",
          null));
    }
    for (int i = 0; i < 60; i++) {
      events.add(view(T0 + 70 * MINUTE + i * SECOND, "v" + i, null)); // surges: baseline (60 + 49) / 30
    }
    events.add(view(T0 + 71 * MINUTE, "closer", null)); // T_end = the surge's end: emitted
    events.add(Clicks.click(T0 + 71 * MINUTE, "remove_from_cart", "closer", "p1", null));

    FlinkBacktest.Result result = run(dir.resolve("surge.csv"), events);

    List<ExpectedAlert> surges = ExpectedAlert.of(result.alerts()).stream()
        .filter(a -> a.type() == AlertType.TRAFFIC_SURGE).toList();
    assertThat(surges).singleElement().satisfies(surge -> {
      assertThat(surge.eventTime()).isEqualTo(T0 + 71 * MINUTE);
      assertThat(surge.attributes()).containsEntry("views", "60").containsEntry("baseline", "3.63");
    });
    assertThat(surges).isEqualTo(ReferenceContract.run(events).alerts(AlertType.TRAFFIC_SURGE));
  }
}
