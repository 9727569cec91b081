package io.cartpulse.streams.config;

import java.util.Map;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;
import org.apache.kafka.streams.state.RocksDBConfigSetter;

/**
 * Caps the off-heap memory of every RocksDB store in this process: one block cache shared by all
 * stores, with the memtables charged against it through a write buffer manager, so the total is
 * {@code store.rocksdb-memory-bytes} however many tasks (and stores) the instance runs. That
 * is what keeps a container inside its memory limit after a rebalance hands it more partitions.
 *
 * <p>The cache is process-wide on purpose (static); the first store to open sizes it.
 */
public final class BoundedRocksDbConfigSetter implements RocksDBConfigSetter {

  /** Share of the cache reserved for index and filter blocks (pinned, high priority). */
  static final double INDEX_FILTER_RATIO = 0.1;
  /** Share of the budget memtables may take before writes flush early. */
  static final double MEMTABLE_RATIO = 0.5;
  static final long BLOCK_SIZE = 8 * 1024;
  static final int MAX_WRITE_BUFFERS = 3;

  private static Cache cache;
  private static WriteBufferManager writeBufferManager;
  private static long budgetBytes;

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    long budget = memoryBytes(configs);
    synchronized (BoundedRocksDbConfigSetter.class) {
      if (cache == null) {
        budgetBytes = budget;
        cache = new LRUCache(budget, -1, false, INDEX_FILTER_RATIO);
        writeBufferManager = new WriteBufferManager((long) (budget * MEMTABLE_RATIO), cache);
      }
    }
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(cache);
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    table.setBlockSize(BLOCK_SIZE);
    options.setWriteBufferManager(writeBufferManager);
    options.setMaxWriteBufferNumber(MAX_WRITE_BUFFERS);
    options.setWriteBufferSize(Math.max(1L << 20, (long) (budgetBytes * MEMTABLE_RATIO) / MAX_WRITE_BUFFERS));
    options.setTableFormatConfig(table);
  }

  @Override
  public void close(String storeName, Options options) {
    // The cache and the write buffer manager are shared by every store of the process: never closed here.
  }

  /** The budget the shared cache was created with, or 0 before any RocksDB store opened. */
  public static synchronized long configuredBudgetBytes() {
    return cache == null ? 0 : budgetBytes;
  }

  static long memoryBytes(Map<String, Object> configs) {
    Object value = configs.get(StreamsAppConfig.ROCKSDB_MEMORY_BYTES.key());
    if (value == null) {
      return StreamsAppConfig.ROCKSDB_MEMORY_BYTES.defaultValue();
    }
    long parsed = value instanceof Number n ? n.longValue() : Long.parseLong(value.toString().trim());
    if (parsed < 1) {
      throw new IllegalArgumentException(StreamsAppConfig.ROCKSDB_MEMORY_BYTES.key() + " must be at least 1, got " + parsed);
    }
    return parsed;
  }
}
