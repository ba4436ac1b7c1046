package io.colorstream.stream;

import org.rocksdb.RocksDB;

/**
 * Loads RocksDB's native library ahead of colorize's first store. Kafka Streams loads it when it opens the first
 * smoothing store, after its group has formed, and that load (unpacking a 70 MB jar's library to a temporary file)
 * takes 0.1–0.2 s on two cores, in the way of the first frame; a caller that has a broker to start first (run, the
 * bench) loads it meanwhile.
 */
public final class RocksDbLibrary {
    private RocksDbLibrary() {
    }

    /** Starts loading the library on a daemon thread; safe to call more than once (RocksDB loads it once). */
    public static void loadInBackground() {
        Thread t = new Thread(RocksDB::loadLibrary, "rocksdb-library");
        t.setDaemon(true);
        t.start();
    }
}
