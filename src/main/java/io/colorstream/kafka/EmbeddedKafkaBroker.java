package io.colorstream.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.InvocationTargetException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaRaftServer;
import kafka.server.Server;
import kafka.tools.StorageTool;
import org.apache.commons.io.file.PathUtils;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) inside this JVM, for {@code run}
 * without {@code --bootstrap-servers} and for integration tests. It listens on loopback only, on free ports,
 * and keeps its log in a temporary directory that {@link #close()} deletes.
 *
 * <p>Storage is formatted by {@link StorageTool} itself (what {@code kafka-storage.sh format} runs), then
 * {@link KafkaRaftServer} starts; a static one-voter quorum keeps start-up to a few seconds. Only classes of
 * the {@code kafka_2.13} jar are used: its other modules are runtime dependencies, not part of our compile
 * classpath.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int NODE_ID = 1;
    private static final String HOST = "127.0.0.1";
    private static final String CONTROLLER = "CONTROLLER";
    /** Free ports are picked before Kafka binds them; another process may win the race, so retry a few times. */
    private static final int START_ATTEMPTS = 3;

    private final Path logDir;
    private final String bootstrapServers;
    private final Server server;
    private boolean stopped;

    private EmbeddedKafkaBroker(Path logDir, String bootstrapServers, Server server) {
        this.logDir = logDir;
        this.bootstrapServers = bootstrapServers;
        this.server = server;
    }

    /**
     * Starts a broker that accepts records up to {@code maxRecordBytes} (the same bound as
     * {@link KafkaSettings#maxRecordBytes()}), plus framing.
     *
     * @throws IllegalStateException if the broker cannot start; nothing is left behind
     */
    public static EmbeddedKafkaBroker start(int maxRecordBytes) {
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException("max record size must be positive, got " + maxRecordBytes);
        }
        RuntimeException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                return startOnce(maxRecordBytes);
            } catch (RuntimeException e) {
                last = e;
                if (!causedByBind(e)) {
                    break;
                }
                LOG.debug("embedded Kafka lost a port race (attempt {}), retrying", attempt);
            }
        }
        throw new IllegalStateException("could not start the embedded Kafka broker: " + last.getMessage(), last);
    }

    private static EmbeddedKafkaBroker startOnce(int maxRecordBytes) {
        Path dir = createTempDir();
        Server server = null;
        try {
            int brokerPort = freePort();
            int controllerPort = freePort();
            Properties props = new Properties();
            props.putAll(brokerProperties(dir, brokerPort, controllerPort, maxRecordBytes));
            format(dir, props);
            long t0 = System.nanoTime();
            server = newRaftServer(props);
            server.startup();
            String bootstrap = HOST + ":" + brokerPort;
            LOG.info("embedded Kafka broker started at {} in {} ms", bootstrap, (System.nanoTime() - t0) / 1_000_000);
            return new EmbeddedKafkaBroker(dir, bootstrap, server);
        } catch (RuntimeException e) {
            if (server != null) {
                shutdownQuietly(server);
            }
            deleteRecursively(dir);
            throw e;
        }
    }

    /** 64 MiB: a few dozen HD frames; Kafka's default is 1 GiB. */
    static final long SEGMENT_BYTES = 64L * 1024 * 1024;

    static Map<String, String> brokerProperties(Path dir, int brokerPort, int controllerPort, int maxRecordBytes) {
        // Same margin KafkaSettings adds for producer request framing, and then some: the broker must never be
        // the narrowest point.
        long limit = (long) maxRecordBytes + 1024 * 1024;
        if (limit > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("max record size too large for Kafka: " + maxRecordBytes);
        }
        Map<String, String> p = new HashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("controller.listener.names", CONTROLLER);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + "," + CONTROLLER + "://" + HOST + ":"
                + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
        p.put("log.dirs", dir.resolve("data").toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("min.insync.replicas", "1");
        p.put("default.replication.factor", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("message.max.bytes", Long.toString(limit));
        p.put("replica.fetch.max.bytes", Long.toString(limit));
        p.put("replica.fetch.response.max.bytes", Long.toString(Math.max(limit, 10L * 1024 * 1024)));
        p.put("socket.request.max.bytes",
                Long.toString(Math.min(Integer.MAX_VALUE, Math.max(limit + 1024 * 1024, 100L * 1024 * 1024))));
        p.put("auto.create.topics.enable", "false"); // the flow's topics are created explicitly, with their limits
        // A run deletes records once consumed (RecordPurger), but the disk is freed a whole segment at a time, by
        // the retention check: small segments, checked often, so a long film's frames do not pile up on disk.
        p.put("log.segment.bytes", Long.toString(Math.max(SEGMENT_BYTES, 2 * limit)));
        p.put("log.retention.check.interval.ms", "5000");
        p.put("log.segment.delete.delay.ms", "1000"); // a deleted segment's file goes now, not a minute later
        return p;
    }

    /**
     * {@code new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM)}, reflectively: KafkaConfig's superclass
     * lives in {@code kafka-server}, a runtime-only dependency of {@code kafka_2.13}, so javac cannot see it.
     */
    private static Server newRaftServer(Properties props) {
        try {
            Class<?> configClass = Class.forName("kafka.server.KafkaConfig");
            Object config = configClass.getMethod("fromProps", Properties.class, boolean.class)
                    .invoke(null, props, false);
            return KafkaRaftServer.class.getConstructor(configClass, Time.class).newInstance(config, Time.SYSTEM);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("invalid embedded Kafka configuration: " + cause, cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this Kafka version has no KafkaRaftServer(KafkaConfig, Time): " + e, e);
        }
    }

    /** Runs {@code kafka-storage.sh format --cluster-id <random> --config <our properties>}. */
    private static void format(Path dir, Properties props) {
        Path configFile = dir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
            props.store(w, "embedded colorstream broker");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + configFile, e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            code = StorageTool.execute(new String[] {"format", "--cluster-id", Uuid.randomUuid().toString(),
                    "--config", configFile.toString()}, ps);
        } catch (RuntimeException e) {
            throw new IllegalStateException("formatting Kafka storage failed: " + e.getMessage(), e);
        }
        if (code != 0) {
            throw new IllegalStateException("formatting Kafka storage failed (exit " + code + "): "
                    + out.toString(StandardCharsets.UTF_8).trim());
        }
    }

    /** host:port of the broker's PLAINTEXT listener. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The temporary directory holding the broker's log; gone after {@link #close()}. */
    public Path logDir() {
        return logDir;
    }

    /** Stops the broker and deletes its log directory; safe to call more than once and from a shutdown hook. */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        shutdownQuietly(server);
        deleteRecursively(logDir);
        LOG.info("embedded Kafka broker stopped");
    }

    private static void shutdownQuietly(Server server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("embedded Kafka broker did not shut down cleanly: {}", e.toString());
        }
    }

    private static boolean causedByBind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
            if (t.getMessage() != null && t.getMessage().contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("colorstream-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the embedded Kafka broker", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try {
            if (Files.exists(dir)) {
                PathUtils.deleteDirectory(dir);
            }
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.toString());
        }
    }
}
