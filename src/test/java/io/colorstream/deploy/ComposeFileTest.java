package io.colorstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.colorstream.kafka.KafkaSettings;
import io.colorstream.wire.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docker/compose.yaml stays true to the code: the services are there, colorize runs twice, every role serves its
 * metrics on the port Prometheus scrapes, and the topics are created with every name the code uses and the record
 * size the roles are configured for. (No Docker engine runs here: this reads the file, it does not run it.)
 */
class ComposeFileTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void theComposeFileMatchesTheCode() throws Exception {
        JsonNode compose = YAML.readTree(Path.of("docker/compose.yaml").toFile());
        JsonNode services = compose.get("services");
        for (String s : List.of("kafka", "topics", "colorize", "encode", "ingest", "prometheus", "grafana")) {
            assertTrue(services.has(s), "service " + s);
        }
        assertEquals(2, services.get("colorize").get("deploy").get("replicas").asInt());
        assertTrue(services.get("colorize").get("command").toString().contains("--metrics-port"));
        assertTrue(services.get("encode").get("command").toString().contains("--metrics-port"));
        assertTrue(services.get("ingest").get("entrypoint").toString().contains("--metrics-port 9464"));

        // Each role reads its own Kafka settings from topologies/, mounted where its --config names it.
        for (String role : List.of("colorize", "encode", "ingest")) {
            JsonNode service = services.get(role);
            String file = "/etc/colorstream/" + role + ".kafka.properties";
            String invocation = service.get(role.equals("ingest") ? "entrypoint" : "command").toString();
            assertTrue(invocation.contains("--config") && invocation.contains(file), role + ": " + invocation);
            assertTrue(service.get("volumes").toString().contains("../topologies/" + role + ".kafka.properties:"
                    + file + ":ro"), role + " mounts its settings");
        }

        String topics = services.get("topics").get("command").get(0).asText();
        Topics code = KafkaSettings.of("kafka:9092").topics();
        for (String name : code.names()) {
            String suffix = name.substring(Topics.DEFAULT_PREFIX.length());
            assertTrue(topics.contains(suffix), "topic " + name + " is created");
        }
        int recordBytes = KafkaSettings.of("kafka:9092").requestBytes();
        assertTrue(topics.contains("max.message.bytes=" + recordBytes), "topics take the roles' record size");
        assertTrue(compose.toString().contains("KAFKA_MESSAGE_MAX_BYTES"), "and so does the broker");

        String prometheus = Files.readString(Path.of("docker/prometheus/prometheus.yml"));
        for (String role : List.of("colorize", "encode", "ingest")) {
            assertTrue(prometheus.contains("names: [" + role + "]"), "Prometheus scrapes " + role);
        }
        assertTrue(prometheus.contains("port: 9464"));
        String dockerfile = Files.readString(Path.of("docker/Dockerfile"));
        assertTrue(dockerfile.contains("USER colorstream") && dockerfile.contains("HEALTHCHECK")
                && dockerfile.contains("/health"), "non-root, with a health check");
        assertBuildContextIsWhatTheDockerfileCopies(dockerfile);
        java.util.regex.Matcher opts = java.util.regex.Pattern.compile("JAVA_OPTS=\"([^\"]*)\"").matcher(dockerfile);
        assertTrue(opts.find(), "the image names its JVM options");
        assertTrue(opts.group(1).contains("MaxRAMPercentage") && !opts.group(1).contains("-Xmx"),
                "the heap follows the container's memory limit, not a fixed size that may exceed it: " + opts.group(1));
    }

    /**
     * .dockerignore lets in exactly what the Dockerfile copies from the context: a working copy also holds
     * gigabytes of training caches (models/training-*) that must not be sent to the builder.
     */
    private static void assertBuildContextIsWhatTheDockerfileCopies(String dockerfile) throws Exception {
        List<String> ignore = Files.readAllLines(Path.of(".dockerignore")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertEquals("*", ignore.get(0), "everything is left out unless let in");
        java.util.Set<String> allowed = new java.util.TreeSet<>();
        ignore.stream().skip(1).forEach(l -> {
            assertTrue(l.startsWith("!"), "only exceptions after '*': " + l);
            allowed.add(l.substring(1));
        });
        java.util.Set<String> copied = new java.util.TreeSet<>();
        java.util.regex.Matcher copy = java.util.regex.Pattern.compile("(?m)^COPY (?!--from)(\\S+) ").matcher(dockerfile);
        while (copy.find()) {
            copied.add(copy.group(1));
        }
        assertTrue(copied.contains("src") && copied.contains("models/colorizer"), copied.toString());
        for (String c : copied) {
            assertTrue(allowed.stream().anyMatch(a -> c.equals(a) || c.startsWith(a + "/")),
                    c + " is copied, so the context must hold it: " + allowed);
            assertTrue(Files.exists(Path.of(c)), c + " exists in the repository");
        }
        for (String a : allowed) {
            assertTrue(copied.stream().anyMatch(c -> c.equals(a) || c.startsWith(a + "/")),
                    a + " is let into the context but never copied");
        }
    }
}
