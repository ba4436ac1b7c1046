package io.colorstream.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Draws training batches on a background thread, so the session never waits for Java: a source folder by its
 * weight (variety, not file count), a photo uniformly within it, and a random horizontal flip.
 */
public final class BatchSampler implements AutoCloseable {
    /** One batch of network inputs, ready to wrap in tensors. */
    public record Batch(int size, float[] gray, float[] features, float[] chroma) {
    }

    private final List<List<TrainingImage>> bySource = new ArrayList<>();
    private final double[] cumulative;
    private final int batchSize;
    private final Random random;
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(3);
    private final Thread worker;
    private volatile RuntimeException failure;

    public BatchSampler(TrainingSet set, double[] sourceWeights, int batchSize, long seed) {
        for (int i = 0; i < set.sources().size(); i++) {
            bySource.add(new ArrayList<>());
        }
        for (TrainingImage im : set.images()) {
            bySource.get(im.source()).add(im);
        }
        cumulative = new double[sourceWeights.length];
        double total = 0;
        for (int i = 0; i < sourceWeights.length; i++) {
            total += bySource.get(i).isEmpty() ? 0 : sourceWeights[i];
            cumulative[i] = total;
        }
        if (total <= 0) {
            throw new IllegalArgumentException("no photos to train on");
        }
        for (int i = 0; i < cumulative.length; i++) {
            cumulative[i] /= total;
        }
        this.batchSize = batchSize;
        this.random = new Random(seed);
        worker = new Thread(this::fill, "batch-sampler");
        worker.setDaemon(true);
        worker.start();
    }

    public Batch next() throws InterruptedException {
        Batch b = queue.take();
        if (failure != null) {
            throw failure;
        }
        return b;
    }

    private void fill() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                queue.put(make());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
            queue.offer(new Batch(0, null, null, null));
        }
    }

    Batch make() {
        int in = FusedColorizerNet.INPUT_SIZE;
        int out = FusedColorizerNet.OUTPUT_SIZE;
        int grid = TrainingImage.FEATURE_GRID;
        int ch = DarknetTiny.FEATURE_CHANNELS;
        float[] gray = new float[batchSize * in * in];
        float[] feats = new float[batchSize * TrainingImage.FEATURE_FLOATS];
        float[] chroma = new float[batchSize * out * out * 2];
        for (int b = 0; b < batchSize; b++) {
            TrainingImage im = pick();
            boolean flip = random.nextBoolean();
            byte[] l = im.luma();
            int go = b * in * in;
            for (int y = 0; y < in; y++) {
                for (int x = 0; x < in; x++) {
                    int sx = flip ? in - 1 - x : x;
                    gray[go + y * in + x] = (l[y * in + sx] & 0xFF) / 255f;
                }
            }
            byte[] ab = im.chroma();
            int co = b * out * out * 2;
            for (int y = 0; y < out; y++) {
                for (int x = 0; x < out; x++) {
                    int sx = flip ? out - 1 - x : x;
                    int s = (y * out + sx) * 2;
                    int d = co + (y * out + x) * 2;
                    chroma[d] = ab[s] / 128f;
                    chroma[d + 1] = ab[s + 1] / 128f;
                }
            }
            float[] f = im.features();
            int fo = b * TrainingImage.FEATURE_FLOATS;
            for (int y = 0; y < grid; y++) {
                for (int x = 0; x < grid; x++) {
                    int sx = flip ? grid - 1 - x : x;
                    System.arraycopy(f, (y * grid + sx) * ch, feats, fo + (y * grid + x) * ch, ch);
                }
            }
        }
        return new Batch(batchSize, gray, feats, chroma);
    }

    private TrainingImage pick() {
        double r = random.nextDouble();
        int s = 0;
        while (s < cumulative.length - 1 && r > cumulative[s]) {
            s++;
        }
        while (bySource.get(s).isEmpty()) {
            s = (s + 1) % bySource.size();
        }
        List<TrainingImage> list = bySource.get(s);
        return list.get(random.nextInt(list.size()));
    }

    @Override
    public void close() {
        worker.interrupt();
    }
}
