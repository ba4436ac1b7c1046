package io.colorstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.encode.FilmEncoder;
import io.colorstream.model.Colorizer;
import io.colorstream.testing.ClipGenerator;
import io.colorstream.testing.ConstantChromaColorizer;
import io.colorstream.testing.FilmProbe;
import io.colorstream.testing.FrameColours;
import io.colorstream.testing.TinySavedModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code run} stopped part-way (here: its model fails from frame 70 of 100 on) keeps the pieces of its film, and
 * the same command again continues after them, on the embedded broker, with real films in and out: the film
 * written is whole, on time, with its sound, and its first frames are the first run's colour.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class RunResumeIntegrationTest {
    private static final int FRAMES = 100;

    @TempDir
    Path dir;

    @BeforeAll
    static void quiet() {
        FilmProbe.quietFfmpeg();
    }

    @Test
    void aRunThatFailedIsContinuedFromItsLastPieceNotStartedOver() throws Exception {
        Path film = ClipGenerator.gray(160, 96, 25, 50, 50).withAudio(44100, 2).writeTo(dir.resolve("reel.mp4"));
        Path out = dir.resolve("reel-color.mp4");

        // Run 1: red, and the model fails at frame 70.
        StringWriter err1 = new StringWriter();
        int code = run(film, out, new FailingAfter(new ConstantChromaColorizer(32, 32, 40, 0), 70), err1);
        assertEquals(1, code, err1.toString());
        assertFalse(Files.exists(out));
        long kept = FilmEncoder.framesKept(out);
        // The failing frames are dead letters: the film ends as partial, and every frame encoded before them is
        // kept (the open piece is closed, not dropped), so the kept frames need not be whole 10-frame pieces.
        // The encoder reads behind colorize, so the failure's dead letter overtakes frames coloured before it; they
        // are kept all the same: exactly the frames before the first one the model failed on, which the message
        // names (which frame that is depends on how colorize interleaved the film's shots).
        java.util.regex.Matcher bad = java.util.regex.Pattern.compile("frame (\\d+) of ").matcher(err1.toString());
        assertTrue(bad.find(), "the failure names the frame: " + err1);
        assertEquals(Long.parseLong(bad.group(1)), kept, "every frame before the first bad one is kept: " + err1);
        assertTrue(kept >= 10 && kept <= 70, "the frames before the failure are kept: " + kept);
        assertTrue(err1.toString().contains("dead-letter"), "the failure says where the bad frames went: " + err1);

        // Another colour setting is not joined to it: refused, nothing discarded.
        StringWriter err2 = new StringWriter();
        assertEquals(2, run(film, out, new ConstantChromaColorizer(32, 32, 0, -40), err2, "--saturation", "0.5"),
                err2.toString());
        assertTrue(err2.toString().contains("colour settings") && err2.toString().contains("--restart"), err2.toString());
        assertEquals(kept, FilmEncoder.framesKept(out));

        // Run 2, the same command: blue from where run 1's pieces end.
        StringWriter err3 = new StringWriter();
        ConstantChromaColorizer blue = new ConstantChromaColorizer(32, 32, 0, -40);
        assertEquals(0, run(film, out, blue, err3), err3.toString());
        assertTrue(err3.toString().contains("starting at frame " + kept), err3.toString());
        assertEquals(FRAMES - kept, blue.calls(), "only the rest of the film was colorized again");
        assertFalse(Files.exists(FilmEncoder.workDir(out)), "the kept pieces go once the film is written");

        FilmProbe p = FilmProbe.of(out);
        assertEquals(FRAMES, p.frames());
        for (int n = 0; n < FRAMES; n++) {
            assertEquals(n * 40_000L, p.framePts().get(n), 1, "frame " + n + " keeps its time");
        }
        assertEquals(4.0, p.audioDurationSeconds(), 0.05);
        List<double[]> colours = FrameColours.of(out).meanBgr();
        for (int n = 0; n < FRAMES; n++) {
            double[] c = colours.get(n); // B, G, R
            boolean red = c[2] > c[0] + 10;
            boolean blueish = c[0] > c[2] + 10;
            assertTrue(n < kept ? red : blueish, "frame " + n + " (kept " + kept + "): BGR " + c[0] + " " + c[1] + " "
                    + c[2]);
        }
    }

    @Test
    void aRunKilledMidFilmIsContinuedByTheSameCommand() throws Exception {
        Path film = ClipGenerator.gray(160, 96, 25, 100, 100).withAudio(44100, 2).writeTo(dir.resolve("long.mp4"));
        Path model = TinySavedModel.write(dir.resolve("model"), 64, 64);
        Path out = dir.resolve("long-color.mp4");
        List<String> args = List.of("run", film.toString(), "-o", out.toString(), "--model", model.toString(),
                "--x264-preset", "veryfast", "--piece-seconds", "0.4");

        // A real process, killed without warning (SIGKILL) once it has closed a few pieces.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx2g", "-cp", System.getProperty("java.class.path")));
        if (System.getProperty("javacpp.platform") != null) {
            command.add("-Djavacpp.platform=" + System.getProperty("javacpp.platform"));
        }
        command.add(Main.class.getName());
        command.addAll(args);
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (FilmEncoder.framesKept(out) < 30 && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(child.isAlive(), "the run must still be going: " + Files.readString(dir.resolve("child.log")));
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close
            child.waitFor(30, TimeUnit.SECONDS);
        }
        long kept = FilmEncoder.framesKept(out);
        assertTrue(kept >= 30 && kept < 200, "kept " + kept);
        assertFalse(Files.exists(out));

        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        RunCommand run = cl.getSubcommands().get("run").getCommand();
        run.kafka.environment = Map.of();
        assertEquals(0, cl.execute(args.toArray(String[]::new)), err.toString());
        assertTrue(err.toString().contains("starting at frame " + kept), err.toString());
        FilmProbe p = FilmProbe.of(out);
        assertEquals(200, p.frames());
        for (int n = 0; n < 200; n++) {
            assertEquals(n * 40_000L, p.framePts().get(n), 1, "frame " + n + " keeps its time");
        }
        assertEquals(8.0, p.audioDurationSeconds(), 0.05);
    }

    @Test
    void restartDiscardsWhatWasKept() throws Exception {
        Path film = ClipGenerator.gray(160, 96, 25, 50).withAudio(44100, 1).writeTo(dir.resolve("short.mp4"));
        Path out = dir.resolve("short-color.mp4");
        StringWriter err1 = new StringWriter();
        assertEquals(1, run(film, out, new FailingAfter(new ConstantChromaColorizer(32, 32, 40, 0), 40), err1),
                err1.toString());
        assertTrue(FilmEncoder.framesKept(out) > 0);
        StringWriter err2 = new StringWriter();
        ConstantChromaColorizer blue = new ConstantChromaColorizer(32, 32, 0, -40);
        // --restart also lets a run with other settings start: here saturation 0, which run must honour.
        assertEquals(0, run(film, out, blue, err2, "--restart", "--saturation", "0"), err2.toString());
        assertEquals(50, blue.calls(), "every frame colorized again");
        assertEquals(50, FilmProbe.of(out).frames());
        for (double[] c : FrameColours.of(out).meanBgr()) {
            assertTrue(Math.abs(c[0] - c[2]) <= 3, "saturation 0 gives gray, not BGR " + c[0] + " " + c[1] + " " + c[2]);
        }
    }

    private int run(Path film, Path out, Colorizer colorizer, StringWriter err, String... extra) {
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        RunCommand run = cl.getSubcommands().get("run").getCommand();
        run.kafka.environment = Map.of();
        run.model.loader = d -> colorizer;
        List<String> args = new ArrayList<>(List.of("run", film.toString(), "-o", out.toString(), "--x264-preset",
                "veryfast", "--timeout", "PT1M", "--piece-seconds", "0.4")); // 10 frames a piece
        args.addAll(List.of(extra));
        return cl.execute(args.toArray(String[]::new));
    }

    /** A colorizer whose model fails from the given frame on. */
    private static final class FailingAfter implements Colorizer {
        private final Colorizer inner;
        private final int frames;
        private int calls;

        FailingAfter(Colorizer inner, int frames) {
            this.inner = inner;
            this.frames = frames;
        }

        @Override
        public int width() {
            return inner.width();
        }

        @Override
        public int height() {
            return inner.height();
        }

        @Override
        public float[] colorize(byte[] luma, int lumaWidth, int lumaHeight) {
            if (++calls > frames) {
                throw new IllegalStateException("the model failed at frame " + calls);
            }
            return inner.colorize(luma, lumaWidth, lumaHeight);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
