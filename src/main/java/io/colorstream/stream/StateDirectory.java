package io.colorstream.stream;

import io.colorstream.names.SafeNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The colorize role's Kafka Streams state directory when the user names none. Kafka Streams' own default
 * (java.io.tmpdir/kafka-streams) is shared by every instance and user of a machine, so a second instance dies on
 * its lock. Here each user has their own base (under the home directory, else a per-user folder in the temp
 * directory), each application id its own folder, and each running instance claims the first free numbered slot
 * in it with a file lock held for as long as it runs: two instances never collide, and a restarted instance
 * takes its slot back (slot 0 when it runs alone), with its RocksDB state, instead of replaying the changelog.
 */
public final class StateDirectory implements AutoCloseable {
    private static final int MAX_SLOTS = 256;

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private StateDirectory(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /** The per-user base: ~/.local/state/colorstream/streams, or java.io.tmpdir/colorstream-USER/streams. */
    public static Path defaultBase() {
        String home = System.getProperty("user.home");
        if (home != null && !home.isBlank() && !home.equals("?") && Files.isWritable(Path.of(home))) {
            return Path.of(home, ".local", "state", "colorstream", "streams");
        }
        String user = System.getProperty("user.name", "user");
        return Path.of(System.getProperty("java.io.tmpdir"), "colorstream-" + SafeNames.fileName(user), "streams");
    }

    /** Claims the first free slot for {@code applicationId} under {@code base}; close to release it. */
    public static StateDirectory claim(Path base, String applicationId) {
        Path app = base.resolve(SafeNames.fileName(applicationId));
        try {
            Files.createDirectories(app);
            for (int slot = 0; slot < MAX_SLOTS; slot++) {
                Path lockFile = app.resolve("slot-" + slot + ".lock");
                FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null; // held by this very process (another instance in the same JVM)
                }
                if (lock == null) {
                    ch.close();
                    continue;
                }
                Path dir = Files.createDirectories(app.resolve("slot-" + slot));
                return new StateDirectory(dir, ch, lock);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a state directory under " + app + ": " + e.getMessage(), e);
        }
        throw new IllegalStateException("all " + MAX_SLOTS + " state directory slots under " + app + " are in use");
    }

    /** The directory to give Kafka Streams as {@code state.dir}. */
    public Path path() {
        return dir;
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
