package io.colorstream.train;

import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * The prepared training photos of several folders, with what training needs to know about them: per-folder
 * membership (for sampling), the classifier-feature statistics, and the chroma histogram for rebalancing.
 * Preparing decodes every photo and runs the classifier once; the result is cached in the work directory.
 */
public final class TrainingSet {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingSet.class);
    private static final int CACHE_VERSION = 2; // 2: with the orthochromatic gray
    private static final int FEATURE_BATCH = 16;

    private final List<String> sources;
    private final List<TrainingImage> images;
    private final List<Path> heldOut;
    private final float[] featureMean;
    private final float[] featureStd;
    private final long[] binCounts;

    TrainingSet(List<String> sources, List<TrainingImage> images, List<Path> heldOut) {
        this.sources = sources;
        this.images = images;
        this.heldOut = heldOut;
        int c = DarknetTiny.FEATURE_CHANNELS;
        double[] sum = new double[c];
        double[] sq = new double[c];
        long n = 0;
        binCounts = new long[AbBins.COUNT];
        for (TrainingImage im : images) {
            float[] f = im.features();
            for (int i = 0; i < f.length; i++) {
                sum[i % c] += f[i];
                sq[i % c] += (double) f[i] * f[i];
            }
            n += f.length / c;
            byte[] ab = im.chroma();
            for (int i = 0; i < ab.length; i += 2) {
                binCounts[AbBins.binOf(ab[i], ab[i + 1])]++;
            }
        }
        featureMean = new float[c];
        featureStd = new float[c];
        for (int i = 0; i < c; i++) {
            double m = sum[i] / Math.max(1, n);
            featureMean[i] = (float) m;
            featureStd[i] = (float) Math.sqrt(Math.max(0, sq[i] / Math.max(1, n) - m * m));
        }
    }

    public List<String> sources() {
        return sources;
    }

    public List<TrainingImage> images() {
        return images;
    }

    /** Photos of the folders kept out of training, for validation (empty unless asked for). */
    public List<Path> heldOut() {
        return heldOut;
    }

    public float[] featureMean() {
        return featureMean;
    }

    public float[] featureStd() {
        return featureStd;
    }

    public long[] binCounts() {
        return binCounts;
    }

    /** Image files (jpg, jpeg, png) directly in a folder, sorted by name for reproducibility. */
    public static List<Path> imageFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("not a folder of images: " + dir);
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png");
            }).sorted().toList();
        }
    }

    /**
     * Prepares the photos of {@code folders} (each folder is one source), or reads them from the cache in
     * {@code workDir} when it was made from the same folders.
     *
     * @param limitPerFolder   at most this many photos from each folder (0: all)
     * @param holdOutPerFolder this many photos of each folder (spread over its sorted names) are kept out of
     *                         training and listed in {@link #heldOut()}
     */
    public static TrainingSet prepare(List<Path> folders, DarknetTiny classifier, Path workDir, int limitPerFolder,
                                      int holdOutPerFolder, IntConsumer progress) throws IOException {
        List<String> sources = new ArrayList<>();
        List<List<Path>> files = new ArrayList<>();
        List<Path> heldOut = new ArrayList<>();
        long total = 0;
        for (Path f : folders) {
            List<Path> all = imageFiles(f);
            if (holdOutPerFolder > 0) {
                if (holdOutPerFolder >= all.size()) {
                    throw new IOException("--hold-out " + holdOutPerFolder + " would leave nothing to train on in "
                            + f + " (" + all.size() + " photos)");
                }
                List<Path> held = spread(all, holdOutPerFolder);
                heldOut.addAll(held);
                List<Path> rest = new ArrayList<>(all);
                rest.removeAll(held);
                all = rest;
            }
            if (limitPerFolder > 0 && all.size() > limitPerFolder) {
                all = spread(all, limitPerFolder);
            }
            if (all.isEmpty()) {
                throw new IOException("no images in " + f);
            }
            sources.add(f.toAbsolutePath().normalize().toString());
            files.add(all);
            total += all.size();
        }
        // Without a hold-out the key is what it always was, so existing caches stay valid.
        String key = sources + "|" + limitPerFolder + "|" + total
                + (holdOutPerFolder > 0 ? "|hold-out " + holdOutPerFolder : "");
        Path cache = workDir.resolve("training-set-" + Integer.toHexString(key.hashCode()) + ".bin");
        if (Files.isRegularFile(cache)) {
            try {
                List<TrainingImage> images = readCache(cache, total);
                LOG.info("read {} prepared photos from {}", images.size(), cache);
                return new TrainingSet(sources, images, List.copyOf(heldOut));
            } catch (IOException e) {
                LOG.warn("ignoring unreadable cache {}: {}", cache, e.getMessage());
            }
        }
        List<TrainingImage> images = compute(files, classifier, progress);
        Files.createDirectories(workDir);
        writeCache(cache, images);
        return new TrainingSet(sources, images, List.copyOf(heldOut));
    }

    private static List<Path> spread(List<Path> all, int n) {
        List<Path> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(all.get((int) ((long) i * all.size() / n)));
        }
        return out;
    }

    private record Decoded(int source, byte[] luma, byte[] chroma, byte[] orthoLuma) {
    }

    private static List<TrainingImage> compute(List<List<Path>> files, DarknetTiny classifier, IntConsumer progress)
            throws IOException {
        int size = FusedColorizerNet.INPUT_SIZE;
        int block = size / FusedColorizerNet.OUTPUT_SIZE;
        List<TrainingImage> out = new ArrayList<>();
        int skipped = 0;
        ExecutorService decoders = Executors.newFixedThreadPool(2);
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> gray = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size, size, 1)));
            Operand<TFloat32> features = classifier.build(tf, ColorizerGraph.grayToRgb(tf, gray), false).features();
            List<Future<Decoded>> pending = new ArrayList<>();
            for (int src = 0; src < files.size(); src++) {
                for (Path p : files.get(src)) {
                    int source = src;
                    pending.add(decoders.submit(() -> decode(p, source, size, block)));
                }
            }
            List<Decoded> batch = new ArrayList<>();
            int done = 0;
            for (Future<Decoded> f : pending) {
                Decoded d;
                try {
                    d = f.get();
                } catch (Exception e) {
                    LOG.warn("skipping photo: {}", e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
                    skipped++;
                    continue;
                }
                batch.add(d);
                if (batch.size() == FEATURE_BATCH) {
                    out.addAll(withFeatures(s, gray, features, batch));
                    batch.clear();
                }
                progress.accept(++done);
            }
            if (!batch.isEmpty()) {
                out.addAll(withFeatures(s, gray, features, batch));
            }
        } finally {
            decoders.shutdownNow();
        }
        if (skipped > 0) {
            LOG.warn("{} photos could not be read and were skipped", skipped);
        }
        return out;
    }

    private static Decoded decode(Path p, int source, int size, int block) throws IOException {
        BufferedImage img = ImageIO.read(p.toFile());
        if (img == null) {
            throw new IOException("not an image ImageIO can read: " + p);
        }
        byte[] luma = new byte[size * size];
        byte[] chroma = new byte[(size / block) * (size / block) * 2];
        byte[] orthoLuma = new byte[size * size];
        PhotoLab.toLab(PhotoLab.squash(img, size), block, luma, chroma, orthoLuma);
        return new Decoded(source, luma, chroma, orthoLuma);
    }

    private static List<TrainingImage> withFeatures(Session s, Placeholder<TFloat32> gray, Operand<TFloat32> features,
                                                    List<Decoded> batch) {
        int plane = TrainingImage.LUMA_BYTES;
        float[] in = new float[batch.size() * plane];
        for (int i = 0; i < batch.size(); i++) {
            byte[] l = batch.get(i).luma();
            for (int k = 0; k < plane; k++) {
                in[i * plane + k] = (l[k] & 0xFF) / 255f;
            }
        }
        int size = FusedColorizerNet.INPUT_SIZE;
        List<TrainingImage> out = new ArrayList<>(batch.size());
        try (TFloat32 t = TFloat32.tensorOf(Shape.of(batch.size(), size, size, 1), DataBuffers.of(in, true, false));
             Result r = s.runner().feed(gray, t).fetch(features).run()) {
            float[] all = new float[batch.size() * TrainingImage.FEATURE_FLOATS];
            ((TFloat32) r.get(0)).asRawTensor().data().asFloats().read(all);
            for (int i = 0; i < batch.size(); i++) {
                float[] f = new float[TrainingImage.FEATURE_FLOATS];
                System.arraycopy(all, i * f.length, f, 0, f.length);
                Decoded d = batch.get(i);
                out.add(new TrainingImage(d.source(), d.luma(), d.chroma(), f, d.orthoLuma()));
            }
        }
        return out;
    }

    private static void writeCache(Path cache, List<TrainingImage> images) throws IOException {
        Path tmp = cache.resolveSibling(cache.getFileName() + ".part");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20))) {
            out.writeInt(CACHE_VERSION);
            out.writeInt(images.size());
            ByteBuffer fb = ByteBuffer.allocate(TrainingImage.FEATURE_FLOATS * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (TrainingImage im : images) {
                out.writeInt(im.source());
                out.write(im.luma());
                out.write(im.chroma());
                out.write(im.orthoLuma());
                fb.clear();
                fb.asFloatBuffer().put(im.features());
                out.write(fb.array());
            }
        }
        Files.move(tmp, cache, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static List<TrainingImage> readCache(Path cache, long expectedMax) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(cache), 1 << 20))) {
            if (in.readInt() != CACHE_VERSION) {
                throw new IOException("cache version differs");
            }
            int n = in.readInt();
            if (n <= 0 || n > expectedMax) {
                throw new IOException("cache holds " + n + " photos, expected at most " + expectedMax);
            }
            List<TrainingImage> images = new ArrayList<>(n);
            byte[] fb = new byte[TrainingImage.FEATURE_FLOATS * 4];
            for (int i = 0; i < n; i++) {
                int source = in.readInt();
                byte[] luma = new byte[TrainingImage.LUMA_BYTES];
                in.readFully(luma);
                byte[] chroma = new byte[TrainingImage.CHROMA_BYTES];
                in.readFully(chroma);
                byte[] orthoLuma = new byte[TrainingImage.LUMA_BYTES];
                in.readFully(orthoLuma);
                in.readFully(fb);
                float[] f = new float[TrainingImage.FEATURE_FLOATS];
                ByteBuffer.wrap(fb).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
                images.add(new TrainingImage(source, luma, chroma, f, orthoLuma));
            }
            return images;
        }
    }
}
