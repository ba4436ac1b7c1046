package io.colorstream.train;

import io.colorstream.model.ColorSpace;
import io.colorstream.model.FilmStock;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** A photo squashed to a square and converted to CIELAB: L codes at full size, a*b* averaged over blocks. */
public final class PhotoLab {
    private static final float[] LINEAR = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            LINEAR[i] = (float) ColorSpace.srgbToLinear(i / 255.0);
        }
    }

    private PhotoLab() {
    }

    /** Resizes with successive halvings before the last bilinear step, so downscaling does not alias. */
    public static BufferedImage squash(BufferedImage src, int size) {
        BufferedImage img = toRgb(src);
        int w = img.getWidth();
        int h = img.getHeight();
        while (w >= 2 * size || h >= 2 * size) {
            w = Math.max(size, w / 2);
            h = Math.max(size, h / 2);
            img = draw(img, w, h);
        }
        return draw(img, size, size);
    }

    private static BufferedImage toRgb(BufferedImage src) {
        if (src.getType() == BufferedImage.TYPE_INT_RGB) {
            return src;
        }
        return draw(src, src.getWidth(), src.getHeight());
    }

    private static BufferedImage draw(BufferedImage src, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    /**
     * @param img    a size×size RGB image
     * @param luma   out: size² L codes
     * @param chroma out: (size/block)²·2 signed bytes, a*b* averaged over block×block pixels
     */
    public static void toLab(BufferedImage img, int block, byte[] luma, byte[] chroma) {
        toLab(img, block, luma, chroma, null);
    }

    /**
     * As {@link #toLab(BufferedImage, int, byte[], byte[])}, and also the gray an orthochromatic film would have
     * recorded.
     *
     * @param orthoLuma out, if not null: size² L codes of {@link FilmStock#ORTHOCHROMATIC}'s gray
     */
    public static void toLab(BufferedImage img, int block, byte[] luma, byte[] chroma, byte[] orthoLuma) {
        int size = img.getWidth();
        int[] rgb = img.getRGB(0, 0, size, size, null, 0, size);
        int cs = size / block;
        float[] sumA = new float[cs * cs];
        float[] sumB = new float[cs * cs];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int p = rgb[y * size + x];
                float r = LINEAR[(p >> 16) & 0xFF];
                float g = LINEAR[(p >> 8) & 0xFF];
                float b = LINEAR[p & 0xFF];
                double fx = f((0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / ColorSpace.XN);
                double fy = f(0.2126729 * r + 0.7151522 * g + 0.0721750 * b);
                double fz = f((0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / ColorSpace.ZN);
                luma[y * size + x] = (byte) ColorSpace.lCode(116.0 * fy - 16.0);
                if (orthoLuma != null) {
                    orthoLuma[y * size + x] = (byte) ColorSpace.lCode(
                            ColorSpace.yToL(Math.min(1, FilmStock.ORTHOCHROMATIC.recorded(r, g, b))));
                }
                int c = (y / block) * cs + x / block;
                sumA[c] += (float) (500.0 * (fx - fy));
                sumB[c] += (float) (200.0 * (fy - fz));
            }
        }
        float n = block * block;
        for (int c = 0; c < cs * cs; c++) {
            chroma[2 * c] = clampByte(sumA[c] / n);
            chroma[2 * c + 1] = clampByte(sumB[c] / n);
        }
    }

    private static double f(double t) {
        return t > 216.0 / 24389.0 ? Math.cbrt(t) : (24389.0 / 27.0 * t + 16.0) / 116.0;
    }

    static byte clampByte(float v) {
        return (byte) Math.max(-128, Math.min(127, Math.round(v)));
    }
}
