package io.colorstream.stream;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * One memory budget for every RocksDB store of the process (the shots' smoothing states), outside the JVM heap.
 * Kafka Streams' default gives each store its own 50 MB block cache and three 16 MB memtables, and the number of
 * stores follows the partitions a process colorizes: native memory that grows with the work and that no heap
 * setting bounds. Here all stores share one cache of {@link #TOTAL_BYTES}, which also holds their memtables (the
 * write buffer manager charges them to it) and their index and filter blocks. The smoothing store is written far
 * more than read (colorize keeps the state it last wrote), so a small cache costs nothing.
 */
public final class BoundedRocksDB implements RocksDBConfigSetter {
    /** Everything RocksDB may keep in memory, all stores together. */
    public static final long TOTAL_BYTES = 64L * 1024 * 1024;
    /** Of that, the memtables (data written but not yet flushed to disk). */
    public static final long MEMTABLE_BYTES = 32L * 1024 * 1024;
    /** One memtable: about 25 smoothing states (each ~300 KB, at the model's size whatever the film's). */
    static final long WRITE_BUFFER_BYTES = 8L * 1024 * 1024;

    /**
     * Shared by every store (of every stream thread): never closed by a store, they live with the process. Made on
     * first use, after RocksDB's native library is loaded (Kafka loads this class earlier, to check the setting).
     */
    private static final class Shared {
        static final Cache CACHE;
        static final WriteBufferManager WRITE_BUFFERS;

        static {
            RocksDB.loadLibrary();
            CACHE = new LRUCache(TOTAL_BYTES, -1, false, 0.1);
            WRITE_BUFFERS = new WriteBufferManager(MEMTABLE_BYTES, CACHE);
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        // The table config Streams made (with its defaults), changed rather than replaced.
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(Shared.CACHE);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(Shared.WRITE_BUFFERS);
        options.setWriteBufferSize(WRITE_BUFFER_BYTES);
        options.setMaxWriteBufferNumber(2);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the write buffer manager are shared: nothing of this store's own to free
    }
}
