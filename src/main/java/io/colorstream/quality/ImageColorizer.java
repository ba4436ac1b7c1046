package io.colorstream.quality;

import io.colorstream.model.ColorSpace;
import io.colorstream.model.Colorizer;
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
 * resolution; only chroma comes from the model, at its native size, upsampled bilinearly and recombined exactly
 * as film frames are: L travels as 8-bit L codes and L*a*b* becomes sRGB through {@link ColorSpace#labToBgr}.
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
        float[] ab = colorizer.colorize(lCodes, width, height);
        int cw = colorizer.width();
        int ch = colorizer.height();
        if (ab == null || ab.length != 2L * cw * ch) {
            throw new IllegalStateException("colorizer returned " + (ab == null ? "nothing" : ab.length + " floats")
                    + ", expected " + 2L * cw * ch + " (a*, b* at its size " + cw + "x" + ch + ")");
        }
        return recombine(lCodes, width, height, ChromaResize.bilinear(ab, cw, ch, width, height));
    }

    /** The image's CIELAB L* as 8-bit codes, as ingest makes them for film frames. */
    public static byte[] lightnessCodes(RgbImage image) {
        byte[] rgb = image.rgb();
        byte[] codes = new byte[image.pixelCount()];
        for (int i = 0, o = 0; i < codes.length; i++, o += 3) {
            codes[i] = ColorSpace.lCodeOfSrgb(rgb[o] & 0xFF, rgb[o + 1] & 0xFF, rgb[o + 2] & 0xFF);
        }
        return codes;
    }

    /** The gray version a colorizer sees: the image's L* with a* = b* = 0, back in sRGB. */
    public static RgbImage gray(RgbImage image) {
        return recombine(lightnessCodes(image), image.width(), image.height(), null);
    }

    /**
     * L codes plus full-size interleaved a*, b* → sRGB. {@code ab == null} means zero chroma (gray).
     */
    static RgbImage recombine(byte[] lCodes, int width, int height, float[] ab) {
        byte[] bgr = new byte[3];
        byte[] rgb = new byte[3 * lCodes.length];
        for (int i = 0, o = 0; i < lCodes.length; i++, o += 3) {
            float a = ab == null ? 0f : ab[2 * i];
            float b = ab == null ? 0f : ab[2 * i + 1];
            ColorSpace.labToBgr(ColorSpace.lOfCode(lCodes[i]), a, b, bgr, 0);
            rgb[o] = bgr[2];
            rgb[o + 1] = bgr[1];
            rgb[o + 2] = bgr[0];
        }
        return new RgbImage(width, height, rgb);
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
            if (key.equals(file.toAbsolutePath().normalize())) {
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
