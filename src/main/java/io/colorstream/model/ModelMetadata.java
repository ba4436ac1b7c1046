package io.colorstream.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The small file beside a colorizer SavedModel ({@value #FILE_NAME}) that tells a caller what the serving
 * signature alone cannot: the native input size, the signature's tensor names and how the model was made.
 *
 * @param training free-form facts about the training run (command, data, steps, duration, machine)
 */
public record ModelMetadata(int formatVersion, String name, String version, int inputWidth, int inputHeight,
                            String inputName, String outputName, String signature, double temperature,
                            Map<String, Object> training) {

    public static final String FILE_NAME = "colorizer.json";
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static ModelMetadata read(Path modelDir) {
        Path file = modelDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("not a colorizer model directory: " + modelDir
                    + " has no " + FILE_NAME + " (train one with ./colorstream train, or pass --model)");
        }
        ModelMetadata m;
        try {
            m = JSON.readValue(file.toFile(), ModelMetadata.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (m.formatVersion() > FORMAT_VERSION) {
            throw new IllegalArgumentException(file + " has metadata format " + m.formatVersion()
                    + ", newer than this build reads (" + FORMAT_VERSION + ")");
        }
        if (m.inputWidth() <= 0 || m.inputHeight() <= 0) {
            throw new IllegalArgumentException(file + " gives no valid input size");
        }
        return m;
    }

    public void write(Path modelDir) throws IOException {
        Files.createDirectories(modelDir);
        JSON.writeValue(modelDir.resolve(FILE_NAME).toFile(), this);
    }
}
