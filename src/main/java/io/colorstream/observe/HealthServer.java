package io.colorstream.observe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The role's small HTTP endpoint (the JDK's server, no framework): {@code /metrics} in Prometheus' text format,
 * {@code /health} (200 while the role's loop is alive, else 503: a liveness probe restarts it) and {@code /ready}
 * (200 once the role can work: model loaded and Kafka Streams running, encoder subscribed; else 503).
 */
public final class HealthServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthServer.class);

    private final HttpServer server;

    private HealthServer(HttpServer server) {
        this.server = server;
    }

    /** Serves on {@code port} of every interface (a probe comes from outside the pod); port 0 picks a free one. */
    public static HealthServer start(int port, BooleanSupplier live, BooleanSupplier ready) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(port), 0);
        s.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "colorstream-metrics");
            t.setDaemon(true);
            return t;
        }));
        s.createContext("/metrics", ex -> reply(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                Telemetry.prometheus().scrape()));
        s.createContext("/health", ex -> status(ex, live.getAsBoolean(), "alive", "the role's loop has stopped"));
        s.createContext("/ready", ex -> status(ex, ready.getAsBoolean(), "ready", "not ready"));
        Telemetry.prometheus();
        s.start();
        LOG.info("metrics and health on port {} (/metrics, /health, /ready)", s.getAddress().getPort());
        return new HealthServer(s);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void status(HttpExchange ex, boolean ok, String yes, String no) throws IOException {
        reply(ex, ok ? 200 : 503, "text/plain; charset=utf-8", (ok ? yes : no) + "\n");
    }

    private static void reply(HttpExchange ex, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
