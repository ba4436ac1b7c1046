package io.colorstream.encode;

import io.colorstream.wire.AudioChunk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * One video's audio, kept on disk until the encoder reaches it. Audio arrives long before the slow colour frames
 * (a whole film's PCM is ~1.4 GB at 48 kHz stereo for two hours), so chunks are appended to one file in chunk
 * order and only their small index (position, length, timestamp, format) stays on the heap.
 *
 * <p>Chunks normally arrive in order (one partition per video); a redelivered chunk is ignored, and one ahead of a
 * gap waits on the heap until the gap is filled. Not thread-safe.
 */
public final class AudioSpool implements AutoCloseable {
    private record Entry(long ptsMicros, int sampleRate, int channels, long offset, int length) {
    }

    private final Path file;
    private final String videoId;
    private final List<Entry> entries = new ArrayList<>();
    private final TreeMap<Long, AudioChunk> early = new TreeMap<>();
    private FileChannel channel;
    private long fileLength;
    private int readIndex;
    private boolean closed;

    /** @param file the spool file; an old one (from a crashed run, whose chunks will be redelivered) is replaced */
    public AudioSpool(String videoId, Path file) {
        this.videoId = videoId;
        this.file = file;
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove old audio spool " + file + ": " + e.getMessage(), e);
        }
    }

    /** Takes a chunk; false when it was seen before. */
    public boolean add(AudioChunk chunk) {
        if (closed) {
            throw new IllegalStateException("audio spool " + file + " is closed");
        }
        long index = chunk.index();
        if (index < 0) {
            throw new IllegalArgumentException("audio chunk index must be ≥ 0, got " + index + " in video " + videoId);
        }
        if (chunk.sampleRate() <= 0 || chunk.channels() <= 0) {
            throw new IllegalArgumentException("audio chunk " + index + " of video " + videoId + " has no format ("
                    + chunk.sampleRate() + " Hz, " + chunk.channels() + " channels)");
        }
        if (chunk.samples().length % (2 * chunk.channels()) != 0) {
            throw new IllegalArgumentException("audio chunk " + index + " of video " + videoId + " holds "
                    + chunk.samples().length + " bytes, not whole s16 frames of " + chunk.channels() + " channels");
        }
        if (index < entries.size() || early.containsKey(index)) {
            return false;
        }
        if (index > entries.size()) {
            early.put(index, chunk);
            return true;
        }
        append(chunk);
        AudioChunk next;
        while ((next = early.remove((long) entries.size())) != null) {
            append(next);
        }
        return true;
    }

    /** Chunks in, counted from index 0 up to the first gap. */
    public long contiguousChunks() {
        return entries.size();
    }

    /** Chunks not yet read. */
    public int unread() {
        return entries.size() - readIndex;
    }

    /** Start time of the next chunk to read, or {@link Long#MAX_VALUE} when none is ready. */
    public long nextPtsMicros() {
        return readIndex < entries.size() ? entries.get(readIndex).ptsMicros() : Long.MAX_VALUE;
    }

    /** The next chunk in order, read back from disk, or null when none is ready. */
    public AudioChunk next() {
        if (readIndex >= entries.size()) {
            return null;
        }
        Entry e = entries.get(readIndex);
        byte[] samples = new byte[e.length()];
        try {
            ByteBuffer buf = ByteBuffer.wrap(samples);
            long pos = e.offset();
            while (buf.hasRemaining()) {
                int n = channel.read(buf, pos + buf.position());
                if (n < 0) {
                    throw new IOException("spool file ends early");
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read audio chunk " + readIndex + " of video " + videoId
                    + " back from " + file + ": " + ex.getMessage(), ex);
        }
        AudioChunk chunk = new AudioChunk(videoId, readIndex, e.ptsMicros(), e.sampleRate(), e.channels(), samples);
        readIndex++;
        return chunk;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        early.clear();
        try {
            if (channel != null) {
                channel.close();
            }
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove audio spool " + file + ": " + e.getMessage(), e);
        }
    }

    private void append(AudioChunk chunk) {
        try {
            if (channel == null) {
                Files.createDirectories(file.getParent());
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            }
            ByteBuffer buf = ByteBuffer.wrap(chunk.samples());
            long pos = fileLength;
            while (buf.hasRemaining()) {
                pos += channel.write(buf, pos);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool audio chunk " + chunk.index() + " of video " + videoId
                    + " to " + file + ": " + e.getMessage(), e);
        }
        entries.add(new Entry(chunk.ptsMicros(), chunk.sampleRate(), chunk.channels(), fileLength,
                chunk.samples().length));
        fileLength += chunk.samples().length;
    }
}
