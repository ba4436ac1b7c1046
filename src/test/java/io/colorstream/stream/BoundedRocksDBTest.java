package io.colorstream.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.kafka.KafkaSettings;
import io.colorstream.testing.ConstantChromaColorizer;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/**
 * The smoothing stores' RocksDB memory is bounded: the colorize role configures every store with
 * {@link BoundedRocksDB}, which keeps Streams' table defaults, puts index and filter blocks in the one shared
 * cache, and makes memtables small and few.
 */
class BoundedRocksDBTest {

    @Test
    void theColorizeRoleBoundsItsRocksDbStores() {
        ColorizeService s = new ColorizeService(KafkaSettings.of("localhost:9092"), new ConstantChromaColorizer(8, 8, 0, 0),
                SmoothingSettings.DEFAULT, "app");
        assertEquals(BoundedRocksDB.class.getName(),
                s.streamsProperties().get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG));
    }

    @Test
    void storesShareOneCacheWithSmallMemtables() {
        RocksDB.loadLibrary();
        try (Options options = new Options()) {
            BlockBasedTableConfig streamsDefault = new BlockBasedTableConfig();
            streamsDefault.setBlockSize(4096L); // what Kafka Streams sets before the config setter runs
            options.setTableFormatConfig(streamsDefault);

            new BoundedRocksDB().setConfig("smoothing", options, Map.of());

            assertEquals(8L * 1024 * 1024, options.writeBufferSize());
            assertEquals(2, options.maxWriteBufferNumber());
            BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
            assertTrue(table.cacheIndexAndFilterBlocks(), "index and filter blocks count against the cache");
            assertEquals(4096L, table.blockSize(), "Streams' own table settings are kept");
            assertTrue(2 * options.writeBufferSize() <= BoundedRocksDB.MEMTABLE_BYTES
                    && BoundedRocksDB.MEMTABLE_BYTES < BoundedRocksDB.TOTAL_BYTES);
        }
    }
}
