package io.colorstream.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.testing.JitteryColorizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** One real DAVIS clip from ../shared (skipped when absent), scored with a stand-in model. */
class VideoEvaluationSharedTest {
    private static final Path CLIP = Path.of("../shared/data/eval/video/davis/blackswan.mp4");

    @Test
    void scoresTheFirstFramesOfADavisClip() throws IOException {
        Assumptions.assumeTrue(Files.isRegularFile(CLIP), "no DAVIS clip at " + CLIP.toAbsolutePath());
        ClipScores s = new VideoEvaluation(new JitteryColorizer(64, 64, 8f)).scoreFile(CLIP, 12);
        assertEquals(12, s.frames());
        assertTrue(s.width() >= 320 && s.height() >= 240, s.width() + "x" + s.height());
        assertTrue(s.truth().colourfulness() > 10, "DAVIS is in colour: " + s.truth());
        assertTrue(s.truth().flicker() > 0, s.toString());
        assertTrue(s.gray().psnr() > 10 && s.gray().psnr() < 40, s.gray().toString());
        assertTrue(s.smoothingOn().flicker() < s.smoothingOff().flicker(), s.toString());
    }
}
