package io.cartpulse.bench.offline;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.backtest.streams.StreamsBacktest;
import io.cartpulse.bench.Bench;
import io.cartpulse.bench.BenchContext;
import io.cartpulse.bench.Guard;
import io.cartpulse.bench.Row;
import io.cartpulse.bench.Stats;
import io.cartpulse.bench.flink.ChurnHarness;
import io.cartpulse.flink.model.Click;
import io.cartpulse.settings.ProductSettings;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;

/**
 * The heavy user: one user with 100,000 views in one week. Throughput early and late in the week
 * and the user's state after 1,000 and after 100,000 views must stay flat, in the streams-app
 * rules and in both CHURN_RISK implementations; and the whole backtest over that file.
 */
public final class HeavyUserSection implements Bench.Section {
  static final String SECTION = "heavy user";
  static final int VIEWS = 100_000;
  static final int EARLY_FROM = 10_000;
  static final int LATE_FROM = 90_000;
  static final int SLICE = 10_000;
  static final int SMALL = 1_000;

  @Override
  public String name() {
    return "heavy";
  }

  @Override
  public void run(BenchContext context) throws Exception {
    String who = "heavy user (100,000 views in a week)";
    Guard.run(context, SECTION, who + ": streams-app", () -> {
      int runs = context.runs();
      double[] early = new double[runs];
      double[] late = new double[runs];
      double[] smallBytes = new double[runs];
      double[] largeBytes = new double[runs];
      long[] alerts = new long[1];
      for (int r = 0; r < runs; r++) {
        // Throughput as the backtest runs it (StreamsBacktest.run, on this thread): the iterator notes
        // when the rules ask for the first view of each slice and for the view after it.
        long[] marks = new long[4];
        Iterator<ClickEvent> views = new Iterator<>() {
          int next;

          @Override
          public boolean hasNext() {
            return next < VIEWS;
          }

          @Override
          public ClickEvent next() {
            switch (next) {
              case EARLY_FROM -> marks[0] = System.nanoTime();
              case EARLY_FROM + SLICE -> marks[1] = System.nanoTime();
              case LATE_FROM -> marks[2] = System.nanoTime();
              default -> { }
            }
            return Datasets.heavyView(next++, VIEWS);
          }
        };
        alerts[0] = StreamsBacktest.run(views, new Properties()).size();
        marks[3] = System.nanoTime();
        early[r] = SLICE / ((marks[1] - marks[0]) / 1e9);
        late[r] = SLICE / ((marks[3] - marks[2]) / 1e9);
        // State through the topology, where the stores can be read. The rule stores are what this part
        // measures; with the default session memory (20 products) each of the heavy user's views would also
        // send 41 product updates through the driver (its 50 products cycle through the memory), 4.1 million
        // per run, which no longer finished in minutes. One remembered product per session leaves the rule
        // stores as they are and the product side at three updates per view (the click, one pair formation
        // for each of its two products).
        Properties oneEntrySessions = new Properties();
        oneEntrySessions.setProperty(ProductSettings.SESSION_ENTRIES.key(), "1");
        try (StreamsProbe probe = new StreamsProbe(oneEntrySessions)) {
          for (int i = 0; i < VIEWS; i++) {
            probe.pipe(Datasets.heavyView(i, VIEWS));
            if (i == SMALL - 1) {
              smallBytes[r] = probe.storeUse().bytes();
            }
          }
          largeBytes[r] = probe.storeUse().bytes();
        }
      }
      String note = context.modeNote("StreamsBacktest.run (the rule processor, in-memory stores); the last slice"
          + " includes the end of the run");
      context.add(Row.of(SECTION, who + ": streams-app throughput, views 10,000-20,000", Stats.of(early), "events/s",
          note));
      context.add(Row.of(SECTION, who + ": streams-app throughput, views 90,000-100,000", Stats.of(late),
          "events/s", note));
      context.add(Row.of(SECTION, who + ": streams-app state after 1,000 views", Stats.of(smallBytes), "bytes",
          context.modeNote("serialized key+value, all rule stores; through the whole topology (TopologyTestDriver),"
              + " related.session-entries=1 so that the product side does not dominate the run")));
      context.add(Row.of(SECTION, who + ": streams-app state after 100,000 views", Stats.of(largeBytes), "bytes",
          context.modeNote("the views of the last 15 minutes are kept (PURCHASE_INTENT window); " + alerts[0]
              + " alerts")));
    });

    for (String implementation : List.of("process", "cep")) {
      String label = who + ": Flink CHURN_RISK (" + implementation + ")";
      Guard.run(context, SECTION, label, () -> {
        int runs = context.runs();
        double[] early = new double[runs];
        double[] late = new double[runs];
        double[] smallBytes = new double[runs];
        double[] largeBytes = new double[runs];
        int[] shape = new int[2];
        for (int r = 0; r < runs; r++) {
          try (ChurnHarness churn = ChurnHarness.create(implementation)) {
            long emptyBytes = churn.snapshotBytes();
            long sliceStart = 0;
            long step = (ChurnHarness.WEEK - 1) / VIEWS;
            for (int i = 0; i < VIEWS; i++) {
              if (i == EARLY_FROM || i == LATE_FROM) {
                sliceStart = System.nanoTime();
              }
              long time = Datasets.T0 + i * step;
              churn.click(new Click(time, io.cartpulse.click.EventType.VIEW, "heavy", "p" + (i % 50), "c"));
              if (i % 100 == 99) {
                churn.watermark(time);
              }
              if (i == EARLY_FROM + SLICE - 1) {
                early[r] = (System.nanoTime() - sliceStart) / (double) SLICE;
              } else if (i == LATE_FROM + SLICE - 1) {
                late[r] = (System.nanoTime() - sliceStart) / (double) SLICE;
              }
              if (i == SMALL - 1) {
                smallBytes[r] = churn.snapshotBytes() - emptyBytes;
              }
            }
            largeBytes[r] = churn.snapshotBytes() - emptyBytes;
            shape[0] = churn.stateEntries();
            shape[1] = churn.timers();
          }
        }
        String note = context.modeNote("operator test harness, heap backend, watermark every 100 views");
        context.add(Row.of(SECTION, label + " cost per view, views 10,000-20,000", Stats.of(early), "ns/event", note));
        context.add(Row.of(SECTION, label + " cost per view, views 90,000-100,000", Stats.of(late), "ns/event", note));
        context.add(Row.of(SECTION, label + " snapshot after 1,000 views", Stats.of(smallBytes), "bytes",
            context.modeNote("minus the snapshot of the empty operators")));
        context.add(Row.of(SECTION, label + " snapshot after 100,000 views", Stats.of(largeBytes), "bytes",
            context.modeNote(String.format("%d state entries, %d timers at the end", shape[0], shape[1]))));
      });
    }

    if (context.quick()) {
      context.add(new Row(SECTION, who + ": both engines (scripts/backtest)", Double.NaN, Double.NaN, Double.NaN, 0,
          "", "skipped in quick mode (about 20 s)"));
      return;
    }
    Guard.run(context, SECTION, who + ": both engines (scripts/backtest)", () -> {
      Path csv = Datasets.heavyUser(context.dataDir(), VIEWS);
      BacktestSection.measureBoth(context, SECTION, who + ": both engines (scripts/backtest)", csv, VIEWS, 1);
    });
  }

}
