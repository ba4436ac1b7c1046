package io.colorstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.colorstream.encode.SoundMasters;
import io.colorstream.testing.FilmProbe;
import io.colorstream.testing.TinySavedModel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} on a master with two sound tracks (English dialogue in AAC, music and effects in AC-3): the colour
 * film has both, in order, with their language and title, every packet the master's own.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RunKeepsSoundTracksTest {
    @TempDir
    Path dir;

    @Test
    void everySoundTrackComesThroughRunUntouched() throws Exception {
        FilmProbe.quietFfmpeg();
        Path master = SoundMasters.twoTracks(dir, 25);
        Path model = TinySavedModel.write(dir.resolve("model"), 32, 32);
        Path out = dir.resolve("colour.mp4");
        CommandLineTest.Outcome o = CommandLineTest.run("run", master.toString(), "-o", out.toString(), "--model",
                model.toString(), "--x264-preset", "ultrafast");
        assertEquals(0, o.code(), o.err());
        List<SoundMasters.Track> in = SoundMasters.audioTracks(master);
        List<SoundMasters.Track> got = SoundMasters.audioTracks(out);
        assertEquals(2, got.size(), "both sound tracks");
        for (int i = 0; i < 2; i++) {
            assertEquals(in.get(i).language(), got.get(i).language());
            assertEquals(in.get(i).title(), got.get(i).title());
            assertEquals(in.get(i).packets(), got.get(i).packets(), "track " + i + ", packet for packet");
        }
        assertEquals(25, FilmProbe.of(out).frames());
    }
}
