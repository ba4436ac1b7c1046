package io.colorstream.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.wire.ShotEnd;
import io.colorstream.wire.VideoFacts;
import io.colorstream.testing.SyntheticFilm;
import org.junit.jupiter.api.Test;

class VideoCompletionTest {
    private static final VideoFacts FACTS = SyntheticFilm.facts("v", 64, 48, 24, 1, 48_000, 2);
    private static final VideoFacts.Totals TOTALS = new VideoFacts.Totals(5, new long[] {2, 3}, 4);

    /** Everything but the totals: both shots' frames and ends, all audio. */
    private static VideoCompletion everythingButTotals() {
        VideoCompletion c = new VideoCompletion("v");
        c.facts(FACTS);
        c.frameArrived(0);
        c.frameArrived(1);
        c.frameArrived(0);
        c.frameArrived(1);
        c.frameArrived(1);
        c.shotEnded(new ShotEnd("v", 0, 2));
        c.shotEnded(new ShotEnd("v", 1, 3));
        c.audioChunksReceived(4);
        return c;
    }

    @Test
    void completeOnlyOnceTotalsSayEverythingIsIn() {
        VideoCompletion c = everythingButTotals();
        assertFalse(c.isComplete(), "without totals nothing is complete, however quiet it gets");
        assertTrue(c.missing().contains("totals"));
        c.facts(FACTS.withTotals(TOTALS));
        assertTrue(c.isComplete());
        assertNull(c.problem());
        assertEquals("nothing", c.missing());
    }

    @Test
    void waitsForEveryShotEnd() {
        VideoCompletion c = new VideoCompletion("v");
        c.facts(FACTS.withTotals(TOTALS));
        for (int i = 0; i < 2; i++) {
            c.frameArrived(0);
        }
        for (int i = 0; i < 3; i++) {
            c.frameArrived(1);
        }
        c.audioChunksReceived(4);
        c.shotEnded(new ShotEnd("v", 0, 2));
        assertFalse(c.isComplete(), "shot 1 has not ended");
        assertTrue(c.missing().contains("[1]"), c.missing());
        c.shotEnded(new ShotEnd("v", 1, 3));
        c.shotEnded(new ShotEnd("v", 1, 3)); // redelivered: fine
        assertTrue(c.isComplete());
    }

    @Test
    void waitsForTheFramesOfAnEndedShot() {
        VideoCompletion c = new VideoCompletion("v");
        c.facts(FACTS.withTotals(TOTALS));
        c.shotEnded(new ShotEnd("v", 0, 2));
        c.shotEnded(new ShotEnd("v", 1, 3));
        c.audioChunksReceived(4);
        c.frameArrived(0);
        c.frameArrived(0);
        c.frameArrived(1);
        c.frameArrived(1);
        assertFalse(c.isComplete(), "one frame of shot 1 is missing");
        c.frameArrived(1);
        assertTrue(c.isComplete());
    }

    @Test
    void waitsForAllAudio() {
        VideoCompletion c = everythingButTotals();
        c.audioChunksReceived(3);
        c.facts(FACTS.withTotals(TOTALS));
        assertFalse(c.isComplete());
        assertTrue(c.missing().contains("1 audio chunks"), c.missing());
        c.audioChunksReceived(4);
        assertTrue(c.isComplete());
    }

    @Test
    void contradictionsAreProblemsNotWaits() {
        VideoCompletion tooMany = everythingButTotals();
        tooMany.frameArrived(0);
        assertNotNull(tooMany.problem(), "three frames in a shot that ended with two");
        tooMany.facts(FACTS.withTotals(TOTALS));
        assertFalse(tooMany.isComplete());

        VideoCompletion disagree = new VideoCompletion("v");
        disagree.shotEnded(new ShotEnd("v", 1, 4));
        disagree.facts(FACTS.withTotals(TOTALS));
        assertNotNull(disagree.problem());
        assertTrue(disagree.problem().contains("shot 1"), disagree.problem());

        VideoCompletion badTotals = new VideoCompletion("v");
        badTotals.facts(FACTS.withTotals(new VideoFacts.Totals(6, new long[] {2, 3}, 0)));
        assertNotNull(badTotals.problem());

        VideoCompletion extraShot = new VideoCompletion("v");
        extraShot.facts(FACTS.withTotals(TOTALS));
        extraShot.frameArrived(2);
        assertNotNull(extraShot.problem());
    }

    @Test
    void aVideoWithoutSoundNeedsNoAudio() {
        VideoCompletion c = new VideoCompletion("v");
        c.facts(FACTS.withTotals(new VideoFacts.Totals(1, new long[] {1}, 0)));
        c.frameArrived(0);
        c.shotEnded(new ShotEnd("v", 0, 1));
        assertTrue(c.isComplete());
    }
}
