package io.colorstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GracefulStopTest {

    @Test
    void firstSignalEndsTheInputAndTheSecondAbandons() throws Exception {
        StringWriter err = new StringWriter();
        AtomicInteger abandoned = new AtomicInteger();
        CountDownLatch ended = new CountDownLatch(1);
        GracefulStop stop = new GracefulStop(new PrintWriter(err), abandoned::incrementAndGet);
        stop.onFirstSignal(ended::countDown);

        stop.signalled();
        assertTrue(ended.await(10, TimeUnit.SECONDS), "the input was ended");
        assertEquals(0, abandoned.get(), "nothing abandoned on the first signal");
        assertTrue(err.toString().contains("Ctrl-C again"), err.toString());

        stop.signalled();
        assertEquals(1, abandoned.get(), "the second signal abandons");
        assertEquals(2, stop.signals());
    }

    @Test
    void withNothingToEndTheFirstSignalAbandons() {
        AtomicInteger abandoned = new AtomicInteger();
        GracefulStop stop = new GracefulStop(new PrintWriter(new StringWriter()), abandoned::incrementAndGet);
        stop.signalled();
        assertEquals(1, abandoned.get());
    }

    @Test
    void installsAndRestoresTheHandlers() {
        try (GracefulStop stop = GracefulStop.install(new PrintWriter(new StringWriter()))) {
            stop.onFirstSignal(() -> { });
        }
        // installing again after close works (the previous handlers were put back, not lost)
        GracefulStop.install(new PrintWriter(new StringWriter())).close();
    }
}
