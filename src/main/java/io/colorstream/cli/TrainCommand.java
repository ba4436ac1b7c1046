package io.colorstream.cli;

import java.nio.file.Path;
import io.colorstream.train.TrainOptions;
import io.colorstream.train.Trainer;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code colorstream train --data DIR…}: train the colorizer SavedModel. */
@Command(name = "train", mixinStandardHelpOptions = true,
        header = "Train the colorizer model on colour photos.", sortOptions = false,
        description = {
            "Trains the colorizer on colour photos (each is grayed to CIELAB L and its a*, b* learned) and exports "
                    + "a SavedModel with its metadata to --out. Checkpoints go to --work; --resume continues "
                    + "from the latest one."})
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, arity = "1..*", paramLabel = "DIR",
            description = "Folders of colour photos (JPEG, PNG; top level only), each one sampling source.")
    List<Path> data;

    @Option(names = "--weights", split = ",", paramLabel = "W",
            description = "Sampling weight per --data folder, in order (default: by folder name, variety over "
                    + "count, what films show first: people .27, intel-scenes .14, houses, voc2012 and imagenet .13 each, "
                    + "bsds500 .06, clothing and grocery .05, flowers .04, voc2007 0 (its photos are grayscale), "
                    + "others .05).")
    List<Double> weights;

    @Option(names = "--limit-per-folder", paramLabel = "N", defaultValue = "0",
            description = "At most N photos from each folder, spread evenly by name; 0 = all (default: ${DEFAULT-VALUE}).")
    int limitPerFolder;

    @Option(names = "--hold-out", paramLabel = "N", defaultValue = "0",
            description = "Keep N photos of each --data folder out of training and score the model on them at "
                    + "every checkpoint (validation.csv in --work): the evidence for when to stop "
                    + "(default: ${DEFAULT-VALUE}, none).")
    int holdOut;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "8000",
            description = "Length of the learning-rate schedule in steps, counting resumed ones (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--max-minutes", paramLabel = "MIN", defaultValue = "0",
            description = "Stop after this many minutes of training in this run, then checkpoint and export; "
                    + "continue later with --resume. 0 = no limit (default).")
    double maxMinutes;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "16",
            description = "Images per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--learning-rate", paramLabel = "LR", defaultValue = "0.001",
            description = "Peak Adam learning rate, after warm-up, before cosine decay (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--l1-weight", paramLabel = "W", defaultValue = "2",
            description = "Weight of the L1 loss on expected chroma beside the rebalanced cross-entropy "
                    + "(default: ${DEFAULT-VALUE}).")
    float l1Weight;

    @Option(names = "--cast-weight", paramLabel = "W", defaultValue = "0",
            description = "Weight of the cast term: the distance between each photo's mean predicted chroma and its "
                    + "true mean chroma, the overall tint a viewer sees first (default: ${DEFAULT-VALUE}, off).")
    float castWeight;

    @Option(names = "--tune-classifier", paramLabel = "LAYERS", defaultValue = "0",
            description = "Train the classifier's top LAYERS layers below its features with the colorizer, from their "
                    + "pretrained values, so its whole-picture feature can learn what predicts colour (needs "
                    + "--random-crops; default: ${DEFAULT-VALUE}, frozen).")
    int tuneClassifier;

    @Option(names = "--classifier-learning-rate-scale", paramLabel = "S", defaultValue = "0.1",
            description = "Learning rate of the tuned classifier layers as a fraction of the colorizer's "
                    + "(default: ${DEFAULT-VALUE}).")
    float classifierLrScale;

    @Option(names = "--input-size", paramLabel = "PIXELS", defaultValue = "224",
            description = "Side of the square input the network trains at and is exported for: a multiple of 16, "
                    + "at most 224 (the size photos are prepared at). Smaller is faster to run (160: ~1.6x the "
                    + "model's speed) and sees the picture coarser; below 224 needs --random-crops "
                    + "(default: ${DEFAULT-VALUE}).")
    int inputSize;

    @Option(names = "--global-hidden", paramLabel = "WIDTH", defaultValue = "0",
            description = "Give the whole-picture path a hidden layer of WIDTH units over the classifier features' "
                    + "mean and spread, beside its linear projection of their mean: the picture's overall colour "
                    + "as a nonlinear function of what it shows. Its output starts at zero, so a warm start from a "
                    + "model without it begins as that model; 0 = none (default: ${DEFAULT-VALUE}).")
    int globalHidden;

    @Option(names = "--film-stocks", paramLabel = "SHARE", defaultValue = "0",
            description = "Show the model old film's grays: this share of training draws (0 to 1) takes its gray "
                    + "from a random blend of the photo's L* and the gray an orthochromatic film (blind to red, as "
                    + "most film before the mid-1920s was) would have recorded. Needs --random-crops "
                    + "(default: ${DEFAULT-VALUE}, L* only).")
    double filmStockShare;

    @Option(names = "--film-prints", paramLabel = "SHARE", defaultValue = "0",
            description = "Show the model old prints' tones: this share of training draws (0 to 1) passes its gray "
                    + "through a random print tone (blacks at L* 0-25, whites at 60-100, a gamma of 0.7-1.4), as "
                    + "dense, dark and worn film shows it. Needs --random-crops (default: ${DEFAULT-VALUE}, none).")
    double filmPrintShare;

    @Option(names = "--weight-decay", paramLabel = "WD", defaultValue = "0",
            description = "Decoupled weight decay of the kernels (AdamW): each step shrinks them by learning rate "
                    + "x WD; a regulariser against memorising the training photos (default: ${DEFAULT-VALUE}, off).")
    float weightDecay;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "1.0",
            description = "Annealed-mean temperature baked into the exported model (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--rebalance", paramLabel = "LAMBDA", defaultValue = "1.0",
            description = "Class rebalancing of the cross-entropy, w ~ 1/((1-LAMBDA)p + LAMBDA/Q): 1 = off, the "
                    + "model's distribution stays calibrated and its mean leans to neutral where it is unsure; "
                    + "0.5 = Zhang et al. 2016, pulls towards rare saturated colours (default: ${DEFAULT-VALUE}).")
    double rebalance;

    @Option(names = "--init-from", paramLabel = "MODEL",
            description = "Start from the weights of an exported colorizer (a warm start) instead of random ones.")
    Path initFrom;

    @Option(names = "--validate-every", paramLabel = "STEPS", defaultValue = "0",
            description = "Score the --hold-out photos every STEPS steps instead of at each checkpoint, so that "
                    + "runs compared with each other are scored at the same steps (default: ${DEFAULT-VALUE}).")
    int validateEvery;

    @Option(names = "--resume", description = "Continue from the latest checkpoint in --work.")
    boolean resume;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Random seed for initialisation, sampling and augmentation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--classifier", paramLabel = "DIR", defaultValue = "models/darknet-tiny",
            description = "The Darknet-tiny TF.js files for the fusion branch (default: ${DEFAULT-VALUE}).")
    Path classifier;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ModelOption.DEFAULT,
            description = "Where the trained SavedModel and its metadata are exported (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--work", paramLabel = "DIR", defaultValue = "models/training",
            description = "Checkpoints, loss curve and the prepared-photo cache (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--random-crops", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Train on random crops (40-100 %% of each photo), running the classifier per batch; "
                    + "--no-random-crops trains on whole photos with cached classifier features, faster but it "
                    + "memorises small folders (default: ${DEFAULT-VALUE}).")
    boolean randomCrops;

    @Option(names = "--checkpoint-minutes", paramLabel = "MIN", defaultValue = "5",
            description = "Checkpoint at least this often (default: ${DEFAULT-VALUE}).")
    double checkpointMinutes;

    @Override
    public Integer call() throws Exception {
        if (!(resume && Trainer.scheduleComplete(work, steps))) { // an export-only resume reads no photos
            data.forEach(d -> OptionChecks.directory(spec, "--data", d));
        }
        OptionChecks.directory(spec, "--classifier", classifier);
        OptionChecks.positive(spec, "--steps", steps);
        OptionChecks.positive(spec, "--batch", batch);
        if (!(rebalance > 0 && rebalance <= 1)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--rebalance must be in (0, 1], got " + rebalance);
        }
        if (initFrom != null) {
            OptionChecks.directory(spec, "--init-from", initFrom);
        }
        if (validateEvery < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--validate-every must be 0 or more steps, got " + validateEvery);
        }
        if (weightDecay < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--weight-decay must be 0 or more, got " + weightDecay);
        }
        if (castWeight < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--cast-weight must be 0 or more, got " + castWeight);
        }
        if (holdOut < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--hold-out must be 0 or more photos per folder, got " + holdOut);
        }
        double[] w = new double[data.size()];
        if (weights != null && weights.size() != data.size()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--weights gives " + weights.size() + " weights for " + data.size() + " --data folders");
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = weights != null ? weights.get(i) : TrainOptions.defaultWeight(data.get(i));
        }
        Trainer.Outcome outcome = new Trainer(new TrainOptions(data, w, limitPerFolder, holdOut, steps, batch, learningRate,
                l1Weight, weightDecay, temperature, seed, classifier, work, out, resume, maxMinutes, checkpointMinutes,
                randomCrops, rebalance, initFrom, validateEvery, castWeight, tuneClassifier, classifierLrScale,
                inputSize, globalHidden, filmStockShare, filmPrintShare))
                .run();
        spec.commandLine().getOut().printf("trained %d steps in %.1f min, loss %.3f; model in %s%n", outcome.steps(),
                outcome.minutes(), outcome.finalLoss(), outcome.model());
        return 0;
    }
}
