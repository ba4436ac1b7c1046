package io.colorstream.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a TF.js "layers" model's weights: {@code model.json}'s weightsManifest names each weight, its shape and
 * dtype, group by group; each group's shard files hold the groups' float32 values, little-endian, concatenated
 * in manifest order.
 */
public final class TfjsWeights {
    /** One named weight: its shape (Keras layout, e.g. conv kernels [kh, kw, in, out]) and values. */
    public record Weight(String name, long[] shape, float[] values) {
    }

    private TfjsWeights() {
    }

    public static Map<String, Weight> read(Path modelDir) throws IOException {
        Path modelJson = modelDir.resolve("model.json");
        if (!Files.isRegularFile(modelJson)) {
            throw new IOException("no TF.js model.json in " + modelDir);
        }
        JsonNode manifest = new ObjectMapper().readTree(modelJson.toFile()).path("weightsManifest");
        if (!manifest.isArray() || manifest.isEmpty()) {
            throw new IOException(modelJson + " has no weightsManifest");
        }
        Map<String, Weight> weights = new LinkedHashMap<>();
        for (JsonNode group : manifest) {
            ByteBuffer data = readShards(modelDir, group.path("paths"));
            for (JsonNode w : group.path("weights")) {
                String name = w.path("name").asText();
                if (!"float32".equals(w.path("dtype").asText("float32"))) {
                    throw new IOException("weight " + name + " is " + w.path("dtype").asText() + ", only float32 is read");
                }
                JsonNode shapeNode = w.path("shape");
                long[] shape = new long[shapeNode.size()];
                long count = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = shapeNode.get(i).asLong();
                    count *= shape[i];
                }
                if (data.remaining() < count * 4) {
                    throw new IOException("shards of " + name + " end early: need " + count * 4 + " bytes, "
                            + data.remaining() + " left");
                }
                float[] values = new float[(int) count];
                data.asFloatBuffer().get(values);
                data.position(data.position() + (int) count * 4);
                weights.put(name, new Weight(name, shape, values));
            }
            if (data.hasRemaining()) {
                throw new IOException("shards of group " + group.path("paths") + " have " + data.remaining()
                        + " bytes the manifest does not name");
            }
        }
        return weights;
    }

    private static ByteBuffer readShards(Path dir, JsonNode paths) throws IOException {
        int total = 0;
        byte[][] parts = new byte[paths.size()][];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = Files.readAllBytes(dir.resolve(paths.get(i).asText()));
            total += parts[i].length;
        }
        ByteBuffer all = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        for (byte[] p : parts) {
            all.put(p);
        }
        return all.flip();
    }
}
