package io.colorstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A live feed gets the live model and preset unless the user chose; a film keeps the film defaults. */
class LiveDefaultsTest {

    private final StringWriter err = new StringWriter();

    private RunCommand parsedRun(String... args) {
        CommandLine cl = Main.commandLine();
        RunCommand run = cl.getSubcommands().get("run").getCommand();
        String[] all = new String[args.length + 1];
        all[0] = "run";
        System.arraycopy(args, 0, all, 1, args.length);
        cl.parseArgs(all);
        LiveDefaults.applyToRun(run.spec, run.input, run.model, run.encoding, new PrintWriter(err, true));
        return run;
    }

    @Test
    void feedsAreTheStreamingProtocolsNotFilesOrHttp() {
        for (String feed : new String[] {"rtsp://cam.local/s", "RTMP://host/app/key", "srt://host:9000",
                "udp://239.0.0.1:1234", "rtp://h:5004", "tcp://127.0.0.1:9000?listen"}) {
            assertTrue(LiveDefaults.isFeed(feed), feed);
        }
        for (String film : new String[] {"film.mp4", "/archive/reel 1.mkv", "http://host/film.mp4",
                "https://host/film.mp4", "file:///tmp/a.mp4", "C:\\films\\a.mp4"}) {
            assertFalse(LiveDefaults.isFeed(film), film);
        }
    }

    @Test
    void aFeedGetsTheLiveModelAndPresetAndIsToldSo() {
        RunCommand run = parsedRun("rtsp://127.0.0.1:8554/cam", "-o", "cam.mp4", "--live-out", "live");
        assertEquals(Path.of(ModelOption.LIVE).getFileName(), run.model.modelDir().getFileName());
        assertEquals(LiveDefaults.PRESET, run.encoding.preset);
        assertTrue(err.toString().contains("a live feed: the live model (models/colorizer-live) and x264 preset "
                + "ultrafast"), err.toString());
    }

    @Test
    void whatTheUserChoseStands() {
        RunCommand run = parsedRun("rtsp://127.0.0.1:8554/cam", "-o", "cam.mp4", "--model", "models/colorizer",
                "--x264-preset", "medium");
        assertEquals(Path.of("models/colorizer").getFileName(), run.model.modelDir().getFileName());
        assertEquals("medium", run.encoding.preset);
        assertEquals("", err.toString(), "nothing taken, nothing said");

        RunCommand presetOnly = parsedRun("srt://host:9000", "-o", "cam.mp4", "--x264-preset", "veryfast");
        assertEquals("veryfast", presetOnly.encoding.preset);
        assertEquals(Path.of(ModelOption.LIVE).getFileName(), presetOnly.model.modelDir().getFileName());
    }

    @Test
    void aFilmKeepsTheFilmDefaultsEvenWithLiveOut() {
        RunCommand run = parsedRun("reel.mp4", "-o", "reel-colour.mp4", "--live-out", "live");
        assertNull(run.model.model);
        assertEquals("medium", run.encoding.preset);
        assertEquals("", err.toString());
    }

    @Test
    void theEncodeRolePublishingLiveTakesTheLivePresetUnlessGiven() {
        CommandLine cl = Main.commandLine();
        EncodeCommand encode = cl.getSubcommands().get("encode").getCommand();
        cl.parseArgs("encode", "-o", "films", "--live-out", "live");
        LiveDefaults.applyToEncode(encode.spec, true, encode.encoding, new PrintWriter(err, true));
        assertEquals(LiveDefaults.PRESET, encode.encoding.preset);

        CommandLine chosen = Main.commandLine();
        EncodeCommand e2 = chosen.getSubcommands().get("encode").getCommand();
        chosen.parseArgs("encode", "-o", "films", "--live-out", "live", "--x264-preset", "fast");
        LiveDefaults.applyToEncode(e2.spec, true, e2.encoding, new PrintWriter(new StringWriter(), true));
        assertEquals("fast", e2.encoding.preset);
    }
}
