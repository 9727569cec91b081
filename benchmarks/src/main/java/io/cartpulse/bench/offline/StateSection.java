package io.cartpulse.bench.offline;

import io.cartpulse.bench.Bench;
import io.cartpulse.bench.BenchContext;
import io.cartpulse.bench.Guard;
import io.cartpulse.bench.Measure;
import io.cartpulse.bench.Row;
import io.cartpulse.bench.Stats;
import io.cartpulse.bench.flink.ChurnHarness;
import io.cartpulse.click.EventType;
import io.cartpulse.flink.model.Click;
import java.util.ArrayList;
import java.util.List;

/**
 * Memory per user as the number of users grows (10k, 100k, 1M): heap (after a full GC, minus the
 * same structure with no users) and serialized state bytes (what RocksDB, the changelog or a
 * Flink snapshot holds) for a user of the streams-app rules, a user with an open cart, and an open
 * CHURN_RISK window in both Flink implementations.
 */
public final class StateSection implements Bench.Section {
  static final String SECTION = "state";
  /** Users are spread over 100 s of event time: nothing expires while they are counted. */
  static final int USERS_PER_MS = 10;
  static final int WARM_USERS = 1_000;

  @Override
  public String name() {
    return SECTION;
  }

  @Override
  public void run(BenchContext context) throws Exception {
    int[] sizes = context.quick() ? new int[] {10_000} : new int[] {10_000, 100_000, 1_000_000};
    List<double[]> growth = new ArrayList<>();
    for (String scenario : List.of("active user", "user with an open cart")) {
      double[] perUserHeap = new double[sizes.length];
      for (int s = 0; s < sizes.length; s++) {
        int users = sizes[s];
        int index = s;
        Guard.run(context, SECTION, "streams-app " + scenario + " at " + users, () -> {
          double[] heap = new double[context.runs()];
          double[] bytes = new double[context.runs()];
          StreamsProbe.StoreUse[] use = new StreamsProbe.StoreUse[1];
          for (int r = 0; r < context.runs(); r++) {
            try (StreamsProbe probe = new StreamsProbe("in-memory")) {
              feedStreams(probe, WARM_USERS, "warm-", scenario);
              StreamsProbe.StoreUse before = probe.storeUse();
              long heapBefore = Measure.usedHeapAfterGc();
              feedStreams(probe, users, "user-", scenario);
              probe.alerts();
              long heapAfter = Measure.usedHeapAfterGc();
              use[0] = probe.storeUse();
              heap[r] = (heapAfter - heapBefore) / (double) users;
              bytes[r] = (use[0].bytes() - before.bytes()) / (double) users;
            }
          }
          String n = String.format("%,d users", users);
          Stats heapStats = Stats.of(heap);
          perUserHeap[index] = heapStats.median();
          context.add(Row.of(SECTION, "streams-app heap per " + scenario + ", " + n, heapStats, "bytes",
              context.modeNote("in-memory stores of the backtest, heap after full GC minus the empty topology")));
          context.add(Row.of(SECTION, "streams-app state per " + scenario + ", " + n, Stats.of(bytes), "bytes",
              context.modeNote(String.format("serialized key+value over all rule stores (what RocksDB and the changelog"
                  + " hold); %d user entries, %d deadline entries, %d expiry entries", use[0].users(),
                  use[0].deadlines(), use[0].expiry()))));
        });
      }
      growth.add(perUserHeap);
      addGrowth(context, "streams-app heap per " + scenario, sizes, perUserHeap);
    }

    for (String implementation : List.of("process", "cep")) {
      double[] perUserHeap = new double[sizes.length];
      for (int s = 0; s < sizes.length; s++) {
        int users = sizes[s];
        int index = s;
        String label = "Flink CHURN_RISK (" + implementation + ")";
        Guard.run(context, SECTION, label + " at " + users, () -> {
          double[] heap = new double[context.runs()];
          double[] bytes = new double[context.runs()];
          int[] shape = new int[2];
          for (int r = 0; r < context.runs(); r++) {
            try (ChurnHarness churn = ChurnHarness.create(implementation)) {
              feedChurn(churn, WARM_USERS, "warm-");
              long snapshotBefore = churn.snapshotBytes();
              long heapBefore = Measure.usedHeapAfterGc();
              feedChurn(churn, users, "user-");
              long heapAfter = Measure.usedHeapAfterGc();
              heap[r] = (heapAfter - heapBefore) / (double) users;
              bytes[r] = (churn.snapshotBytes() - snapshotBefore) / (double) users;
              shape[0] = churn.stateEntries();
              shape[1] = churn.timers();
            }
          }
          String n = String.format("%,d users", users);
          Stats heapStats = Stats.of(heap);
          perUserHeap[index] = heapStats.median();
          context.add(Row.of(SECTION, label + " heap per open window, " + n, heapStats, "bytes",
              context.modeNote("heap state backend (the backtest's hashmap), timers included")));
          context.add(Row.of(SECTION, label + " snapshot per open window, " + n, Stats.of(bytes), "bytes",
              context.modeNote(String.format("full checkpoint bytes; %d state entries, %d timers in all",
                  shape[0], shape[1]))));
        });
      }
      addGrowth(context, "Flink CHURN_RISK (" + implementation + ") heap per open window", sizes, perUserHeap);
    }
  }

  /** The per-user cost at the largest size over that at the smallest: about 1 when growth is linear. */
  static void addGrowth(BenchContext context, String what, int[] sizes, double[] perUser) {
    if (sizes.length < 2 || perUser[0] <= 0 || perUser[sizes.length - 1] <= 0) {
      return;
    }
    double ratio = perUser[sizes.length - 1] / perUser[0];
    context.add(new Row(SECTION, String.format("%s: %,d users vs %,d users", what, sizes[sizes.length - 1], sizes[0]),
        ratio, Double.NaN, Double.NaN, 1, "ratio",
        "per-user cost at the largest size over the smallest (medians above); 1.0 = total grows linearly"));
  }

  static void feedStreams(StreamsProbe probe, int users, String prefix, String scenario) {
    boolean cart = scenario.contains("cart");
    for (int i = 0; i < users; i++) {
      long time = Datasets.T0 + i / USERS_PER_MS;
      String user = prefix + i;
      String product = "p" + (i % 5_000);
      String category = "c" + (i % 80) + ".item";
      String session = "s-" + prefix + i;
      probe.pipe(Datasets.click(time, "view", user, product, category, session, 25_000));
      if (cart) {
        probe.pipe(Datasets.click(time, "cart", user, product, category, session, 25_000));
      }
    }
  }

  static void feedChurn(ChurnHarness churn, int users, String prefix) throws Exception {
    for (int i = 0; i < users; i++) {
      long time = Datasets.T0 + i / USERS_PER_MS;
      churn.click(new Click(time, EventType.VIEW, prefix + i, "p" + (i % 5_000), "c" + (i % 80)));
      if (i % 1000 == 999) {
        churn.watermark(time);
      }
    }
    churn.watermark(Datasets.T0 + (users - 1) / USERS_PER_MS);
  }

}
