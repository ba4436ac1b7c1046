package io.colorstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.ingest.IngestJob;
import io.colorstream.kafka.EmbeddedKafkaBroker;
import io.colorstream.kafka.KafkaSettings;
import io.colorstream.kafka.TopicCreator;
import io.colorstream.model.ColorSpace;
import io.colorstream.model.SavedModelColorizer;
import io.colorstream.stream.SmoothingSettings;
import io.colorstream.wire.FrameKeys;
import io.colorstream.testing.ClipGenerator;
import io.colorstream.testing.FilmProbe;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.kafka.common.utils.Utils;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole flow against a real Kafka broker (embedded KRaft, in this JVM) with the shipped SavedModel: a gray
 * 640×360 film of real photographs with AAC sound, several shots spread over two partitions, through ingest →
 * colorize → encode, exactly as {@code ./colorstream run} wires them.
 */
class FilmPipelineIntegrationTest {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;
    private static final int FPS = 25;
    private static final int[] SHOTS = {20, 14, 24, 12};
    private static final String VIDEO_ID = "it-film";

    @Test
    void grayFilmWithSoundComesBackInColourWithEveryFrameAndTheSameTiming(@TempDir Path dir) throws Exception {
        List<BufferedImage> photos = List.of(photo("kodim23.png"), photo("kodim22.png"));
        ClipGenerator.Clip clip = ClipGenerator.grayPhotos(WIDTH, HEIGHT, FPS, photos, SHOTS).withAudio(44100, 2);
        Path input = clip.writeTo(dir.resolve("film.mp4"));
        Path output = dir.resolve("film-colour.mp4");

        KafkaSettings settings;
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(KafkaSettings.DEFAULT_MAX_RECORD_BYTES);
             SavedModelColorizer colorizer = SavedModelColorizer.load(Path.of("models/colorizer"))) {
            settings = KafkaSettings.of(broker.bootstrapServers()).withPartitions(2);
            TopicCreator.createMissing(settings);
            assertShotsSpanBothPartitions(settings.partitions());
            try {
                Path written = FilmFlow.colorize(settings, IngestJob.of(input.toString()).withVideoId(VIDEO_ID),
                        output, colorizer, SmoothingSettings.DEFAULT, Duration.ofMinutes(10), FilmFlow.Listener.NONE,
                        started::push);
                assertEquals(output.toAbsolutePath().normalize(), written.toAbsolutePath().normalize());
            } finally {
                while (!started.isEmpty()) {
                    started.pop().close();
                }
            }
        }
        assertTrue(Files.isRegularFile(output));

        FilmProbe in = FilmProbe.of(input);
        FilmProbe out = FilmProbe.of(output);
        assertEquals("h264", out.videoCodec());
        assertEquals(clip.frameCount(), out.frames(), "every frame");
        assertEquals(in.frames(), out.frames());
        assertEquals(WIDTH, out.width());
        assertEquals(HEIGHT, out.height());
        assertEquals((double) FPS, (double) out.frameRateNum() / out.frameRateDen(), 1e-9, "frame rate");
        double frame = 1.0 / FPS;
        assertEquals(in.videoDurationSeconds(), out.videoDurationSeconds(), frame + 1e-6, "duration ±1 frame");
        for (int i = 0; i < out.frames(); i++) {
            assertEquals(in.framePts().get(i), out.framePts().get(i), 1000.0 * 1000 / FPS / 2, "timestamp of " + i);
        }
        assertTrue(out.hasAudio(), "sound kept");
        assertEquals(in.audioDurationSeconds(), out.audioDurationSeconds(), 1024.0 / 44100 + 1e-6,
                "sound length ±1 AAC frame");

        double[] measured = lightnessPsnrAndChroma(input, output);
        System.out.printf(Locale.ROOT, "integration film: L PSNR %.2f dB, mean chroma %.2f%n", measured[0], measured[1]);
        assertTrue(measured[0] >= 38, "luminance kept: PSNR of L " + measured[0]);
        assertTrue(measured[1] > 3, "colour: mean CIELAB chroma " + measured[1]);
    }

    /** Shots are keyed videoId/shot: with these ids and two partitions both partitions carry shots. */
    private static void assertShotsSpanBothPartitions(int partitions) {
        Set<Integer> used = new HashSet<>();
        for (int s = 0; s < SHOTS.length; s++) {
            byte[] key = FrameKeys.of(VIDEO_ID, s).getBytes(StandardCharsets.UTF_8);
            used.add(Utils.toPositive(Utils.murmur2(key)) % partitions);
        }
        assertEquals(partitions, used.size(), "shots must be interleaved over partitions");
    }

    private static BufferedImage photo(String name) throws Exception {
        return ImageIO.read(FilmPipelineIntegrationTest.class.getResource("/photos/" + name));
    }

    /** PSNR of the output's L codes against the input's, and the output's mean CIELAB chroma. */
    private static double[] lightnessPsnrAndChroma(Path input, Path output) throws Exception {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        double se = 0;
        long n = 0;
        double chroma = 0;
        long cn = 0;
        try (FFmpegFrameGrabber a = new FFmpegFrameGrabber(input.toFile());
             FFmpegFrameGrabber b = new FFmpegFrameGrabber(output.toFile())) {
            for (FFmpegFrameGrabber g : List.of(a, b)) {
                g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
                g.start();
            }
            byte[] pa = new byte[WIDTH * HEIGHT * 3];
            byte[] pb = new byte[WIDTH * HEIGHT * 3];
            while (true) {
                if (!nextImage(a, pa) | !nextImage(b, pb)) {
                    break;
                }
                for (int i = 0; i < WIDTH * HEIGHT; i++) {
                    int la = ColorSpace.lCodeOfSrgb(pa[3 * i + 2] & 0xFF, pa[3 * i + 1] & 0xFF, pa[3 * i] & 0xFF) & 0xFF;
                    int lb = ColorSpace.lCodeOfSrgb(pb[3 * i + 2] & 0xFF, pb[3 * i + 1] & 0xFF, pb[3 * i] & 0xFF) & 0xFF;
                    se += (double) (la - lb) * (la - lb);
                    n++;
                    if (i % 97 == 0) {
                        double[] lab = ColorSpace.srgbToLab(pb[3 * i + 2] & 0xFF, pb[3 * i + 1] & 0xFF, pb[3 * i] & 0xFF);
                        chroma += Math.hypot(lab[1], lab[2]);
                        cn++;
                    }
                }
            }
        }
        double mse = se / n;
        return new double[] {mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse), chroma / cn};
    }

    private static boolean nextImage(FFmpegFrameGrabber g, byte[] into) throws Exception {
        Frame f;
        while ((f = g.grabImage()) != null) {
            ByteBuffer buf = (ByteBuffer) f.image[0];
            for (int y = 0; y < f.imageHeight; y++) {
                buf.position(y * f.imageStride);
                buf.get(into, y * f.imageWidth * 3, f.imageWidth * 3);
            }
            buf.rewind();
            return true;
        }
        return false;
    }
}
