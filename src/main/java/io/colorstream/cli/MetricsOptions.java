package io.colorstream.cli;

import io.colorstream.observe.HealthServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Option;

/** {@code --metrics-port}: Prometheus metrics and health probes of the role, off unless asked for. */
public final class MetricsOptions {

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "0",
            description = "Serve /metrics (Prometheus), /health (the role's loop is alive) and /ready (it can work) "
                    + "on this port of every interface; 0 = off (default; the container images turn it on).")
    int port;

    /** Starts the server when a port was given; null otherwise. */
    HealthServer start(StopOnExit stop, BooleanSupplier live, BooleanSupplier ready) {
        if (port <= 0) {
            return null;
        }
        try {
            return stop.add(HealthServer.start(port, live, ready));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on port " + port + ": " + e.getMessage(), e);
        }
    }
}
