package io.cartpulse.bench.jmh;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.bench.offline.StreamsProbe;
import io.cartpulse.local.generator.SyntheticShop;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The whole streams-app topology per event (decode, validate, the five rules, one user-state read
 * and write, deadline and expiry index, alert encode) in a TopologyTestDriver with the backtest's
 * in-memory stores, which is what the streams-app backtest runs. (RocksDB is measured by
 * StoreBenchmarks instead: in the driver, which commits after every record, each RocksDB store also
 * rewrites its position checkpoint file per record, which no live instance does.) Input: the
 * synthetic shop, endless, encoded in batches outside the measured time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class TopologyBenchmarks {
  static final int BATCH = 5_000;


  StreamsProbe probe;
  SyntheticShop shop;
  final byte[][] keys = new byte[BATCH][];
  final byte[][] values = new byte[BATCH][];
  final long[] times = new long[BATCH];

  @Setup(Level.Trial)
  public void start() {
    probe = new StreamsProbe();
    shop = new SyntheticShop(SyntheticShop.ShopConfig.defaults());
    // 20,000 events of the shop first, so users have state as in a running system.
    for (int i = 0; i < 4; i++) {
      nextBatch();
      pipeBatch();
    }
  }

  @Setup(Level.Invocation)
  public void nextBatch() {
    for (int i = 0; i < BATCH; i++) {
      ClickEvent event = shop.next();
      keys[i] = event.getUserId().getBytes(StandardCharsets.UTF_8);
      values[i] = probe.encode(event);
      times[i] = event.getEventTime().toEpochMilli();
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long pipeBatch() {
    for (int i = 0; i < BATCH; i++) {
      probe.pipe(keys[i], values[i], times[i]);
    }
    return probe.alerts();
  }

  @TearDown(Level.Trial)
  public void stop() {
    probe.close();
  }
}
