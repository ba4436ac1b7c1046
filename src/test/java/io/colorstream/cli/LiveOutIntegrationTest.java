package io.colorstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.testing.ClipGenerator;
import io.colorstream.testing.FilmProbe;
import io.colorstream.bench.LiveSource;
import io.colorstream.testing.FrameColours;
import io.colorstream.testing.TinySavedModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code run URL --live-out DIR} on a live feed served on the loopback in real time, through the embedded broker
 * and a real SavedModel: segments and a playlist appear while the feed is still sending; they decode to colour
 * frames, in order, as many as were sent, with the feed's sound; and the recording at the end holds every frame
 * that was sent.
 */
class LiveOutIntegrationTest {
    private static final Pattern SEGMENT = Pattern.compile("^(feed-color-\\d+\\.ts)$", Pattern.MULTILINE);

    @TempDir
    Path dir;

    @Test
    void aLiveFeedIsWatchableWhileItRunsAndRecordedWhole() throws Exception {
        ClipGenerator.Clip clip = ClipGenerator.gray(160, 96, 10, 60, 60).withAudio(44_100, 2); // 12 s, 10 fps
        Path ts = clip.writeTo(dir.resolve("camera.ts")); // served packet by packet, in real time
        Path model = TinySavedModel.write(dir.resolve("model"), 32, 32); // chroma b* = +12.8: a yellow cast
        Path out = dir.resolve("feed-color.mp4");
        Path live = dir.resolve("live");
        Path playlist = live.resolve("feed-color.m3u8");
        try (LiveSource feed = new LiveSource(ts, clip.frameCount())) {
            StringWriter err = new StringWriter();
            CommandLine cl = Main.commandLine();
            cl.setErr(new PrintWriter(err));
            cl.setOut(new PrintWriter(new StringWriter()));
            RunCommand run = cl.getSubcommands().get("run").getCommand();
            run.kafka.environment = Map.of();
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute("run", feed.url(),
                    "-o", out.toString(), "--model", model.toString(), "--live-out", live.toString(),
                    "--live-window", "0", "--live-segment-seconds", "1", "--x264-preset", "veryfast",
                    "--timeout", "PT2M"));

            // While the feed is still sending, the playlist lists segments a player can fetch.
            int segmentsWhileSending = 0;
            StringBuilder timeline = new StringBuilder();
            int lastCount = -1;
            while (!exit.isDone()) {
                int count = Files.exists(playlist) ? segments(Files.readString(playlist)).size() : 0;
                if (!feed.finished()) {
                    segmentsWhileSending = Math.max(segmentsWhileSending, count);
                }
                if (count != lastCount) {
                    timeline.append(String.format("%d segments with %d frames sent%s; ", count, feed.framesSent(),
                            feed.finished() ? " (feed ended)" : ""));
                    lastCount = count;
                }
                Thread.sleep(50);
            }
            assertTrue(segmentsWhileSending >= 1, "segments published while the feed ran: " + segmentsWhileSending
                    + "; " + timeline + err);
            assertEquals(0, exit.get(3, TimeUnit.MINUTES), err.toString());
            assertTrue(feed.finished() && feed.failure() == null, "the feed was sent whole: " + feed.failure());
            int sent = feed.framesSent();
            assertEquals(clip.frameCount(), sent);

            String text = Files.readString(playlist);
            assertTrue(text.endsWith("#EXT-X-ENDLIST\n"), text);
            List<String> listed = segments(text);
            assertTrue(listed.size() >= 10, "1 s segments of a 12 s feed: " + text);
            assertFalse(text.contains("#EXT-X-ENDLIST") && segmentsWhileSending >= listed.size(),
                    "not everything was published at the end");

            // The segments, in playlist order: every frame sent, in order, in colour (the model's yellow cast).
            FrameColours decoded = FrameColours.ofAll(listed.stream().map(live::resolve).toList());
            List<Long> times = decoded.timesMicros();
            List<double[]> colours = decoded.meanBgr();
            assertEquals(sent, times.size(), "every frame sent is in the live segments");
            for (int i = 1; i < times.size(); i++) {
                assertEquals(100_000, times.get(i) - times.get(i - 1), 2_000, "frame " + i + " follows in order: " + times.subList(0, Math.min(35, times.size())));
            }
            for (double[] bgr : colours) {
                assertTrue((bgr[1] + bgr[2]) / 2 - bgr[0] > 5, "colour, not gray: B G R " + bgr[0] + " " + bgr[1]
                        + " " + bgr[2]);
            }

            // Played through the playlist, the sound goes with the picture from start to end.
            FilmProbe played = FilmProbe.of(playlist);
            assertTrue(played.hasAudio(), "the live stream has sound");
            double seconds = played.decodedAudioSamples() / (double) played.audioSampleRate();
            assertEquals(sent / 10.0, seconds, 0.15, "the live stream's sound lasts as long as its picture");

            // And the recording holds every frame that was sent, and the sound.
            FilmProbe recording = FilmProbe.of(out);
            assertEquals(sent, recording.frames());
            assertTrue(recording.hasAudio());
        }
    }

    private static List<String> segments(String playlist) {
        List<String> s = new ArrayList<>();
        Matcher m = SEGMENT.matcher(playlist);
        while (m.find()) {
            s.add(m.group(1));
        }
        return s;
    }
}
