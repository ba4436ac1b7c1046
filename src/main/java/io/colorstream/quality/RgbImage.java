package io.colorstream.quality;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.util.Arrays;

/**
 * An 8-bit sRGB image: interleaved R, G, B, row-major, {@code width·height·3} bytes.
 * The one image type the quality measures take; equality compares the pixels.
 */
public record RgbImage(int width, int height, byte[] rgb) {
    public RgbImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (rgb == null || rgb.length != 3L * width * height) {
            throw new IllegalArgumentException("rgb must hold " + 3L * width * height + " bytes for "
                    + width + "x" + height + ", got " + (rgb == null ? "none" : rgb.length));
        }
    }

    /** An image filled with one colour. */
    public static RgbImage filled(int width, int height, int r, int g, int b) {
        byte[] rgb = new byte[3 * width * height];
        for (int i = 0; i < rgb.length; i += 3) {
            rgb[i] = (byte) r;
            rgb[i + 1] = (byte) g;
            rgb[i + 2] = (byte) b;
        }
        return new RgbImage(width, height, rgb);
    }

    public int pixelCount() {
        return width * height;
    }

    public boolean sameSizeAs(RgbImage other) {
        return width == other.width && height == other.height;
    }

    /** Throws naming both sizes unless {@code other} has this image's size. */
    void requireSameSize(RgbImage other, String what) {
        if (!sameSizeAs(other)) {
            throw new IllegalArgumentException(what + " needs images of one size, got " + width + "x" + height
                    + " and " + other.width + "x" + other.height);
        }
    }

    /**
     * Pixels of any {@link BufferedImage} as sRGB; alpha is dropped. Gray images (ImageIO's usual type for gray
     * PNG and JPEG) are read straight from the raster: {@code getRGB} would treat their values as linear and
     * brighten them.
     */
    public static RgbImage fromBufferedImage(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] rgb = new byte[3 * w * h];
        Raster raster = image.getRaster();
        if (image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY && raster.getNumBands() <= 2) {
            int bits = image.getColorModel().getComponentSize(0);
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    int v = bits == 8 ? row[x] : (int) Math.round(row[x] * 255.0 / ((1 << bits) - 1));
                    int o = 3 * (y * w + x);
                    rgb[o] = rgb[o + 1] = rgb[o + 2] = (byte) v;
                }
            }
            return new RgbImage(w, h, rgb);
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                int o = 3 * (y * w + x);
                rgb[o] = (byte) (p >> 16);
                rgb[o + 1] = (byte) (p >> 8);
                rgb[o + 2] = (byte) p;
            }
        }
        return new RgbImage(w, h, rgb);
    }

    /** A {@link BufferedImage#TYPE_INT_RGB} copy, ready for ImageIO or drawing. */
    public BufferedImage toBufferedImage() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        for (int i = 0, o = 0; i < pixels.length; i++, o += 3) {
            pixels[i] = (rgb[o] & 0xFF) << 16 | (rgb[o + 1] & 0xFF) << 8 | (rgb[o + 2] & 0xFF);
        }
        return image;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RgbImage other && width == other.width && height == other.height
                && Arrays.equals(rgb, other.rgb);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(rgb);
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + "x" + height + "]";
    }
}
