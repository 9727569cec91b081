package io.cartpulse.bench.jmh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Bytes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * The store round trip every event makes for its user (one get, one put of a ~100-byte value,
 * 100,000 users, random order): on a heap hash map (what the backtest's in-memory store wraps) and
 * on RocksDB as Kafka Streams opens it (write-ahead log off; the changelog is the log). Without the
 * Streams record cache, which absorbs repeated writes of a hot key between commits.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class StoreBenchmarks {
  static final int USERS = 100_000;

  @Param({"heap-map", "rocksdb"})
  public String store;

  byte[][] keys;
  byte[] value;
  int next;
  Map<Bytes, byte[]> map;
  RocksDB db;
  Options options;
  WriteOptions writeOptions;
  Path dir;

  @Setup(Level.Trial)
  public void open() throws IOException, RocksDBException {
    keys = new byte[USERS][];
    for (int i = 0; i < USERS; i++) {
      keys[i] = ("user-" + (1_000_000 + i * 7)).getBytes(StandardCharsets.UTF_8);
    }
    value = new byte[100];
    for (int i = 0; i < value.length; i++) {
      value[i] = (byte) (i * 31);
    }
    if (store.equals("rocksdb")) {
      RocksDB.loadLibrary();
      dir = Files.createTempDirectory("cartpulse-jmh-rocksdb-");
      options = new Options().setCreateIfMissing(true);
      writeOptions = new WriteOptions().setDisableWAL(true);
      db = RocksDB.open(options, dir.toString());
      for (byte[] key : keys) {
        db.put(writeOptions, key, value);
      }
    } else {
      map = new HashMap<>();
      for (byte[] key : keys) {
        map.put(Bytes.wrap(key), value);
      }
    }
  }

  @Benchmark
  public byte[] getThenPut() throws RocksDBException {
    // A multiplicative step visits every user in a scrambled order.
    next = (next + 7_919) % USERS;
    byte[] key = keys[next];
    if (db != null) {
      byte[] current = db.get(key);
      db.put(writeOptions, key, value);
      return current;
    }
    Bytes wrapped = Bytes.wrap(key);
    byte[] current = map.get(wrapped);
    map.put(wrapped, value);
    return current;
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    if (db != null) {
      db.close();
      writeOptions.close();
      options.close();
      try (var paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
