package io.colorstream.train;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The imported classifier on its own, RGB photo in, ranked ImageNet classes out: the proof that the TF.js
 * import (layer order, shapes, folded batch normalisation) reproduces the original network.
 */
public final class ImageNetClassifier implements AutoCloseable {
    public static final int SIZE = 224;

    private final DarknetTiny darknet;
    private final Graph graph = new Graph();
    private final Session session;
    private final Placeholder<TFloat32> input;
    private final Operand<TFloat32> logits;

    public ImageNetClassifier(DarknetTiny darknet) {
        this.darknet = darknet;
        Ops tf = Ops.create(graph);
        input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, SIZE, SIZE, 3)));
        logits = darknet.build(tf, input, true).logits();
        session = new Session(graph);
    }

    /** Class indices, best first. */
    public int[] rank(BufferedImage photo, int k) {
        BufferedImage img = PhotoLab.squash(photo, SIZE);
        int[] rgb = img.getRGB(0, 0, SIZE, SIZE, null, 0, SIZE);
        float[] in = new float[SIZE * SIZE * 3];
        for (int i = 0; i < rgb.length; i++) {
            in[3 * i] = ((rgb[i] >> 16) & 0xFF) / 255f;
            in[3 * i + 1] = ((rgb[i] >> 8) & 0xFF) / 255f;
            in[3 * i + 2] = (rgb[i] & 0xFF) / 255f;
        }
        float[] scores = new float[darknet.classes().size()];
        try (TFloat32 t = TFloat32.tensorOf(Shape.of(1, SIZE, SIZE, 3), DataBuffers.of(in, true, false));
             Result r = session.runner().feed(input, t).fetch(logits).run()) {
            ((TFloat32) r.get(0)).asRawTensor().data().asFloats().read(scores);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            order.add(i);
        }
        order.sort((a, b) -> Float.compare(scores[b], scores[a]));
        int[] top = new int[Math.min(k, scores.length)];
        for (int i = 0; i < top.length; i++) {
            top[i] = order.get(i);
        }
        return top;
    }

    public List<String> labels(int[] indices) {
        List<String> out = new ArrayList<>();
        for (int i : indices) {
            out.add(darknet.classes().get(i));
        }
        return out;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
