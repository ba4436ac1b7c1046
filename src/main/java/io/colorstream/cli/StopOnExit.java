package io.colorstream.cli;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops everything a command started, newest first, exactly once: when the command ends, when it fails, or when
 * the user presses Ctrl-C (a JVM shutdown hook). An embedded broker is never left running and its temporary
 * directory never left behind.
 */
public final class StopOnExit implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StopOnExit.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Thread hook;
    private boolean stopped;

    private StopOnExit(boolean onShutdown) {
        this.hook = onShutdown ? new Thread(this::stopAll, "colorstream-stop") : null;
        if (hook != null) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
    }

    /** Also stops everything if the JVM is asked to exit (Ctrl-C, SIGTERM) before {@link #close()}. */
    public static StopOnExit withShutdownHook() {
        return new StopOnExit(true);
    }

    /** Only on {@link #close()}; for tests and nested scopes. */
    public static StopOnExit withoutShutdownHook() {
        return new StopOnExit(false);
    }

    /**
     * Registers something to stop; returns it for chaining ({@code stop.add(EmbeddedKafkaBroker.start(n))}).
     * If stopping has already begun, it is closed at once and the caller is told so.
     */
    public <T extends AutoCloseable> T add(T resource) {
        synchronized (this) {
            if (!stopped) {
                started.push(resource);
                return resource;
            }
        }
        closeQuietly(resource);
        throw new IllegalStateException("colorstream is shutting down");
    }

    /** True once stopping has begun (e.g. Ctrl-C): long loops should check it and end. */
    public synchronized boolean stopping() {
        return stopped;
    }

    @Override
    public void close() {
        stopAll();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down and the hook is running or has run: nothing left to do.
            }
        }
    }

    private synchronized void stopAll() {
        stopped = true;
        while (!started.isEmpty()) {
            closeQuietly(started.pop());
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            LOG.warn("stopping {} failed: {}", resource.getClass().getSimpleName(), e.toString());
        }
    }
}
