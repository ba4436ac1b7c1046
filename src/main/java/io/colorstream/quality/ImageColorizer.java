package io.colorstream.quality;

import io.colorstream.encode.ChromaUpsampler;
import io.colorstream.encode.FrameRecombiner;
import io.colorstream.model.ColorSpace;
import io.colorstream.model.Colorizer;
import io.colorstream.model.FilmLook;
import io.colorstream.stream.ChromaQuantizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Colorizes still photos ({@code colorstream image IN... -o DIR}). Each image's own lightness is kept at full
 * resolution; only chroma comes from the model, at its native size, and goes the film path's way: quantized as
 * on the wire ({@link ChromaQuantizer}), upsampled ({@link ChromaUpsampler}) and recombined with the 8-bit L
 * codes ({@link FrameRecombiner}), so a still scores exactly what a film frame would get.
 * Colour input is treated as gray: only its L* is used.
 */
public final class ImageColorizer {
    private static final Logger LOG = LoggerFactory.getLogger(ImageColorizer.class);

    private final Colorizer colorizer;

    public ImageColorizer(Colorizer colorizer) {
        this.colorizer = colorizer;
    }

    /** The colorized image, same size as the input. */
    public RgbImage colorize(RgbImage image) {
        return colorizeCodes(lightnessCodes(image), image.width(), image.height());
    }

    /** Colorizes from L codes (as in a gray frame record). */
    RgbImage colorizeCodes(byte[] lCodes, int width, int height) {
        float[] ab = chroma(colorizer, lCodes, width, height);
        return recombine(lCodes, width, height, ChromaQuantizer.quantize(ab), colorizer.width(), colorizer.height());
    }

    /** The colorizer's a*, b* for L codes, checked to be one pair per pixel of its native size. */
    static float[] chroma(Colorizer colorizer, byte[] lCodes, int width, int height) {
        float[] ab = colorizer.colorize(lCodes, width, height);
        int cw = colorizer.width();
        int ch = colorizer.height();
        if (ab == null || ab.length != 2L * cw * ch) {
            throw new IllegalStateException("colorizer returned " + (ab == null ? "nothing" : ab.length + " floats")
                    + ", expected " + 2L * cw * ch + " (a*, b* at its size " + cw + "x" + ch + ")");
        }
        return ab;
    }

    /** The image's CIELAB L* as 8-bit codes, as ingest makes them for film frames. */
    public static byte[] lightnessCodes(RgbImage image) {
        return lightnessCodes(image, FilmLook.PHOTO);
    }

    /** The gray a film of this look would show of the image, as 8-bit L codes. */
    public static byte[] lightnessCodes(RgbImage image, FilmLook look) {
        return look.lightnessCodes(image.rgb(), image.pixelCount());
    }

    /** The gray version a colorizer sees: the image's L* with a* = b* = 0, back in sRGB. */
    public static RgbImage gray(RgbImage image) {
        return gray(lightnessCodes(image), image.width(), image.height());
    }

    /** L codes with a* = b* = 0, in sRGB. */
    static RgbImage gray(byte[] lCodes, int width, int height) {
        int n = width * height;
        return toRgb(lCodes, width, height, new float[n], new float[n]);
    }

    /** L codes plus model-size chroma as on the wire (a*, b* signed bytes) → sRGB at the L codes' size. */
    static RgbImage recombine(byte[] lCodes, int width, int height, byte[] chroma, int chromaWidth,
                              int chromaHeight) {
        int n = width * height;
        float[] a = new float[n];
        float[] b = new float[n];
        new ChromaUpsampler().upsample(chroma, chromaWidth, chromaHeight, width, height, a, b);
        return toRgb(lCodes, width, height, a, b);
    }

    private static RgbImage toRgb(byte[] lCodes, int width, int height, float[] a, float[] b) {
        int n = width * height;
        byte[] bgr = new byte[3 * n];
        FrameRecombiner.recombine(lCodes, a, b, n, bgr);
        for (int o = 0; o < bgr.length; o += 3) { // BGR (FFmpeg's order) → RGB
            byte blue = bgr[o];
            bgr[o] = bgr[o + 2];
            bgr[o + 2] = blue;
        }
        return new RgbImage(width, height, bgr);
    }

    /**
     * Colorizes files and the jpg/jpeg/png files directly inside folders, writing {@code outDir/<base name>.png}
     * at the input's size. A file that fails is logged and skipped; the rest are still written.
     *
     * @return the files written, in input order
     * @throws FailedImagesException after all others are written, naming every input that failed
     * @throws IOException if the output folder cannot be created
     */
    public List<Path> colorizeFiles(List<Path> inputs, Path outDir) throws IOException {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("no input images given");
        }
        Files.createDirectories(outDir);
        List<ImageFailure> failures = new ArrayList<>();
        List<Path> files = expand(inputs, failures);
        Map<Path, Path> outputOwner = new HashMap<>();
        List<Path> written = new ArrayList<>();
        for (Path file : files) {
            Path out = outDir.resolve(ImageFiles.baseName(file) + ".png");
            Path key = out.toAbsolutePath().normalize();
            Path owner = outputOwner.putIfAbsent(key, file);
            if (owner != null) {
                fail(failures, file, "output " + out + " is already taken by " + owner + " (same base name)");
                continue;
            }
            if (key.equals(file.toAbsolutePath().normalize()) || io.colorstream.files.UserFiles.isSameFile(file, out)) {
                fail(failures, file, "output " + out + " would overwrite the input; choose another -o folder");
                continue;
            }
            try {
                RgbImage image = ImageFiles.read(file);
                ImageFiles.writePng(colorize(image), out);
                written.add(out);
                LOG.info("colorized {} -> {}", file, out);
            } catch (IOException | RuntimeException e) {
                fail(failures, file, String.valueOf(e.getMessage()));
            }
        }
        if (!failures.isEmpty()) {
            throw new FailedImagesException(failures, written.size());
        }
        return written;
    }

    private static List<Path> expand(List<Path> inputs, List<ImageFailure> failures) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                List<Path> inside = ImageFiles.listImages(input);
                if (inside.isEmpty()) {
                    fail(failures, input, "folder holds no .jpg, .jpeg or .png images");
                }
                files.addAll(inside);
            } else if (Files.isRegularFile(input)) {
                files.add(input);
            } else {
                fail(failures, input, "no such file or folder");
            }
        }
        return files;
    }

    private static void fail(List<ImageFailure> failures, Path file, String reason) {
        LOG.warn("skipping {}: {}", file, reason);
        failures.add(new ImageFailure(file, reason));
    }
}
