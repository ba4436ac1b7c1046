package io.colorstream.model;

/**
 * sRGB (D65) ⇄ linear RGB ⇄ XYZ ⇄ CIELAB with the standard constants (IEC 61966-2-1, CIE 15).
 * The exact double-precision conversions are the reference; the per-pixel paths used on frames go through
 * lookup tables built from them once (no {@code Math.pow} per pixel).
 *
 * <p>Luminance travels as 8-bit "L codes": round(L*·255/100).
 */
public final class ColorSpace {
    /** D65 reference white, Y = 1. */
    public static final double XN = 0.95047;
    public static final double YN = 1.0;
    public static final double ZN = 1.08883;

    private static final double EPSILON = 216.0 / 24389.0; // (6/29)^3
    private static final double KAPPA = 24389.0 / 27.0;

    /** sRGB 8-bit → linear [0,1]. */
    private static final float[] SRGB_TO_LINEAR = new float[256];
    /** Linear luminance quantized to 16 bits → L code. */
    private static final byte[] Y16_TO_LCODE = new byte[65536];
    /** L code → L*. */
    private static final float[] LCODE_TO_L = new float[256];
    /** L code → f(Y) = (L* + 16) / 116, and → Y itself: per frame pixel, no division or cube for the lightness. */
    private static final float[] LCODE_TO_FY = new float[256];
    private static final float[] LCODE_TO_Y = new float[256];
    /** Linear [0,1] quantized to LINEAR_STEPS → sRGB 8-bit. */
    private static final int LINEAR_STEPS = 1 << 14;
    private static final byte[] LINEAR_TO_SRGB = new byte[LINEAR_STEPS + 1];

    static {
        for (int i = 0; i < 256; i++) {
            SRGB_TO_LINEAR[i] = (float) srgbToLinear(i / 255.0);
            LCODE_TO_L[i] = i * 100f / 255f;
            LCODE_TO_FY[i] = (LCODE_TO_L[i] + 16f) / 116f;
            LCODE_TO_Y[i] = fInv(LCODE_TO_FY[i]);
        }
        for (int i = 0; i < 65536; i++) {
            Y16_TO_LCODE[i] = (byte) lCode(yToL(i / 65535.0));
        }
        for (int i = 0; i <= LINEAR_STEPS; i++) {
            LINEAR_TO_SRGB[i] = (byte) Math.round(linearToSrgb((double) i / LINEAR_STEPS) * 255.0);
        }
    }

    private ColorSpace() {
    }

    // ---- exact conversions (reference) ----

    /** sRGB component in [0,1] → linear. */
    public static double srgbToLinear(double c) {
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    /** Linear component in [0,1] → sRGB. */
    public static double linearToSrgb(double c) {
        if (c <= 0.0031308) {
            return 12.92 * Math.max(0.0, c);
        }
        return 1.055 * Math.pow(Math.min(1.0, c), 1.0 / 2.4) - 0.055;
    }

    private static double f(double t) {
        return t > EPSILON ? Math.cbrt(t) : (KAPPA * t + 16.0) / 116.0;
    }

    private static double fInverse(double t) {
        double t3 = t * t * t;
        return t3 > EPSILON ? t3 : (116.0 * t - 16.0) / KAPPA;
    }

    /** Relative luminance Y (Yn = 1) → L*. */
    public static double yToL(double y) {
        return 116.0 * f(y / YN) - 16.0;
    }

    /** L* → relative luminance Y. */
    public static double lToY(double l) {
        return YN * fInverse((l + 16.0) / 116.0);
    }

    /** Linear RGB → XYZ (D65). */
    public static double[] linearRgbToXyz(double r, double g, double b) {
        return new double[] {
            0.4124564 * r + 0.3575761 * g + 0.1804375 * b,
            0.2126729 * r + 0.7151522 * g + 0.0721750 * b,
            0.0193339 * r + 0.1191920 * g + 0.9503041 * b};
    }

    /** XYZ (D65) → linear RGB, unclamped. */
    public static double[] xyzToLinearRgb(double x, double y, double z) {
        return new double[] {
            3.2404542 * x - 1.5371385 * y - 0.4985314 * z,
            -0.9692660 * x + 1.8760108 * y + 0.0415560 * z,
            0.0556434 * x - 0.2040259 * y + 1.0572252 * z};
    }

    public static double[] xyzToLab(double x, double y, double z) {
        double fx = f(x / XN);
        double fy = f(y / YN);
        double fz = f(z / ZN);
        return new double[] {116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)};
    }

    public static double[] labToXyz(double l, double a, double b) {
        double fy = (l + 16.0) / 116.0;
        double fx = fy + a / 500.0;
        double fz = fy - b / 200.0;
        return new double[] {XN * fInverse(fx), YN * fInverse(fy), ZN * fInverse(fz)};
    }

    /** 8-bit sRGB → CIELAB {L*, a*, b*}. */
    public static double[] srgbToLab(int r, int g, int b) {
        double[] xyz = linearRgbToXyz(srgbToLinear(r / 255.0), srgbToLinear(g / 255.0), srgbToLinear(b / 255.0));
        return xyzToLab(xyz[0], xyz[1], xyz[2]);
    }

    /** CIELAB → 8-bit sRGB {r, g, b}, out-of-gamut values clamped. */
    public static int[] labToSrgb(double l, double a, double b) {
        double[] xyz = labToXyz(l, a, b);
        double[] rgb = xyzToLinearRgb(xyz[0], xyz[1], xyz[2]);
        return new int[] {
            (int) Math.round(linearToSrgb(rgb[0]) * 255.0),
            (int) Math.round(linearToSrgb(rgb[1]) * 255.0),
            (int) Math.round(linearToSrgb(rgb[2]) * 255.0)};
    }

    // ---- L codes ----

    /** L* → 8-bit code, clamped. */
    public static int lCode(double l) {
        return (int) Math.max(0, Math.min(255, Math.round(l * 2.55)));
    }

    /** 8-bit code → L*. */
    public static float lOfCode(int code) {
        return LCODE_TO_L[code & 0xFF];
    }

    // ---- fast per-pixel paths ----

    /** 8-bit sRGB → L code, through tables. */
    public static byte lCodeOfSrgb(int r, int g, int b) {
        float y = 0.2126729f * SRGB_TO_LINEAR[r & 0xFF] + 0.7151522f * SRGB_TO_LINEAR[g & 0xFF]
                + 0.0721750f * SRGB_TO_LINEAR[b & 0xFF];
        int q = (int) (y * 65535f + 0.5f);
        return Y16_TO_LCODE[q < 0 ? 0 : Math.min(65535, q)];
    }

    /** A gray level (R = G = B = v) → L code. */
    public static byte lCodeOfGray(int v) {
        return lCodeOfSrgb(v, v, v);
    }

    /**
     * L*, a*, b* → 8-bit sRGB written as B, G, R at {@code out[offset..offset+2]} (FFmpeg's BGR24 order).
     * Cube instead of pow; the sRGB curve through a table.
     */
    public static void labToBgr(float l, float a, float b, byte[] out, int offset) {
        float fy = (l + 16f) / 116f;
        float fx = fy + a / 500f;
        float fz = fy - b / 200f;
        float x = (float) XN * fInv(fx);
        float y = fInv(fy);
        float z = (float) ZN * fInv(fz);
        xyzToBgr(x, y, z, out, offset);
    }

    /**
     * As {@link #labToBgr} for an L code, the recombiner's per-pixel path: the lightness's share from tables and
     * multiplications for divisions (a fifth faster on a 480p frame; the result differs from {@link #labToBgr}'s
     * by at most one level in about one byte in a million).
     */
    public static void lCodeToBgr(byte lCode, float a, float b, byte[] out, int offset) {
        int c = lCode & 0xFF;
        float fy = LCODE_TO_FY[c];
        float x = (float) XN * fInv(fy + a * (1f / 500f));
        float y = LCODE_TO_Y[c];
        float z = (float) ZN * fInv(fy - b * (1f / 200f));
        xyzToBgr(x, y, z, out, offset);
    }

    /** XYZ (D65, Y of white 1) → 8-bit sRGB written as B, G, R. */
    private static void xyzToBgr(float x, float y, float z, byte[] out, int offset) {
        float r = 3.2404542f * x - 1.5371385f * y - 0.4985314f * z;
        float g = -0.9692660f * x + 1.8760108f * y + 0.0415560f * z;
        float bl = 0.0556434f * x - 0.2040259f * y + 1.0572252f * z;
        out[offset] = toSrgb(bl);
        out[offset + 1] = toSrgb(g);
        out[offset + 2] = toSrgb(r);
    }

    private static float fInv(float t) {
        float t3 = t * t * t;
        return t3 > (float) EPSILON ? t3 : (116f * t - 16f) / (float) KAPPA;
    }

    private static byte toSrgb(float linear) {
        int i = (int) (linear * LINEAR_STEPS + 0.5f);
        return LINEAR_TO_SRGB[i < 0 ? 0 : Math.min(LINEAR_STEPS, i)];
    }
}
