package io.colorstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.encode.FilmEncoder;
import io.colorstream.encode.FilmFormat;
import io.colorstream.wire.AudioChunk;
import io.colorstream.testing.FilmProbe;
import io.colorstream.testing.SyntheticFilm;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a run starts when an earlier one left pieces of its output (no broker needed: the encoder alone). */
class RunResumeTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void quiet() {
        FilmProbe.quietFfmpeg();
    }

    @Test
    void aLiveFeedsKeptFramesBecomeAPartialFilmAndTheRunStartsAfresh() throws Exception {
        Path out = dir.resolve("cam.mp4");
        leaveUnfinished(out, 23); // 2 pieces of 10 closed, 3 frames in the open one
        StringWriter err = new StringWriter();
        RunResume.Fingerprint feed = RunResume.Fingerprint.of("rtsp://cam.example/1", dir, "c", "e");

        assertEquals(0, RunResume.startFrame(out, feed, false, new PrintWriter(err)));
        Path partial = dir.resolve("cam.partial.mp4");
        assertTrue(err.toString().contains("20 frames") && err.toString().contains(partial.toString()), err.toString());
        FilmProbe p = FilmProbe.of(partial);
        assertEquals(20, p.frames());
        assertEquals(2.0, p.audioDurationSeconds(), 0.03, "the sound of the kept frames");
        assertEquals(0, FilmEncoder.framesKept(out));

        leaveUnfinished(out, 12); // cut short again: the first partial film stays, the next gets its own name
        assertEquals(0, RunResume.startFrame(out, feed, false, new PrintWriter(new StringWriter())));
        assertEquals(20, FilmProbe.of(partial).frames());
        assertEquals(10, FilmProbe.of(dir.resolve("cam.partial-2.mp4")).frames());
    }

    @Test
    void aFileThatChangedSinceIsNotContinuedAndNothingIsDiscarded() throws Exception {
        Path input = Files.writeString(dir.resolve("reel.mp4"), "a film");
        Path out = dir.resolve("reel-color.mp4");
        RunResume.Fingerprint before = RunResume.Fingerprint.of(input.toString(), dir, "c", "e");
        assertEquals(0, RunResume.startFrame(out, before, false, new PrintWriter(new StringWriter())));
        leaveUnfinished(out, 15);
        assertEquals(10, RunResume.startFrame(out, before, false, new PrintWriter(new StringWriter())),
                "the same film continues");

        Files.writeString(input, "another cut of the film");
        RunResume.Fingerprint now = RunResume.Fingerprint.of(input.toString(), dir, "c", "e");
        SettingsException e = assertThrows(SettingsException.class,
                () -> RunResume.startFrame(out, now, false, new PrintWriter(new StringWriter())));
        assertTrue(e.getMessage().contains("the input file changed") && e.getMessage().contains("--restart"),
                e.getMessage());
        assertEquals(10, FilmEncoder.framesKept(out));
        assertEquals(0, RunResume.startFrame(out, now, true, new PrintWriter(new StringWriter())), "--restart");
        assertEquals(0, FilmEncoder.framesKept(out));
    }

    /** What a run that stopped after {@code frames} frames leaves: a resumable encoder closed without finishing. */
    @Test
    void aFeedsPasswordNeverReachesTheRunRecord() throws Exception {
        RunResume.Fingerprint feed = RunResume.Fingerprint.of("rtsp://op:hunter2@cam.example/1", dir, "c", "e");
        assertEquals("rtsp://op:***@cam.example/1", feed.input());
        RunResume.Fingerprint other = RunResume.Fingerprint.of("rtsp://op:changed@cam.example/1", dir, "c", "e");
        assertTrue(feed.differences(other).isEmpty(), "a new password is the same feed");
    }

    private static void leaveUnfinished(Path out, int frames) throws IOException {
        FilmFormat format = new FilmFormat(64, 48, 10, 1, 8_000, 1);
        List<AudioChunk> sound = SyntheticFilm.tone("v", 8_000, 1, frames / 10.0, 800);
        try (FilmEncoder enc = new FilmEncoder(out, format,
                FilmEncoder.Settings.defaults().withPreset("veryfast").withPieceSeconds(1.0), true)) {
            for (int n = 0; n < frames; n++) {
                enc.recordFrame(SyntheticFilm.bgrFrame(64, 48, n), n * 100_000L);
                for (AudioChunk c : sound) {
                    if (c.ptsMicros() >= enc.audioWrittenMicros() && c.ptsMicros() <= n * 100_000L) {
                        enc.recordAudio(c);
                    }
                }
            }
        }
    }
}
