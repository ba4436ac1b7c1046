package io.colorstream.encode;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.bytedeco.javacv.FFmpegFrameRecorder;

/** Encodes a {@link PcmTrack}'s file to AAC in an MP4 of its own, in one go (no seams), for {@link FilmMuxer}. */
final class SoundEncoder {
    private static final int BLOCK = 4096;

    private SoundEncoder() {
    }

    /**
     * @param pcm      s16le interleaved samples
     * @param bitrate  AAC bits per second (all channels)
     * @param target   the MP4 to write (replaced)
     */
    static void encode(Path pcm, int rate, int channels, int bitrate, Path target) throws IOException {
        Files.deleteIfExists(target);
        FFmpegFrameRecorder r = new FFmpegFrameRecorder(target.toFile(), channels);
        r.setFormat("mp4");
        r.setAudioCodec(AV_CODEC_ID_AAC);
        r.setSampleRate(rate);
        r.setAudioChannels(channels);
        r.setAudioBitrate(bitrate);
        try (FileChannel in = FileChannel.open(pcm, StandardOpenOption.READ)) {
            r.start();
            ByteBuffer bytes = ByteBuffer.allocate(BLOCK * channels * 2).order(ByteOrder.LITTLE_ENDIAN);
            short[] samples = new short[BLOCK * channels];
            while (true) {
                bytes.clear();
                while (bytes.hasRemaining() && in.read(bytes) > 0) {
                    // fill the block
                }
                bytes.flip();
                int n = bytes.remaining() / 2;
                n -= n % channels;
                if (n == 0) {
                    break;
                }
                bytes.asShortBuffer().get(samples, 0, n);
                r.recordSamples(rate, channels, ShortBuffer.wrap(samples, 0, n));
            }
            r.stop();
        } catch (FFmpegFrameRecorder.Exception e) {
            Files.deleteIfExists(target);
            throw new IOException("encoding the sound track (" + rate + " Hz, " + channels + " channels) failed: "
                    + e.getMessage(), e);
        } finally {
            try {
                r.release();
            } catch (FFmpegFrameRecorder.Exception ignored) {
                // already stopped or failed; nothing more to free
            }
        }
    }
}
