package io.colorstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.kafka.EmbeddedKafkaBroker;
import io.colorstream.kafka.KafkaSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code run}'s one real decision so far: which cluster, and that an embedded broker never outlives the run. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RunCommandTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(RunCommand.Flow flow, String... extraArgs) throws IOException {
        Path film = Files.writeString(dir.resolve("film.mp4"), "stand-in");
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        RunCommand run = cl.getSubcommands().get("run").getCommand();
        run.flow = flow;
        run.model.loader = d -> io.colorstream.testing.ConstantChromaColorizer.gray(8, 8); // the flow takes no model
        run.kafka.environment = Map.of();
        String[] base = {"run", film.toString(), "-o", dir.resolve("film-color.mp4").toString()};
        String[] args = new String[base.length + extraArgs.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extraArgs, 0, args, base.length, extraArgs.length);
        return cl.execute(args);
    }

    @Test
    void withoutAClusterRunStartsAnEmbeddedBrokerAndStopsItEvenOnFailure() throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        int code = run((settings, stop) -> {
            seen.set(settings.bootstrapServers());
            assertTopics(settings, 3);
            throw new IllegalStateException("model exploded\n  on frame 7");
        }, "--partitions", "3");

        assertEquals(1, code, err.toString());
        assertEquals("colorstream run: model exploded on frame 7", err.toString().strip());
        assertTrue(seen.get().startsWith("127.0.0.1:"), seen.get());
        int port = Integer.parseInt(seen.get().substring(seen.get().indexOf(':') + 1));
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertEquals(port, s.getLocalPort(), "the embedded broker's port is free again");
        }
    }

    @Test
    void withAClusterRunUsesItAndLeavesItRunning() throws Exception {
        try (EmbeddedKafkaBroker external = EmbeddedKafkaBroker.start(KafkaSettings.DEFAULT_MAX_RECORD_BYTES)) {
            AtomicReference<String> seen = new AtomicReference<>();
            int code = run((settings, stop) -> seen.set(settings.bootstrapServers()),
                    "--bootstrap-servers", external.bootstrapServers(), "--topic-prefix", "t1.");
            assertEquals(0, code, err.toString());
            assertEquals(external.bootstrapServers(), seen.get());
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", external.bootstrapServers()))) {
                Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                assertTrue(topics.contains("t1.frames.gray"), "topics created on the given cluster: " + topics);
            }
            assertNotEquals(null, external.logDir());
        }
    }

    private static void assertTopics(KafkaSettings settings, int partitions) throws Exception {
        try (Admin admin = Admin.create(settings.adminProperties())) {
            Map<String, TopicDescription> d = admin.describeTopics(settings.topics().names()).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            assertEquals(partitions, d.get(settings.topics().grayFrames().name()).partitions().size());
        }
    }
}
