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
import io.cartpulse.testing.Clicks;
import java.util.List;

/**
 * Memory per user as the number of users grows (10k, 100k, 1M): heap (after a full GC, minus the
 * same structure before the users) and serialized state bytes (what RocksDB, the changelog or a
 * Flink snapshot holds) for a user of the streams-app rules, a user with an open cart, and an open
 * CHURN_RISK window in both Flink implementations. Each run grows one structure through the sizes
 * (measuring at each), after warm-up users that are not counted.
 */
public final class StateSection implements Bench.Section {
  static final String SECTION = "state";
  /** Users are spread over 100 s of event time: nothing expires while they are counted. */
  static final int USERS_PER_MS = 10;
  static final int WARM_USERS = 10_000;

  @Override
  public String name() {
    return SECTION;
  }

  /** What one structure holds: bytes of its serialized state and how many entries and timers. */
  interface Subject extends AutoCloseable {
    void feed(int fromUser, int toUser) throws Exception;

    long stateBytes() throws Exception;

    String shape() throws Exception;
  }

  @Override
  public void run(BenchContext context) throws Exception {
    int largest = Integer.getInteger("bench.state.max-users", 1_000_000);
    int[] sizes = context.quick() ? new int[] {10_000} : new int[] {largest / 100, largest / 10, largest};
    // Open carts to 100k users only: a 1M run would add 2M events per run to the section.
    int[] cartSizes = context.quick() ? sizes : new int[] {sizes[0], sizes[1]};

    measure(context, "streams-app", "active user", sizes, () -> streams(false),
        "in-memory stores of the backtest (TopologyTestDriver), heap after full GC minus before the users",
        "serialized key+value over the rule stores: what RocksDB and the changelog hold per user");
    measure(context, "streams-app", "user with an open cart", cartSizes, () -> streams(true),
        "in-memory stores of the backtest (TopologyTestDriver), heap after full GC minus before the users",
        "serialized key+value over the rule stores: what RocksDB and the changelog hold per user");
    for (String implementation : List.of("process", "cep")) {
      measure(context, "Flink CHURN_RISK (" + implementation + ")", "open window", sizes, () -> churn(implementation),
          "operator harness, heap state backend (the backtest's hashmap), timers included",
          "full checkpoint bytes of the churn operators");
    }
  }

  interface SubjectFactory {
    Subject create() throws Exception;
  }

  static void measure(BenchContext context, String who, String what, int[] sizes, SubjectFactory factory,
      String heapNote, String bytesNote) {
    String label = who + " " + what;
    Guard.run(context, SECTION, label, () -> {
      int runs = context.runs();
      double[][] heap = new double[sizes.length][runs];
      double[][] bytes = new double[sizes.length][runs];
      String[] shape = new String[sizes.length];
      for (int r = 0; r < runs; r++) {
        try (Subject subject = factory.create()) {
          subject.feed(-WARM_USERS, 0);
          long bytesBefore = subject.stateBytes();
          long heapBefore = Measure.usedHeapAfterGc();
          int fed = 0;
          for (int s = 0; s < sizes.length; s++) {
            subject.feed(fed, sizes[s]);
            fed = sizes[s];
            heap[s][r] = (Measure.usedHeapAfterGc() - heapBefore) / (double) fed;
            bytes[s][r] = (subject.stateBytes() - bytesBefore) / (double) fed;
            shape[s] = subject.shape();
          }
        }
      }
      for (int s = 0; s < sizes.length; s++) {
        String n = String.format("%,d users", sizes[s]);
        context.add(Row.of(SECTION, who + " heap per " + what + ", " + n, Stats.of(heap[s]), "bytes",
            context.modeNote(heapNote)));
        context.add(Row.of(SECTION, who + " state per " + what + ", " + n, Stats.of(bytes[s]), "bytes",
            context.modeNote(bytesNote + "; at the end: " + shape[s])));
      }
      if (sizes.length > 1) {
        double first = Stats.of(heap[0]).median();
        double last = Stats.of(heap[sizes.length - 1]).median();
        if (first > 0 && last > 0) {
          context.add(new Row(SECTION, String.format("%s heap per %s: %,d users vs %,d users", who, what,
              sizes[sizes.length - 1], sizes[0]), last / first, Double.NaN, Double.NaN, 1, "ratio",
              "per-user heap at the largest size over the smallest (medians above); 1.0 = the total grows "
                  + "linearly"));
        }
      }
    });
  }

  static Subject streams(boolean openCart) {
    StreamsProbe probe = new StreamsProbe();
    return new Subject() {
      @Override
      public void feed(int from, int to) {
        for (int i = from; i < to; i++) {
          // Warm-up users (negative numbers) come first in time, counted users after them.
          long time = Datasets.T0 + (i + WARM_USERS) / USERS_PER_MS;
          String user = "user-" + i;
          String product = "p" + Math.floorMod(i, 5_000);
          String category = "c" + Math.floorMod(i, 80) + ".item";
          String session = "s-" + i;
          probe.pipe(Clicks.event("view", user, product, time, "250.00", category, session));
          if (openCart) {
            probe.pipe(Clicks.event("cart", user, product, time, "250.00", category, session));
          }
        }
        probe.alerts();
      }

      @Override
      public long stateBytes() {
        return probe.storeUse().bytes();
      }

      @Override
      public String shape() {
        StreamsProbe.StoreUse use = probe.storeUse();
        return String.format("%d user entries, %d deadline entries, %d expiry entries", use.users(),
            use.deadlines(), use.expiry());
      }

      @Override
      public void close() {
        probe.close();
      }
    };
  }

  static Subject churn(String implementation) throws Exception {
    ChurnHarness churn = ChurnHarness.create(implementation);
    return new Subject() {
      @Override
      public void feed(int from, int to) throws Exception {
        long time = 0;
        for (int i = from; i < to; i++) {
          time = Datasets.T0 + (i + WARM_USERS) / USERS_PER_MS;
          churn.click(new Click(time, EventType.VIEW, "user-" + i, "p" + Math.floorMod(i, 5_000),
              "c" + Math.floorMod(i, 80)));
          if (i % 1000 == 999) {
            churn.watermark(time);
          }
        }
        churn.watermark(time);
      }

      @Override
      public long stateBytes() throws Exception {
        return churn.snapshotBytes();
      }

      @Override
      public String shape() {
        return String.format("%d state entries, %d timers", churn.stateEntries(), churn.timers());
      }

      @Override
      public void close() throws Exception {
        churn.close();
      }
    };
  }
}
