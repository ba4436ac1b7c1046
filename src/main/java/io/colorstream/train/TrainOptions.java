package io.colorstream.train;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything a training run depends on; recorded in the model card and the exported metadata.
 *
 * @param folders         training image folders, one source each
 * @param folderWeights   sampling weight per folder (variety, not count)
 * @param limitPerFolder  at most this many photos per folder (0 = all), for smoke runs
 * @param steps           total optimisation steps of the schedule
 * @param maxMinutes      stop (checkpoint + export) after this long even if steps remain; 0 = no limit
 * @param workDir         checkpoints, prepared-photo cache, loss CSV
 * @param outDir          where the SavedModel is exported
 * @param crops           random-crop augmentation (classifier run per batch) instead of whole photos
 * @param rebalanceLambda class rebalancing of the cross-entropy, w ∝ 1/((1 − λ)p̃ + λ/Q): 1 = off (a calibrated
 *                        distribution whose mean is the least-squares estimate), 0.5 = Zhang et al.'s setting
 * @param initFrom        an exported colorizer whose weights and feature statistics start the run (warm start);
 *                        null = random initialisation
 * @param validateEvery   score the held-out photos every this many steps (0 = at checkpoints only), so that runs
 *                        compared as ablations are scored at the same steps
 * @param castWeight      weight of the cast term: the distance between each photo's mean expected chroma and its
 *                        true mean chroma (the evaluation's "cast"); 0 = off
 * @param tunedClassifierLayers the classifier's top layers below its features trained with the colorizer, from
 *                        their pretrained values (needs crops); 0 = the classifier stays frozen
 * @param classifierLrScale their learning rate as a fraction of the colorizer's
 * @param inputSize       the side of the square input the network trains at and is exported for (needs crops
 *                        below 224: the cached classifier features are the 224 picture's); photos are prepared at
 *                        224 and each batch is resampled to it
 * @param globalHidden    width of a hidden layer in the whole-picture path (over the classifier features' mean and
 *                        spread); 0 = the linear projection of their mean alone
 * @param filmStockShare  the share of training draws whose gray is a random blend of L* and the gray an
 *                        orthochromatic film would have recorded (needs crops); 0 = L* only
 * @param filmPrintShare  the share of training draws whose gray then passes a random print tone (blacks lifted,
 *                        whites dulled, a gamma; needs crops); 0 = none
 */
public record TrainOptions(List<Path> folders, double[] folderWeights, int limitPerFolder, int holdOutPerFolder,
                           int steps, int batchSize,
                           float learningRate, float l1Weight, float weightDecay, double temperature, long seed,
                           Path classifierDir,
                           Path workDir, Path outDir, boolean resume, double maxMinutes, double checkpointMinutes,
                           boolean crops, double rebalanceLambda, Path initFrom, int validateEvery,
                           float castWeight, int tunedClassifierLayers, float classifierLrScale, int inputSize,
                           int globalHidden, double filmStockShare, double filmPrintShare) {
    /** The recipe before film-print tones were an option: none. */
    public TrainOptions(List<Path> folders, double[] folderWeights, int limitPerFolder, int holdOutPerFolder,
                        int steps, int batchSize, float learningRate, float l1Weight, float weightDecay,
                        double temperature, long seed, Path classifierDir, Path workDir, Path outDir, boolean resume,
                        double maxMinutes, double checkpointMinutes, boolean crops, double rebalanceLambda,
                        Path initFrom, int validateEvery, float castWeight, int tunedClassifierLayers,
                        float classifierLrScale, int inputSize, int globalHidden, double filmStockShare) {
        this(folders, folderWeights, limitPerFolder, holdOutPerFolder, steps, batchSize, learningRate, l1Weight,
                weightDecay, temperature, seed, classifierDir, workDir, outDir, resume, maxMinutes,
                checkpointMinutes, crops, rebalanceLambda, initFrom, validateEvery, castWeight,
                tunedClassifierLayers, classifierLrScale, inputSize, globalHidden, filmStockShare, 0);
    }

    /** The recipe before film-stock grays were an option: L* only. */
    public TrainOptions(List<Path> folders, double[] folderWeights, int limitPerFolder, int holdOutPerFolder,
                        int steps, int batchSize, float learningRate, float l1Weight, float weightDecay,
                        double temperature, long seed, Path classifierDir, Path workDir, Path outDir, boolean resume,
                        double maxMinutes, double checkpointMinutes, boolean crops, double rebalanceLambda,
                        Path initFrom, int validateEvery, float castWeight, int tunedClassifierLayers,
                        float classifierLrScale, int inputSize, int globalHidden) {
        this(folders, folderWeights, limitPerFolder, holdOutPerFolder, steps, batchSize, learningRate, l1Weight,
                weightDecay, temperature, seed, classifierDir, workDir, outDir, resume, maxMinutes,
                checkpointMinutes, crops, rebalanceLambda, initFrom, validateEvery, castWeight,
                tunedClassifierLayers, classifierLrScale, inputSize, globalHidden, 0);
    }

    /** The recipe before the whole-picture path's hidden layer was an option: none. */
    public TrainOptions(List<Path> folders, double[] folderWeights, int limitPerFolder, int holdOutPerFolder,
                        int steps, int batchSize, float learningRate, float l1Weight, float weightDecay,
                        double temperature, long seed, Path classifierDir, Path workDir, Path outDir, boolean resume,
                        double maxMinutes, double checkpointMinutes, boolean crops, double rebalanceLambda,
                        Path initFrom, int validateEvery, float castWeight, int tunedClassifierLayers,
                        float classifierLrScale, int inputSize) {
        this(folders, folderWeights, limitPerFolder, holdOutPerFolder, steps, batchSize, learningRate, l1Weight,
                weightDecay, temperature, seed, classifierDir, workDir, outDir, resume, maxMinutes,
                checkpointMinutes, crops, rebalanceLambda, initFrom, validateEvery, castWeight,
                tunedClassifierLayers, classifierLrScale, inputSize, 0);
    }

    /** The recipe before the input size was an option: the network at 224 pixels. */
    public TrainOptions(List<Path> folders, double[] folderWeights, int limitPerFolder, int holdOutPerFolder,
                        int steps, int batchSize, float learningRate, float l1Weight, float weightDecay,
                        double temperature, long seed, Path classifierDir, Path workDir, Path outDir, boolean resume,
                        double maxMinutes, double checkpointMinutes, boolean crops, double rebalanceLambda,
                        Path initFrom, int validateEvery, float castWeight, int tunedClassifierLayers,
                        float classifierLrScale) {
        this(folders, folderWeights, limitPerFolder, holdOutPerFolder, steps, batchSize, learningRate, l1Weight,
                weightDecay, temperature, seed, classifierDir, workDir, outDir, resume, maxMinutes,
                checkpointMinutes, crops, rebalanceLambda, initFrom, validateEvery, castWeight,
                tunedClassifierLayers, classifierLrScale, FusedColorizerNet.INPUT_SIZE);
    }

    /** The recipe before rebalancing, warm starts and step-based validation were options. */
    public TrainOptions(List<Path> folders, double[] folderWeights, int limitPerFolder, int holdOutPerFolder,
                        int steps, int batchSize, float learningRate, float l1Weight, float weightDecay,
                        double temperature, long seed, Path classifierDir, Path workDir, Path outDir, boolean resume,
                        double maxMinutes, double checkpointMinutes, boolean crops) {
        this(folders, folderWeights, limitPerFolder, holdOutPerFolder, steps, batchSize, learningRate, l1Weight,
                weightDecay, temperature, seed, classifierDir, workDir, outDir, resume, maxMinutes,
                checkpointMinutes, crops, 0.5, null, 0, 0f, 0, 0.1f);
    }

    /** The recipe before the cast term was an option. */
    public TrainOptions(List<Path> folders, double[] folderWeights, int limitPerFolder, int holdOutPerFolder,
                        int steps, int batchSize, float learningRate, float l1Weight, float weightDecay,
                        double temperature, long seed, Path classifierDir, Path workDir, Path outDir, boolean resume,
                        double maxMinutes, double checkpointMinutes, boolean crops, double rebalanceLambda,
                        Path initFrom, int validateEvery) {
        this(folders, folderWeights, limitPerFolder, holdOutPerFolder, steps, batchSize, learningRate, l1Weight,
                weightDecay, temperature, seed, classifierDir, workDir, outDir, resume, maxMinutes,
                checkpointMinutes, crops, rebalanceLambda, initFrom, validateEvery, 0f, 0, 0.1f);
    }

    /** The recipe before tuning the classifier was an option. */
    public TrainOptions(List<Path> folders, double[] folderWeights, int limitPerFolder, int holdOutPerFolder,
                        int steps, int batchSize, float learningRate, float l1Weight, float weightDecay,
                        double temperature, long seed, Path classifierDir, Path workDir, Path outDir, boolean resume,
                        double maxMinutes, double checkpointMinutes, boolean crops, double rebalanceLambda,
                        Path initFrom, int validateEvery, float castWeight) {
        this(folders, folderWeights, limitPerFolder, holdOutPerFolder, steps, batchSize, learningRate, l1Weight,
                weightDecay, temperature, seed, classifierDir, workDir, outDir, resume, maxMinutes,
                checkpointMinutes, crops, rebalanceLambda, initFrom, validateEvery, castWeight, 0, 0.1f);
    }

    public TrainOptions {
        if (rebalanceLambda <= 0 || rebalanceLambda > 1) {
            throw new IllegalArgumentException("rebalancing lambda must be in (0, 1], got " + rebalanceLambda);
        }
        if (castWeight < 0) {
            throw new IllegalArgumentException("cast weight must be 0 or more, got " + castWeight);
        }
        if (tunedClassifierLayers < 0 || tunedClassifierLayers > DarknetTiny.FEATURE_LAYER) {
            throw new IllegalArgumentException("tuned classifier layers must be 0 to " + DarknetTiny.FEATURE_LAYER
                    + ", got " + tunedClassifierLayers);
        }
        if (tunedClassifierLayers > 0 && !crops) {
            throw new IllegalArgumentException("tuning the classifier needs random crops: cached features cannot "
                    + "change");
        }
        ModelExporter.checkSize(inputSize);
        if (inputSize > FusedColorizerNet.INPUT_SIZE) {
            throw new IllegalArgumentException("the input size can be at most " + FusedColorizerNet.INPUT_SIZE
                    + " (the size photos are prepared at), got " + inputSize);
        }
        if (inputSize != FusedColorizerNet.INPUT_SIZE && !crops) {
            throw new IllegalArgumentException("an input size other than " + FusedColorizerNet.INPUT_SIZE
                    + " needs random crops: the cached classifier features are the " + FusedColorizerNet.INPUT_SIZE
                    + "-pixel picture's");
        }
        if (!(classifierLrScale > 0)) {
            throw new IllegalArgumentException("the classifier's learning-rate scale must be above 0, got "
                    + classifierLrScale);
        }
        if (globalHidden < 0) {
            throw new IllegalArgumentException("the global hidden layer's width must be 0 or more, got "
                    + globalHidden);
        }
        BatchSampler.checkFilmShares(filmStockShare, filmPrintShare, crops);
        if (validateEvery < 0) {
            throw new IllegalArgumentException("validate-every must be 0 or more steps");
        }
        if (folders.isEmpty()) {
            throw new IllegalArgumentException("give at least one folder of training photos (--data)");
        }
        if (folderWeights.length != folders.size()) {
            throw new IllegalArgumentException("one weight per folder");
        }
        if (holdOutPerFolder < 0) {
            throw new IllegalArgumentException("hold-out must be 0 or more photos per folder");
        }
        if (weightDecay < 0) {
            throw new IllegalArgumentException("weight decay must be 0 or more");
        }
        if (steps <= 0 || batchSize <= 0) {
            throw new IllegalArgumentException("steps and batch size must be positive");
        }
    }

    /**
     * Default weights by folder name for ../shared/data/train (see data/SOURCES.md), following what films show:
     * people first, then rooms, animals with people, varied objects and places, street and landscape scenes;
     * flowers (4,317 close-ups of five kinds, saturated) last. The small folders get more than their count, not so
     * much that their photos are memorised (20–30 passes each over a 6,000-step run; see models/README.md).
     * voc2007 gets none: its 356 photos are grayscale, so they teach nothing about colour (and pull towards gray).
     * Folders not named here get 0.05.
     */
    public static double defaultWeight(Path folder) {
        return switch (folder.getFileName().toString()) {
            case "people" -> 0.27;
            case "intel-scenes" -> 0.14;
            case "houses", "voc2012", "imagenet" -> 0.13;
            case "bsds500" -> 0.06;
            case "clothing", "grocery" -> 0.05;
            case "flowers" -> 0.04;
            case "voc2007" -> 0.0;
            default -> 0.05;
        };
    }
}
