package io.colorstream.encode;

import io.colorstream.wire.AudioChunk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The film's sound as raw PCM (s16le, interleaved, at the film's rate and channels) in a file, appended as it
 * comes. It is encoded to AAC once, when the film is finished: a track encoded in one go has no seams, however
 * many pieces the picture was written in, and a film continued after a crash continues its sound sample-exactly
 * ({@link #keepSamples}). A chunk that starts later than the sound so far is preceded by silence (the sound starts
 * late or has a hole), so sound stays in sync with picture. A chunk at another rate or channel count than the
 * film's (a stream that changes its audio format mid-way) is converted: channels are averaged or repeated, the rate
 * linearly interpolated.
 *
 * <p>Not thread-safe.
 */
final class PcmTrack implements AutoCloseable {
    /** Seconds of audio a chunk may start late before the gap is filled with silence (timestamp jitter). */
    private static final double GAP_TOLERANCE_SECONDS = 0.002;

    private final Path file;
    private final int rate;
    private final int channels;
    private final FileChannel channel;
    private long samples;

    private PcmTrack(Path file, int rate, int channels, FileChannel channel, long samples) {
        this.file = file;
        this.rate = rate;
        this.channels = channels;
        this.channel = channel;
        this.samples = samples;
    }

    /**
     * Opens the track at {@code file}, keeping its first {@code keep} samples (per channel) and dropping what
     * follows; 0 starts it empty. A track shorter than {@code keep} is kept whole: the next chunk's position
     * fills the rest with silence.
     */
    static PcmTrack open(Path file, int rate, int channels, long keep) throws IOException {
        if (rate <= 0 || channels <= 0) {
            throw new IllegalArgumentException("a sound track needs a rate and channels, got " + rate + " Hz, "
                    + channels + " channels");
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        long frameBytes = 2L * channels;
        long have = ch.size() / frameBytes;
        long kept = Math.min(have, Math.max(0, keep));
        ch.truncate(kept * frameBytes);
        ch.position(kept * frameBytes);
        return new PcmTrack(file, rate, channels, ch, kept);
    }

    /** Appends a chunk at its time on the film's clock (silence before it if it starts late). */
    void append(AudioChunk chunk) throws IOException {
        long start = Math.round(chunk.ptsMicros() * (rate / 1_000_000.0));
        long gap = start - samples;
        if (gap > GAP_TOLERANCE_SECONDS * rate) {
            writeSilence(gap);
        }
        byte[] pcm = chunk.sampleRate() == rate && chunk.channels() == channels ? chunk.samples()
                : convert(chunk.samples(), chunk.sampleRate(), chunk.channels());
        write(ByteBuffer.wrap(pcm, 0, pcm.length - pcm.length % (2 * channels)));
    }

    /** Samples (per channel) in the track. */
    long samples() {
        return samples;
    }

    /** End of the track in µs. */
    long endMicros() {
        return Math.round(samples * 1_000_000.0 / rate);
    }

    int rate() {
        return rate;
    }

    int channels() {
        return channels;
    }

    Path file() {
        return file;
    }

    /** On disk, so a crash keeps what was written. */
    void force() throws IOException {
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private void writeSilence(long frames) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate(4096 * 2 * channels);
        long left = frames;
        while (left > 0) {
            int f = (int) Math.min(4096, left);
            zeros.clear().limit(f * 2 * channels);
            write(zeros);
            left -= f;
        }
    }

    private void write(ByteBuffer b) throws IOException {
        int bytes = b.remaining();
        while (b.hasRemaining()) {
            channel.write(b);
        }
        samples += bytes / (2L * channels);
    }

    /** Another rate or channel count to the track's: channels averaged (down) or repeated (up), rate linear. */
    private byte[] convert(byte[] pcm, int fromRate, int fromChannels) {
        if (fromRate <= 0 || fromChannels <= 0) {
            throw new IllegalArgumentException("an audio chunk needs a rate and channels, got " + fromRate + " Hz, "
                    + fromChannels + " channels");
        }
        java.nio.ShortBuffer in = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
        int n = in.remaining() / fromChannels;
        float[] mixed = new float[n * channels];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < channels; c++) {
                float v;
                if (fromChannels == channels) {
                    v = in.get(i * fromChannels + c);
                } else if (fromChannels > channels && channels == 1) {
                    float sum = 0;
                    for (int k = 0; k < fromChannels; k++) {
                        sum += in.get(i * fromChannels + k);
                    }
                    v = sum / fromChannels;
                } else {
                    v = in.get(i * fromChannels + Math.min(c, fromChannels - 1));
                }
                mixed[i * channels + c] = v;
            }
        }
        int m = (int) Math.round((double) n * rate / fromRate);
        ByteBuffer out = ByteBuffer.allocate(m * channels * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int j = 0; j < m; j++) {
            double x = n <= 1 ? 0 : (double) j * fromRate / rate;
            int i0 = (int) Math.min(n - 1, Math.floor(x));
            int i1 = Math.min(n - 1, i0 + 1);
            double t = x - i0;
            for (int c = 0; c < channels; c++) {
                double v = n == 0 ? 0 : mixed[i0 * channels + c] * (1 - t) + mixed[i1 * channels + c] * t;
                out.putShort((short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v))));
            }
        }
        return out.array();
    }
}
