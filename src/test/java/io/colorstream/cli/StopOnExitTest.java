package io.colorstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StopOnExitTest {

    @Test
    void stopsNewestFirstExactlyOnceEvenIfOneFails() {
        List<String> stopped = new ArrayList<>();
        StopOnExit stop = StopOnExit.withoutShutdownHook();
        stop.add(() -> stopped.add("broker"));
        stop.add(() -> {
            stopped.add("ingest");
            throw new IllegalStateException("ingest was already broken");
        });
        stop.add(() -> stopped.add("encode"));
        stop.close();
        stop.close();
        assertEquals(List.of("encode", "ingest", "broker"), stopped);
        assertTrue(stop.stopping());
    }

    @Test
    void somethingStartedWhileStoppingIsStoppedAtOnce() {
        List<String> stopped = new ArrayList<>();
        StopOnExit stop = StopOnExit.withoutShutdownHook();
        stop.close();
        assertThrows(IllegalStateException.class, () -> stop.add(() -> stopped.add("late broker")));
        assertEquals(List.of("late broker"), stopped);
    }

    @Test
    void theShutdownHookIsRemovedOnClose() {
        StopOnExit stop = StopOnExit.withShutdownHook();
        stop.close();
        stop.close(); // removing twice must not throw either
    }
}
