package io.colorstream.train;

import io.colorstream.model.FilmTone;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Draws training batches on a background thread, so the session never waits for Java: a source folder by its
 * weight (variety, not file count), a photo uniformly within it, and a random horizontal flip. With
 * {@code crops}, each draw is also a random crop (40–100 % of the area, aspect 3:4 to 4:3) stretched back to the
 * model's size, so no photo is seen the same way twice; the classifier features then cannot come from the cache
 * (they belong to the whole photo) and the batch carries none: the training graph runs the classifier itself.
 * With a film-stock share, that share of draws (crops only: the classifier must see the same gray) takes its gray
 * from a random blend of the photo's L* and the gray an orthochromatic film would have recorded, so the model
 * learns colour from grays that old film stocks make, not only from L*. With a film-print share, that share of
 * draws also passes its gray through a random print tone ({@link #randomTone}): old film's lightness seldom spans
 * L* 0–100 as a photo's does. These draws come from a random generator of their own, so crops, flips and photos
 * are drawn exactly as without them.
 */
public final class BatchSampler implements AutoCloseable {
    /** One batch of network inputs, ready to wrap in tensors. */
    public record Batch(int size, float[] gray, float[] features, float[] chroma) {
    }

    private final List<List<TrainingImage>> bySource = new ArrayList<>();
    private final double[] cumulative;
    private final int batchSize;
    private final Random random;
    private final boolean crops;
    private final int inputSize;
    private final double filmStockShare;
    private final double filmPrintShare;
    private final Random filmRandom;
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(3);
    private final Thread worker;
    private volatile RuntimeException failure;

    public BatchSampler(TrainingSet set, double[] sourceWeights, int batchSize, long seed) {
        this(set, sourceWeights, batchSize, seed, false);
    }

    /** @param crops random crops (features left to the graph) instead of whole photos with cached features */
    public BatchSampler(TrainingSet set, double[] sourceWeights, int batchSize, long seed, boolean crops) {
        this(set, sourceWeights, batchSize, seed, crops, FusedColorizerNet.INPUT_SIZE);
    }

    /**
     * @param inputSize the network's input side: each draw is resampled from the prepared 224² luma and 56²
     *                  chroma to {@code inputSize}² and a quarter of it (other sizes need crops: no cached features)
     */
    public BatchSampler(TrainingSet set, double[] sourceWeights, int batchSize, long seed, boolean crops,
                        int inputSize) {
        this(set, sourceWeights, batchSize, seed, crops, inputSize, 0, 0);
    }

    /**
     * @param filmStockShare the share of draws (0 to 1) whose gray is a random blend of L* and the orthochromatic
     *                       gray; above 0 needs crops (the cached features are of the L* gray)
     * @param filmPrintShare the share of draws (0 to 1) whose gray then passes a random print tone; the same
     */
    public BatchSampler(TrainingSet set, double[] sourceWeights, int batchSize, long seed, boolean crops,
                        int inputSize, double filmStockShare, double filmPrintShare) {
        checkFilmShares(filmStockShare, filmPrintShare, crops);
        this.filmStockShare = filmStockShare;
        this.filmPrintShare = filmPrintShare;
        this.filmRandom = new Random(seed ^ 0x6f7274686fL);
        if (inputSize != FusedColorizerNet.INPUT_SIZE && !crops) {
            throw new IllegalArgumentException("the cached features are the " + FusedColorizerNet.INPUT_SIZE
                    + "-pixel picture's: another input size needs crops");
        }
        this.crops = crops;
        this.inputSize = inputSize;
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

    /** Film-stock and film-print shares are 0 to 1, and above 0 need crops (the cached features are of L*). */
    static void checkFilmShares(double filmStockShare, double filmPrintShare, boolean crops) {
        for (double share : new double[] {filmStockShare, filmPrintShare}) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("film-stock and film-print shares must be 0 to 1, got " + share);
            }
            if (share > 0 && !crops) {
                throw new IllegalArgumentException("film-stock and film-print grays need random crops: the cached "
                        + "classifier features are of the L* gray");
            }
        }
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
        int in = inputSize;
        int out = inputSize * FusedColorizerNet.OUTPUT_SIZE / FusedColorizerNet.INPUT_SIZE;
        int srcIn = FusedColorizerNet.INPUT_SIZE;
        int srcOut = FusedColorizerNet.OUTPUT_SIZE;
        float[] gray = new float[batchSize * in * in];
        float[] feats = crops ? null : new float[batchSize * TrainingImage.FEATURE_FLOATS];
        float[] chroma = new float[batchSize * out * out * 2];
        for (int b = 0; b < batchSize; b++) {
            TrainingImage im = pick();
            boolean flip = random.nextBoolean();
            Crop c = crops ? randomCrop() : Crop.WHOLE;
            sample(grayOf(im), srcIn, 1, c, 1, flip, gray, b * in * in, 1 / 255f, in);
            sample(im.chroma(), srcOut, 2, c, srcIn / srcOut, flip, chroma, b * out * out * 2, 1 / 128f, out);
            if (!crops) {
                copyFeatures(im.features(), flip, feats, b * TrainingImage.FEATURE_FLOATS);
            }
        }
        return new Batch(batchSize, gray, feats, chroma);
    }

    /**
     * The photo's L* codes; for a film-stock draw a blend of them with its orthochromatic gray; for a film-print
     * draw through a random tone.
     */
    private byte[] grayOf(TrainingImage im) {
        byte[] gray = im.luma();
        if (filmStockShare > 0 && filmRandom.nextDouble() < filmStockShare) {
            gray = blend(im.luma(), im.orthoLuma(), filmRandom.nextDouble());
        }
        if (filmPrintShare > 0 && filmRandom.nextDouble() < filmPrintShare) {
            gray = gray == im.luma() ? gray.clone() : gray;
            randomTone(filmRandom).apply(gray);
        }
        return gray;
    }

    /**
     * A print's tone as old film shows it: blacks at L* 0–25, whites at 60–100, a gamma of 0.7–1.4 (log-uniform)
     * between them. Covers the dim and faded prints {@code evaluate --film-print} scores, and the range between.
     */
    static FilmTone randomTone(Random random) {
        double black = 25 * random.nextDouble();
        double white = 60 + 40 * random.nextDouble();
        double gamma = Math.exp(Math.log(0.7) + (Math.log(1.4) - Math.log(0.7)) * random.nextDouble());
        return new FilmTone(black, white, gamma);
    }

    /** (1 − t) · a + t · b, code by code. */
    static byte[] blend(byte[] a, byte[] b, double t) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) Math.round((1 - t) * (a[i] & 0xFF) + t * (b[i] & 0xFF));
        }
        return out;
    }

    /** A crop of the 224² photo in input pixels, on a 4-pixel grid so that it maps exactly onto the 56² chroma. */
    record Crop(int x, int y, int width, int height) {
        static final Crop WHOLE = new Crop(0, 0, FusedColorizerNet.INPUT_SIZE, FusedColorizerNet.INPUT_SIZE);
    }

    private Crop randomCrop() {
        int in = FusedColorizerNet.INPUT_SIZE;
        double area = 0.4 + 0.6 * random.nextDouble();
        double aspect = Math.exp(Math.log(0.75) + (Math.log(4 / 3.0) - Math.log(0.75)) * random.nextDouble());
        int w = Math.min(in, 4 * (int) Math.round(in * Math.sqrt(area * aspect) / 4));
        int h = Math.min(in, 4 * (int) Math.round(in * Math.sqrt(area / aspect) / 4));
        int x = 4 * random.nextInt((in - w) / 4 + 1);
        int y = 4 * random.nextInt((in - h) / 4 + 1);
        return new Crop(x, y, w, h);
    }

    /**
     * Resamples the crop of a square plane of signed or unsigned bytes (channels interleaved) back to the full
     * plane size, bilinearly, optionally mirrored. {@code div} maps crop coordinates (input pixels) to the plane.
     * The whole-photo crop reproduces the plane exactly.
     */
    static void sample(byte[] src, int size, int channels, Crop c, int div, boolean flip, float[] dst, int offset,
                       float scale) {
        sample(src, size, channels, c, div, flip, dst, offset, scale, size);
    }

    /**
     * The same, resampled to a {@code dstSize}² plane. Shrinking takes the bilinear value at each destination
     * pixel's centre: at most 1.4× smaller (224 → 160), so it skips no detail the network would see.
     */
    static void sample(byte[] src, int size, int channels, Crop c, int div, boolean flip, float[] dst, int offset,
                       float scale, int dstSize) {
        boolean unsigned = channels == 1;
        double sx = c.width() / (double) div / dstSize;
        double sy = c.height() / (double) div / dstSize;
        double ox = c.x() / (double) div;
        double oy = c.y() / (double) div;
        for (int y = 0; y < dstSize; y++) {
            double fy = Math.min(size - 1, Math.max(0, oy + (y + 0.5) * sy - 0.5));
            int y0 = (int) fy;
            int y1 = Math.min(size - 1, y0 + 1);
            double wy = fy - y0;
            for (int x = 0; x < dstSize; x++) {
                int dx = flip ? dstSize - 1 - x : x;
                double fx = Math.min(size - 1, Math.max(0, ox + (x + 0.5) * sx - 0.5));
                int x0 = (int) fx;
                int x1 = Math.min(size - 1, x0 + 1);
                double wx = fx - x0;
                for (int k = 0; k < channels; k++) {
                    double v00 = value(src, (y0 * size + x0) * channels + k, unsigned);
                    double v01 = value(src, (y0 * size + x1) * channels + k, unsigned);
                    double v10 = value(src, (y1 * size + x0) * channels + k, unsigned);
                    double v11 = value(src, (y1 * size + x1) * channels + k, unsigned);
                    double v = (v00 * (1 - wx) + v01 * wx) * (1 - wy) + (v10 * (1 - wx) + v11 * wx) * wy;
                    dst[offset + (y * dstSize + dx) * channels + k] = (float) (v * scale);
                }
            }
        }
    }

    private static double value(byte[] src, int i, boolean unsigned) {
        return unsigned ? src[i] & 0xFF : src[i];
    }

    private static void copyFeatures(float[] f, boolean flip, float[] feats, int offset) {
        int grid = TrainingImage.FEATURE_GRID;
        int ch = DarknetTiny.FEATURE_CHANNELS;
        for (int y = 0; y < grid; y++) {
            for (int x = 0; x < grid; x++) {
                int sx = flip ? grid - 1 - x : x;
                System.arraycopy(f, (y * grid + sx) * ch, feats, offset + (y * grid + x) * ch, ch);
            }
        }
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
