package io.colorstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void lineSaysDoneTotalRateAndTimeLeft() {
        // 120 frames in 5 s = 24 fps; 240 left at 24 fps = 10 s.
        assertEquals("colorized 120/360 frames, 24.0 fps, 10 s left",
                Progress.line("colorized", "frames", 120, 360, 5.0));
        assertEquals("colorized 120 frames, 24.0 fps", Progress.line("colorized", "frames", 120, -1, 5.0));
        assertEquals("colorized 0/360 frames", Progress.line("colorized", "frames", 0, 360, 0.0));
        assertEquals("trained 50/1000 steps, 0.5 steps/s, 31 min 40 s left",
                Progress.line("trained", "steps", 50, 1000, 100.0));
        assertEquals("2 h 0 min", Progress.duration(7200));
    }

    @Test
    void plainLinesComeEveryIntervalAndOnceAtTheEnd() {
        AtomicLong now = new AtomicLong(0);
        List<String> out = new ArrayList<>();
        long interval = TimeUnit.SECONDS.toNanos(5);
        try (Progress p = Progress.lines("colorized", "frames", 100, out::add, now::get, interval)) {
            for (int frame = 1; frame <= 100; frame++) {
                now.addAndGet(TimeUnit.MILLISECONDS.toNanos(100)); // 10 fps
                p.stepTo(frame);
            }
            p.stepTo(50); // going backwards is ignored
        }
        // 10 s of work: a line at 5 s and at 10 s, then the summary.
        assertEquals(List.of(
                "colorized 50/100 frames, 10.0 fps, 5 s left",
                "colorized 100/100 frames, 10.0 fps, 0 s left",
                "colorized 100/100 frames in 10 s, 10.0 fps"), out);
    }
}
