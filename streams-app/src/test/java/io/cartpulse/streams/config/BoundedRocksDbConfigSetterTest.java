package io.cartpulse.streams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class BoundedRocksDbConfigSetterTest {

  @Test
  void everyStoreSharesOneCacheAndOneWriteBufferManager() {
    RocksDB.loadLibrary();
    BoundedRocksDbConfigSetter setter = new BoundedRocksDbConfigSetter();
    Map<String, Object> configs = Map.of(StreamsAppConfig.ROCKSDB_MEMORY_BYTES.key(), String.valueOf(48L << 20));
    try (Options first = new Options(); Options second = new Options()) {
      first.setTableFormatConfig(new BlockBasedTableConfig());
      second.setTableFormatConfig(new BlockBasedTableConfig());

      setter.setConfig("user-rule-state", first, configs);
      setter.setConfig("abandonment-deadlines", second, configs);

      long budget = BoundedRocksDbConfigSetter.configuredBudgetBytes();
      assertThat(budget).isPositive();
      assertThat(first.writeBufferManager()).isNotNull().isSameAs(second.writeBufferManager());
      BlockBasedTableConfig table = (BlockBasedTableConfig) first.tableFormatConfig();
      assertThat(table.cacheIndexAndFilterBlocks()).isTrue();
      assertThat(table.pinTopLevelIndexAndFilter()).isTrue();
      assertThat(table.blockSize()).isEqualTo(BoundedRocksDbConfigSetter.BLOCK_SIZE);
      // the memtables of one store fit in the share of the budget reserved for them
      assertThat(first.writeBufferSize() * first.maxWriteBufferNumber())
          .isLessThanOrEqualTo(Math.max(3L << 20, (long) (budget * BoundedRocksDbConfigSetter.MEMTABLE_RATIO)));
      setter.close("user-rule-state", first);
      setter.close("abandonment-deadlines", second);
    }
  }

  @Test
  void theBudgetMustBePositive() {
    assertThat(BoundedRocksDbConfigSetter.memoryBytes(Map.of())).isEqualTo(64L << 20);
    assertThat(BoundedRocksDbConfigSetter.memoryBytes(Map.of(StreamsAppConfig.ROCKSDB_MEMORY_BYTES.key(), 1024L)))
        .isEqualTo(1024L);
    assertThatThrownBy(() -> BoundedRocksDbConfigSetter.memoryBytes(
        Map.of(StreamsAppConfig.ROCKSDB_MEMORY_BYTES.key(), "0"))).hasMessageContaining("store.rocksdb-memory-bytes");
  }
}
