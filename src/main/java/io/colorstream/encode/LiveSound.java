package io.colorstream.encode;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameRecorder;

/**
 * The live stream's sound: the film's {@link PcmTrack} encoded to AAC by one encoder that runs for the whole
 * stream, its frames handed out segment by segment. One continuous encoder is what keeps the seams silent: an
 * encoder started per segment would begin each one with its priming and end it with padding (a click every few
 * seconds). AAC frames are independent of each other, so a segment may end between any two.
 *
 * <p>The encoder writes ADTS (each AAC frame behind a 7-byte header that gives its length), into memory; this
 * class cuts that byte stream into frames and times them: frame k holds the track's samples from
 * {@code (k − 1) · 1024} on (FFmpeg's AAC encoder primes with one frame, decoded as the time before the first
 * sample). Not thread-safe: called by the film's encoder.
 */
final class LiveSound implements AutoCloseable {
    /** Samples per channel in one AAC frame. */
    static final int FRAME_SAMPLES = 1024;
    private static final int READ_BLOCK = 4096;

    /** One AAC frame in ADTS, and the time of its first sample on the film's clock. */
    record AacFrame(byte[] adts, long startMicros) {
    }

    private final Path pcm;
    private final int rate;
    private final int channels;
    private final long firstSample;
    private final Sink sink = new Sink();
    private final Deque<AacFrame> ready = new ArrayDeque<>();
    private final FFmpegFrameRecorder recorder;
    private FileChannel in;
    private long pcmBytesRead;
    private long framesCut;
    private boolean finished;
    private boolean closed;

    /**
     * @param track       the film's sound, read as it grows
     * @param firstSample where the live sound starts in the track (samples per channel; a continued film's
     *                    live stream starts after what an earlier run kept)
     * @param bitrate     AAC bits per second, all channels
     */
    LiveSound(PcmTrack track, long firstSample, int bitrate) throws IOException {
        this.pcm = track.file();
        this.rate = track.rate();
        this.channels = track.channels();
        this.firstSample = firstSample;
        this.pcmBytesRead = firstSample * 2L * channels;
        this.recorder = new FFmpegFrameRecorder(sink, channels);
        recorder.setFormat("adts");
        recorder.setAudioCodec(AV_CODEC_ID_AAC);
        recorder.setSampleRate(rate);
        recorder.setAudioChannels(channels);
        recorder.setAudioBitrate(bitrate);
        recorder.setOption("flush_packets", "1"); // each frame reaches the sink as it is made, not 32 KB later
        try {
            recorder.start();
        } catch (FFmpegFrameRecorder.Exception e) {
            release();
            throw new IOException("cannot start the live stream's AAC encoder (" + rate + " Hz, " + channels
                    + " channels): " + e.getMessage(), e);
        }
    }

    /**
     * Encodes the sound written to the track since the last call and returns, in order, the frames that start
     * before {@code endMicros} (the end of the segment being made). Frames still held in the encoder, or starting
     * later, go with a later segment.
     */
    List<AacFrame> takeUntil(long endMicros) throws IOException {
        if (!finished) {
            encodeNewSound();
        }
        List<AacFrame> out = new ArrayList<>();
        while (!ready.isEmpty() && ready.peekFirst().startMicros() < endMicros) {
            out.add(ready.removeFirst());
        }
        return out;
    }

    /** Encodes the rest of the track, drains the encoder and returns every frame not yet taken: the last segment. */
    List<AacFrame> takeRest() throws IOException {
        if (!finished) {
            encodeNewSound();
            finished = true;
            try {
                recorder.stop(); // flushes the encoder's last frames (and the padding after the sound)
            } catch (FFmpegFrameRecorder.Exception e) {
                throw new IOException("cannot finish the live stream's sound: " + e.getMessage(), e);
            }
            cutFrames();
        }
        List<AacFrame> out = new ArrayList<>(ready);
        ready.clear();
        return out;
    }

    /** Writes frames as one ADTS file (what {@link FilmMuxer} reads as a sound stream). */
    static void writeAdts(List<AacFrame> frames, Path file) throws IOException {
        try (OutputStream o = Files.newOutputStream(file)) {
            for (AacFrame f : frames) {
                o.write(f.adts());
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!finished) {
                finished = true;
                try {
                    recorder.stop();
                } catch (FFmpegFrameRecorder.Exception ignored) {
                    // ending without the last frames: nothing will take them
                }
            }
        } finally {
            release();
            if (in != null) {
                in.close();
            }
        }
    }

    private void release() {
        try {
            recorder.release();
        } catch (FFmpegFrameRecorder.Exception ignored) {
            // already stopped or never started; nothing more to free
        }
    }

    private void encodeNewSound() throws IOException {
        if (in == null) {
            if (!Files.exists(pcm)) {
                return;
            }
            in = FileChannel.open(pcm, StandardOpenOption.READ);
        }
        long frameBytes = 2L * channels;
        ByteBuffer bytes = ByteBuffer.allocate(READ_BLOCK * (int) frameBytes).order(ByteOrder.LITTLE_ENDIAN);
        short[] samples = new short[READ_BLOCK * channels];
        while (true) {
            long whole = (in.size() - pcmBytesRead) / frameBytes * frameBytes; // whole sample frames written
            if (whole <= 0) {
                break;
            }
            bytes.clear().limit((int) Math.min(bytes.capacity(), whole));
            while (bytes.hasRemaining()) {
                if (in.read(bytes, pcmBytesRead + bytes.position()) < 0) {
                    throw new IOException("the sound track " + pcm + " ends early");
                }
            }
            bytes.flip();
            int n = bytes.remaining() / 2;
            bytes.asShortBuffer().get(samples, 0, n);
            pcmBytesRead += 2L * n;
            try {
                recorder.recordSamples(rate, channels, ShortBuffer.wrap(samples, 0, n));
            } catch (FFmpegFrameRecorder.Exception e) {
                throw new IOException("the live stream's AAC encoder failed: " + e.getMessage(), e);
            }
        }
        cutFrames();
    }

    /** Moves every whole ADTS frame the encoder has written into {@link #ready}, timed. */
    private void cutFrames() throws IOException {
        byte[] b = sink.bytes();
        int n = sink.size();
        int pos = 0;
        while (n - pos >= 7) {
            if ((b[pos] & 0xFF) != 0xFF || (b[pos + 1] & 0xF0) != 0xF0) {
                throw new IOException("the AAC encoder wrote something other than ADTS at byte " + pos);
            }
            int length = ((b[pos + 3] & 0x03) << 11) | ((b[pos + 4] & 0xFF) << 3) | ((b[pos + 5] & 0xE0) >> 5);
            int blocks = (b[pos + 6] & 0x03) + 1;
            if (length < 7 || n - pos < length) {
                break; // the rest of this frame is still to come
            }
            byte[] frame = new byte[length];
            System.arraycopy(b, pos, frame, 0, length);
            long start = firstSample + (framesCut - 1) * FRAME_SAMPLES;
            ready.addLast(new AacFrame(frame, Math.round(start * 1_000_000.0 / rate)));
            framesCut += blocks;
            pos += length;
        }
        sink.dropFirst(pos);
    }

    /** Where the encoder writes: bytes kept until whole frames are cut from them. */
    private static final class Sink extends ByteArrayOutputStream {
        byte[] bytes() {
            return buf;
        }

        void dropFirst(int n) {
            System.arraycopy(buf, n, buf, 0, count - n);
            count -= n;
        }
    }
}
