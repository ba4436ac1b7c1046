package io.colorstream.train;

/**
 * One training photo, prepared once: squashed to the model's 224×224 input exactly as a film frame is, with
 * the classifier's features computed from its gray version (the classifier is frozen, so they never change).
 *
 * @param source   index of the folder it came from (for sampling in proportion to variety)
 * @param luma     224·224 L codes
 * @param chroma   56·56·2 signed a*, b* (area average over 4×4 pixels), the training target
 * @param features 14·14·128 raw Darknet layer-15 features of the gray image
 * @param orthoLuma 224·224 L codes of the gray an orthochromatic film would have recorded
 *                  ({@link io.colorstream.model.FilmStock#ORTHOCHROMATIC}), for {@code train --film-stocks}
 */
public record TrainingImage(int source, byte[] luma, byte[] chroma, float[] features, byte[] orthoLuma) {
    public static final int LUMA_BYTES = FusedColorizerNet.INPUT_SIZE * FusedColorizerNet.INPUT_SIZE;
    public static final int CHROMA_BYTES = FusedColorizerNet.OUTPUT_SIZE * FusedColorizerNet.OUTPUT_SIZE * 2;
    public static final int FEATURE_GRID = FusedColorizerNet.INPUT_SIZE / DarknetTiny.FEATURE_STRIDE;
    public static final int FEATURE_FLOATS = FEATURE_GRID * FEATURE_GRID * DarknetTiny.FEATURE_CHANNELS;
}
