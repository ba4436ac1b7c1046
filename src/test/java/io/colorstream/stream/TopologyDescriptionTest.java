package io.colorstream.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.colorstream.kafka.KafkaSettings;
import io.colorstream.testing.ScriptedColorizer;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * The files in topologies/ say what the colorize role is; this test keeps them true.
 *
 * <p>topologies/colorize.txt is {@code describe()} of the topology built with the default topic prefix. A
 * change of nodes, stores or topics must show up in review as a change of that file. To regenerate it after an
 * intended change: {@code mvn -o -q test -Dtest=TopologyDescriptionTest -Dcolorstream.regenerate=true}.
 */
class TopologyDescriptionTest {
    private static final Path DESCRIPTION = Path.of("topologies", "colorize.txt");
    private static final Path PROPERTIES = Path.of("topologies", "colorize.properties");
    private static final String REGENERATE = "colorstream.regenerate";

    private static String described() {
        return shipped().describe().toString();
    }

    /** The topology the colorize role runs: default record size, frames batched for the model. */
    private static org.apache.kafka.streams.Topology shipped() {
        KafkaSettings settings = KafkaSettings.of("localhost:9092");
        return ColorizeTopology.build(settings.topics(), ScriptedColorizer.constant(4, 2, 0f, 0f),
                SmoothingSettings.DEFAULT, settings.maxRecordBytes(), ColorizeTopology.DEFAULT_BATCH);
    }

    @Test
    void theDescribedTopologyIsTheBuiltOne() throws IOException {
        String actual = described();
        if (Boolean.getBoolean(REGENERATE)) {
            Files.writeString(DESCRIPTION, actual, StandardCharsets.UTF_8);
        }
        if (!Files.exists(DESCRIPTION)) {
            fail(DESCRIPTION.toAbsolutePath() + " is missing; write it with -D" + REGENERATE + "=true");
        }
        assertEquals(Files.readString(DESCRIPTION, StandardCharsets.UTF_8), actual,
                "the colorize topology changed; if that was intended, regenerate " + DESCRIPTION
                        + " with: mvn -o -q test -Dtest=TopologyDescriptionTest -D" + REGENERATE + "=true");
    }

    @Test
    void thePictureIsTheBuiltTopologys() throws IOException {
        Path picture = Path.of("topologies", "colorize.svg");
        String actual = TopologyPicture.svg(shipped().describe());
        if (Boolean.getBoolean(REGENERATE)) {
            Files.writeString(picture, actual, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(picture, StandardCharsets.UTF_8), actual, "the colorize topology changed;"
                + " regenerate " + picture + " with -D" + REGENERATE + "=true");
        for (String name : new String[] {"colorstream.frames.gray", ColorizeTopology.PROCESSOR, ColorizeTopology.STORE,
            "colorstream.frames.color"}) {
            assertTrue(actual.contains(name), name + " drawn");
        }
    }

    @Test
    void theDescriptionNamesTheFixedNodesAndStore() {
        String actual = described();
        for (String name : new String[] {ColorizeTopology.SOURCE, ColorizeTopology.PROCESSOR,
            ColorizeTopology.STORE, ColorizeTopology.SINK, "colorstream.frames.gray", "colorstream.frames.color"}) {
            assertTrue(actual.contains(name), name + " not in\n" + actual);
        }
    }

    /**
     * topologies/colorize.properties documents the role's defaults: every Streams setting the role sets (but the
     * deployment's bootstrap servers) with the value it gets from the default settings, and the smoothing
     * defaults. Nothing more, nothing less.
     */
    @Test
    void thePropertiesFileMatchesTheRolesDefaults() throws IOException {
        Properties file = new Properties();
        try (Reader in = Files.newBufferedReader(PROPERTIES, StandardCharsets.UTF_8)) {
            file.load(in);
        }
        Map<String, String> expected = new TreeMap<>();
        Properties streams = new ColorizeService(KafkaSettings.of("localhost:9092"),
                ScriptedColorizer.constant(4, 2, 0f, 0f), SmoothingSettings.DEFAULT,
                ColorizeService.DEFAULT_APPLICATION_ID).streamsProperties();
        streams.forEach((k, v) -> expected.put(k.toString(), v.toString()));
        expected.remove(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
        SmoothingSettings smoothing = SmoothingSettings.DEFAULT;
        expected.put("colorstream.smoothing.enabled", Boolean.toString(smoothing.enabled()));
        expected.put("colorstream.smoothing.weight", Float.toString(smoothing.weight()));
        expected.put("colorstream.smoothing.luma-tolerance", Float.toString(smoothing.lumaTolerance()));
        expected.put("colorstream.topology.state-store", ColorizeTopology.STORE);
        expected.put("colorstream.topology.batch-store", ColorizeTopology.BUFFER_STORE);
        expected.put("colorstream.model.batch", Integer.toString(ColorizeTopology.DEFAULT_BATCH));

        Map<String, String> actual = new TreeMap<>();
        file.forEach((k, v) -> actual.put(k.toString(), v.toString()));
        assertEquals(expected, actual, PROPERTIES + " no longer matches the colorize role's defaults");
    }
}
