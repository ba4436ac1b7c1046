package io.colorstream.encode;

import io.colorstream.wire.CborSerde;
import io.colorstream.wire.ColorFrame;
import io.colorstream.wire.ColorRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Puts one video's colour frames back into film order. Shots travel on different partitions, so frames arrive
 * in order within a shot but interleaved across shots; {@link #poll()} hands out frame 0, 1, 2, … as soon as the
 * next one is present.
 *
 * <p>Memory stays bounded: at most {@code maxFrames} frames and {@code maxBytes} pixel bytes are held on the heap.
 * Past that, the frames needed last (highest sequence numbers) are spilled to {@code spillDir}, one CBOR file per
 * frame (the wire serde), read back when their turn comes and deleted once handed out. A frame seen before (a
 * redelivery after a crash) is ignored, so it is never encoded twice.
 *
 * <p>Not thread-safe: one video is fed by one consumer thread.
 */
public final class FrameReorderBuffer implements AutoCloseable {
    /**
     * How much of a video may wait on the heap before frames go to disk.
     *
     * @param maxFrames most frames on the heap (at least 1)
     * @param maxBytes  most pixel bytes (luma + chroma) on the heap; the next frame due is always kept
     */
    public record Limits(int maxFrames, long maxBytes) {
        public Limits {
            if (maxFrames < 1) {
                throw new IllegalArgumentException("the reorder buffer must hold at least 1 frame, got " + maxFrames);
            }
            if (maxBytes < 1) {
                throw new IllegalArgumentException("the reorder buffer byte bound must be positive, got " + maxBytes);
            }
        }

        /** 64 frames or 256 MiB, whichever comes first (~110 colour frames of 1080p fit in 256 MiB). */
        public static Limits defaults() {
            return new Limits(64, 256L * 1024 * 1024);
        }
    }

    private static final CborSerde<ColorRecord> SPILL_SERDE = CborSerde.of(ColorRecord.class);
    private static final String SPILL_SUFFIX = ".frame.cbor";

    private final Path spillDir;
    private final int maxFrames;
    private final long maxBytes;
    private final TreeMap<Long, ColorFrame> inMemory = new TreeMap<>();
    private final TreeSet<Long> spilled = new TreeSet<>();
    private long bytesInMemory;
    private long nextSeq;
    private long spillCount;
    private boolean closed;

    /**
     * @param spillDir  this video's own spill directory; anything left in it (from a crashed run, whose frames
     *                  will be redelivered) is deleted, and the directory itself is removed on {@link #close()}
     * @param maxFrames most frames kept on the heap (at least 1)
     * @param maxBytes  most pixel bytes (luma + chroma) kept on the heap; the next frame due is always kept
     */
    public FrameReorderBuffer(Path spillDir, int maxFrames, long maxBytes) {
        this(spillDir, new Limits(maxFrames, maxBytes));
    }

    public FrameReorderBuffer(Path spillDir, Limits limits) {
        this.spillDir = spillDir;
        this.maxFrames = limits.maxFrames();
        this.maxBytes = limits.maxBytes();
        deleteSpillDir();
    }

    /**
     * Takes a frame. Returns false, and keeps nothing, when the frame was seen before (already handed out, or
     * already waiting).
     */
    public boolean offer(ColorFrame frame) {
        ensureOpen();
        long seq = frame.seq();
        if (seq < 0) {
            throw new IllegalArgumentException("frame sequence numbers start at 0, got " + seq + " in video "
                    + frame.videoId());
        }
        if (seq < nextSeq || inMemory.containsKey(seq) || spilled.contains(seq)) {
            return false;
        }
        inMemory.put(seq, frame);
        bytesInMemory += sizeOf(frame);
        spillWhileOverBound();
        return true;
    }

    /** The next frame in film order, or null when it has not arrived yet. */
    public ColorFrame poll() {
        ensureOpen();
        ColorFrame frame = inMemory.remove(nextSeq);
        if (frame != null) {
            bytesInMemory -= sizeOf(frame);
        } else if (spilled.remove(nextSeq)) {
            frame = readBack(nextSeq);
        } else {
            return null;
        }
        nextSeq++;
        return frame;
    }

    /** Sequence number of the next frame {@link #poll()} will hand out: also how many have been handed out. */
    public long nextSeq() {
        return nextSeq;
    }

    /** Frames waiting (in memory or spilled). */
    public int waiting() {
        return inMemory.size() + spilled.size();
    }

    public int framesInMemory() {
        return inMemory.size();
    }

    public long bytesInMemory() {
        return bytesInMemory;
    }

    public int framesSpilled() {
        return spilled.size();
    }

    /** How many times a frame was written to disk since this buffer was made. */
    public long spillCount() {
        return spillCount;
    }

    public Path spillDir() {
        return spillDir;
    }

    /** Drops every waiting frame and deletes the spill directory. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        inMemory.clear();
        spilled.clear();
        bytesInMemory = 0;
        deleteSpillDir();
    }

    private void spillWhileOverBound() {
        while (inMemory.size() > maxFrames || (bytesInMemory > maxBytes && inMemory.size() > 1)) {
            // The frame needed last is the best one to put on disk; the next one due never is.
            Map.Entry<Long, ColorFrame> last = inMemory.lastEntry();
            if (last.getKey() == nextSeq) {
                return;
            }
            inMemory.remove(last.getKey());
            bytesInMemory -= sizeOf(last.getValue());
            write(last.getValue());
        }
    }

    private void write(ColorFrame frame) {
        try {
            Files.createDirectories(spillDir);
            Files.write(spillFile(frame.seq()), SPILL_SERDE.toBytes(frame));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spill frame " + frame.seq() + " of video " + frame.videoId()
                    + " to " + spillDir + ": " + e.getMessage(), e);
        }
        spilled.add(frame.seq());
        spillCount++;
    }

    private ColorFrame readBack(long seq) {
        Path file = spillFile(seq);
        try {
            ColorRecord record = SPILL_SERDE.fromBytes(Files.readAllBytes(file));
            Files.delete(file);
            if (!(record instanceof ColorFrame frame) || frame.seq() != seq) {
                throw new IllegalStateException("spill file " + file + " does not hold frame " + seq);
            }
            return frame;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read spilled frame " + seq + " back from " + file + ": "
                    + e.getMessage(), e);
        }
    }

    private Path spillFile(long seq) {
        return spillDir.resolve(seq + SPILL_SUFFIX);
    }

    private void deleteSpillDir() {
        if (!Files.exists(spillDir)) {
            return;
        }
        try (Stream<Path> files = Files.list(spillDir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(spillDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean spill directory " + spillDir + ": " + e.getMessage(), e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("reorder buffer for " + spillDir + " is closed");
        }
    }

    private static long sizeOf(ColorFrame f) {
        return (long) f.luma().length + f.chroma().length;
    }
}
