package io.colorstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.colorstream.kafka.KafkaSettings;
import io.colorstream.wire.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Both kustomize overlays build (with {@code kubectl kustomize}, offline; skipped where kubectl is missing) and say
 * what the code needs: the topics the code names, at its record size and one partition count; probes on
 * /health and /ready at the metrics port the roles are given; resources on every container; colorize scaled by
 * lag to at most one pod per partition; encode given time to finish its films.
 */
class KustomizeBuildTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @ParameterizedTest
    @CsvSource({"small, 4, 1, 2", "large, 24, 8, 24"})
    void theOverlayBuildsAndMatchesTheCode(String overlay, int partitions, int colorizeReplicas, int maxPods)
            throws Exception {
        List<JsonNode> objects = build("k8s/overlays/" + overlay);
        Set<String> kinds = new TreeSet<>();
        objects.forEach(o -> kinds.add(o.get("kind").asText()));
        assertTrue(kinds.containsAll(List.of("Kafka", "KafkaNodePool", "KafkaTopic", "StatefulSet", "Deployment",
                "Job", "ScaledObject", "ConfigMap", "Secret", "PodDisruptionBudget", "ServiceMonitor")), kinds.toString());

        Topics code = KafkaSettings.of("x:1").topics();
        Set<String> topics = new TreeSet<>();
        for (JsonNode t : of(objects, "KafkaTopic")) {
            topics.add(t.get("spec").get("topicName").asText());
            assertEquals(partitions, t.get("spec").get("partitions").asInt(), "one partition count for all topics");
            assertEquals(KafkaSettings.of("x:1").requestBytes(),
                    t.get("spec").get("config").get("max.message.bytes").asInt());
        }
        assertEquals(new TreeSet<>(code.names()), topics, "the topics the code uses");

        // topologies/'s role files, generated into one ConfigMap (name hashed, references rewritten).
        JsonNode roles = of(objects, "ConfigMap").stream()
                .filter(m -> m.get("metadata").get("name").asText().startsWith("colorstream-roles-")).findFirst()
                .orElseThrow();
        for (String role : List.of("ingest", "colorize", "encode")) {
            assertEquals(java.nio.file.Files.readString(java.nio.file.Path.of("topologies", role + ".kafka.properties")),
                    roles.get("data").get(role + ".kafka.properties").asText());
        }

        JsonNode colorize = of(objects, "StatefulSet").get(0);
        assertEquals(colorizeReplicas, colorize.get("spec").get("replicas").asInt());
        JsonNode scaled = of(objects, "ScaledObject").get(0).get("spec");
        assertTrue(scaled.get("maxReplicaCount").asInt() <= partitions, "at most one colorize pod per partition");
        assertEquals(maxPods, scaled.get("maxReplicaCount").asInt());
        assertTrue(of(objects, "Deployment").get(0).get("spec").get("template").get("spec")
                .get("terminationGracePeriodSeconds").asInt() >= 600, "encode may finish its films");

        for (String kind : List.of("StatefulSet", "Deployment", "Job")) {
            for (JsonNode o : of(objects, kind)) {
                assertEquals("colorstream", o.get("metadata").get("namespace").asText());
                for (JsonNode c : o.get("spec").get("template").get("spec").get("containers")) {
                    assertTrue(c.get("resources").has("requests") && c.get("resources").has("limits"),
                            kind + " " + c.get("name") + " has requests and limits");
                    String role = o.get("metadata").get("name").asText().startsWith("ingest") ? "ingest"
                            : c.get("name").asText();
                    assertTrue(c.get("args").toString().contains("/etc/colorstream/role/" + role + ".kafka.properties"),
                            role + " reads its settings from topologies/: " + c.get("args"));
                    assertTrue(c.get("volumeMounts").toString().contains("/etc/colorstream/role"), role);
                    assertHeapFitsLimit(role, c);
                    if (!kind.equals("Job")) {
                        assertTrue(c.get("args").toString().contains("--metrics-port"), c.get("args").toString());
                        assertEquals("/health", c.get("livenessProbe").get("httpGet").get("path").asText());
                        assertEquals("/ready", c.get("readinessProbe").get("httpGet").get("path").asText());
                    }
                }
            }
        }
    }

    /**
     * The JVM's heap leaves room under the container's memory limit for native memory (the model, FFmpeg, RocksDB):
     * a heap allowed past the limit gets the pod killed instead of failing with a message. Named as a share of the
     * limit (it follows an overlay that changes the limit) and fixed, so memory stays flat over a long feed.
     */
    private static void assertHeapFitsLimit(String role, JsonNode container) {
        String opts = null;
        for (JsonNode e : container.path("env")) {
            if (e.get("name").asText().equals("JAVA_OPTS")) {
                opts = e.get("value").asText();
            }
        }
        assertTrue(opts != null, role + " sets JAVA_OPTS (the image's default is for a desktop)");
        java.util.regex.Matcher max = java.util.regex.Pattern.compile("-XX:MaxRAMPercentage=([0-9.]+)").matcher(opts);
        java.util.regex.Matcher initial = java.util.regex.Pattern.compile("-XX:InitialRAMPercentage=([0-9.]+)")
                .matcher(opts);
        assertTrue(max.find() && initial.find(), role + ": heap as a share of the limit, fixed: " + opts);
        assertTrue(Double.parseDouble(max.group(1)) <= 75, role + ": room for native memory: " + opts);
        assertEquals(max.group(1), initial.group(1), role + ": a fixed heap: " + opts);
        assertTrue(!opts.contains("-Xmx") && !opts.contains("-Xms"), role + ": no absolute heap beside it: " + opts);
    }

    /**
     * The Kubernetes objects read strictly with fabric8's model: each becomes its model class, and no field of it,
     * at any depth, is one the model does not know (a misspelt or misplaced field would land in a model's
     * additional properties). Strimzi, KEDA and Prometheus Operator objects are custom resources, checked above.
     */
    @ParameterizedTest
    @CsvSource({"small", "large"})
    void theKubernetesObjectsAreValidToTheKubernetesModel(String overlay) throws Exception {
        java.util.Map<String, Class<?>> models = java.util.Map.of(
                "Namespace", io.fabric8.kubernetes.api.model.Namespace.class,
                "ConfigMap", io.fabric8.kubernetes.api.model.ConfigMap.class,
                "Secret", io.fabric8.kubernetes.api.model.Secret.class,
                "Service", io.fabric8.kubernetes.api.model.Service.class,
                "PersistentVolumeClaim", io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class,
                "StatefulSet", io.fabric8.kubernetes.api.model.apps.StatefulSet.class,
                "Deployment", io.fabric8.kubernetes.api.model.apps.Deployment.class,
                "Job", io.fabric8.kubernetes.api.model.batch.v1.Job.class,
                "PodDisruptionBudget", io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class);
        ObjectMapper strict = new ObjectMapper().configure(
                com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        int checked = 0;
        for (JsonNode o : build("k8s/overlays/" + overlay)) {
            Class<?> model = models.get(o.get("kind").asText());
            if (model == null) {
                continue;
            }
            Object read = strict.treeToValue(o, model);
            List<String> unknown = new ArrayList<>();
            unknownFields(read, o.get("kind").asText() + " " + o.get("metadata").get("name").asText(), unknown,
                    java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
            assertTrue(unknown.isEmpty(), "fields the Kubernetes model does not know: " + unknown);
            checked++;
        }
        assertTrue(checked >= 10, "objects checked: " + checked);
    }

    /** Walks a fabric8 model object; every non-empty additional-properties map is a field the model lacks. */
    private static void unknownFields(Object o, String where, List<String> unknown, Set<Object> seen) throws Exception {
        if (o == null || !seen.add(o)) {
            return;
        }
        if (o instanceof java.util.Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                unknownFields(e, where + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (o instanceof java.util.Map<?, ?> m) {
            for (var e : m.entrySet()) {
                unknownFields(e.getValue(), where + "." + e.getKey(), unknown, seen);
            }
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (java.lang.reflect.Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || m.getName().equals("getClass")) {
                continue;
            }
            Object v = m.invoke(o);
            if (m.getName().equals("getAdditionalProperties")) {
                if (v instanceof java.util.Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(where + ": " + extra.keySet());
                }
                continue;
            }
            unknownFields(v, where + "." + m.getName().substring(3), unknown, seen);
        }
    }

    private static List<JsonNode> of(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> o.get("kind").asText().equals(kind)).toList();
    }

    static List<JsonNode> build(String dir) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("kubectl", "kustomize", dir).redirectErrorStream(false).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("kubectl is not installed: " + e.getMessage());
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "kubectl kustomize " + dir + ": " + err);
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(out)) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && !n.isNull() && !n.isEmpty()) {
                    docs.add(n);
                }
            }
        }
        return docs;
    }
}
