package io.colorstream.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Ctrl-C (or SIGTERM) in two steps, for commands that read an input: the first ends the input where it is and
 * lets what came before run through to a film (a camera feed is then a whole film; a file a partial one), the
 * second abandons everything (exit 130, which runs the {@link StopOnExit} hook). Without this, stopping a live
 * feed threw away everything recorded, since a live feed has no other end.
 *
 * <p>Uses {@code sun.misc.Signal} (module jdk.unsupported, exported on every JDK since 9; Kafka uses it the same
 * way): the standard library has no other way to see a signal without starting JVM shutdown.
 */
public final class GracefulStop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GracefulStop.class);
    private static final String[] SIGNALS = {"INT", "TERM"};

    private final PrintWriter err;
    private final Runnable abandon;
    private final AtomicInteger signals = new AtomicInteger();
    private final AtomicReference<Runnable> endInput = new AtomicReference<>();
    private final List<Signal> installed = new ArrayList<>();
    private final List<sun.misc.SignalHandler> previous = new ArrayList<>();

    GracefulStop(PrintWriter err, Runnable abandon) {
        this.err = err;
        this.abandon = abandon;
    }

    /** Installs the two-step handling of SIGINT and SIGTERM until {@link #close()}. */
    public static GracefulStop install(PrintWriter err) {
        GracefulStop stop = new GracefulStop(err, () -> System.exit(130));
        for (String name : SIGNALS) {
            try {
                Signal signal = new Signal(name);
                stop.previous.add(Signal.handle(signal, s -> stop.signalled()));
                stop.installed.add(signal);
            } catch (IllegalArgumentException e) {
                // not on this platform, or the JVM keeps it (-Xrs): the plain shutdown hook still stops everything
                LOG.debug("cannot handle SIG{}: {}", name, e.getMessage());
            }
        }
        return stop;
    }

    /** What the first signal does: end the input now (e.g. {@code ingest::endInput}). Without one, it abandons. */
    public void onFirstSignal(Runnable end) {
        endInput.set(end);
    }

    /** One signal arrived. */
    void signalled() {
        Runnable end = endInput.get();
        if (signals.incrementAndGet() == 1 && end != null) {
            err.println("colorstream: stopping — no more input is read, and what was read is finished into the "
                    + "film; press Ctrl-C again to abandon it");
            err.flush();
            Thread t = new Thread(end, "colorstream-end-input");
            t.setDaemon(true);
            t.start();
            return;
        }
        err.println("colorstream: abandoning");
        err.flush();
        abandon.run();
    }

    /** Signals seen so far. */
    int signals() {
        return signals.get();
    }

    @Override
    public void close() {
        for (int i = 0; i < installed.size(); i++) {
            Signal.handle(installed.get(i), previous.get(i));
        }
        installed.clear();
        previous.clear();
    }
}
