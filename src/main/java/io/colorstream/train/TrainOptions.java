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
 */
public record TrainOptions(List<Path> folders, double[] folderWeights, int limitPerFolder, int holdOutPerFolder,
                           int steps, int batchSize,
                           float learningRate, float l1Weight, float weightDecay, double temperature, long seed,
                           Path classifierDir,
                           Path workDir, Path outDir, boolean resume, double maxMinutes, double checkpointMinutes,
                           boolean crops) {
    public TrainOptions {
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
     * Default weights by folder name for ../shared/data/train (see data/SOURCES.md): the varied but small folders
     * get more than their count, not so much that their photos are memorised (see models/README.md).
     */
    public static double defaultWeight(Path folder) {
        return switch (folder.getFileName().toString()) {
            case "imagenet", "flowers" -> 0.20;
            case "intel-scenes" -> 0.40;
            case "voc2007" -> 0.12;
            case "bsds500" -> 0.08;
            default -> 0.2;
        };
    }
}
