package io.colorstream.quality;

/**
 * Peak signal-to-noise ratio on 8-bit RGB over all pixels and channels: 20·log10(255/√MSE).
 * Identical images have MSE 0 and PSNR {@link Double#POSITIVE_INFINITY}; averages over a set that includes
 * such an image are therefore infinite too, which is the honest answer.
 */
public final class Psnr {
    private Psnr() {
    }

    /** Mean squared error over all pixels and the three channels. */
    public static double mse(RgbImage x, RgbImage y) {
        x.requireSameSize(y, "PSNR");
        byte[] p = x.rgb();
        byte[] q = y.rgb();
        long sum = 0;
        for (int i = 0; i < p.length; i++) {
            int d = (p[i] & 0xFF) - (q[i] & 0xFF);
            sum += d * d;
        }
        return (double) sum / p.length;
    }

    /** PSNR in dB; {@code +Infinity} when the images are identical. */
    public static double of(RgbImage x, RgbImage y) {
        double mse = mse(x, y);
        return mse == 0 ? Double.POSITIVE_INFINITY : 20.0 * Math.log10(255.0 / Math.sqrt(mse));
    }
}
