package io.colorstream.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * {@code ./colorstream train}: prepares the photos, trains the fused colorizer with Adam on a warm-up + cosine
 * schedule, checkpoints every few minutes (resumable with {@code --resume}), logs the loss curve, and exports
 * the SavedModel.
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int WARMUP_STEPS = 300;
    /** Training-facts key: how many classifier layers the model tuned (read back by {@link ExportedColorizers}). */
    public static final String TUNED_CLASSIFIER_LAYERS = "tunedClassifierLayers";
    public static final String GLOBAL_HIDDEN = "globalHidden";
    private static final int LOG_EVERY = 10;

    /** What survives between runs besides the checkpoint itself. */
    public record State(long step, double elapsedSeconds, String checkpoint, float[] featureMean, float[] featureStd,
                        float[] rebalance) {
    }

    /** The outcome, for the caller and the model card. */
    public record Outcome(long steps, double minutes, double finalLoss, long parameters, Path model) {
    }

    private final TrainOptions o;
    private String lastSlot;

    public Trainer(TrainOptions options) {
        this.o = options;
    }

    /**
     * Whether {@code workDir} holds a checkpoint at or past {@code steps}: a resumed run of that length only
     * exports, so it needs no photos (the training folders may be gone, as on a fresh clone).
     */
    public static boolean scheduleComplete(Path workDir, long steps) {
        Path statePath = workDir.resolve("state.json");
        try {
            return Files.isRegularFile(statePath) && JSON.readValue(statePath.toFile(), State.class).step() >= steps;
        } catch (IOException e) {
            return false; // the run itself reports an unreadable state
        }
    }

    public Outcome run() throws IOException, InterruptedException {
        Files.createDirectories(o.workDir());
        DarknetTiny classifier = DarknetTiny.load(o.classifierDir());
        Path statePath = o.workDir().resolve("state.json");
        State state = null;
        if (o.resume() && Files.isRegularFile(statePath)) {
            state = JSON.readValue(statePath.toFile(), State.class);
            LOG.info("resuming from step {} ({})", state.step(), state.checkpoint());
            lastSlot = state.checkpoint().substring(0, state.checkpoint().indexOf('/'));
        } else if (o.resume()) {
            LOG.warn("--resume given but {} has no checkpoint; starting afresh", o.workDir());
        }

        // A resumed run with no steps left only exports (e.g. at another temperature): it needs no photos.
        boolean exportOnly = state != null && state.step() >= o.steps();
        TrainingSet set = null;
        if (!exportOnly) {
            try (ProgressBar bar = bar("preparing photos", -1)) {
                set = TrainingSet.prepare(o.folders(), classifier, o.workDir(), o.limitPerFolder(),
                        o.holdOutPerFolder(), bar::stepTo);
            }
            LOG.info("{} photos from {} folders, {} held out", set.images().size(), set.sources().size(),
                    set.heldOut().size());
        }
        // A warm start keeps the feature statistics its weights were trained with.
        ModelExporter.Trained warm = state == null && o.initFrom() != null
                ? ExportedColorizers.read(o.initFrom(), classifier).trained() : null;
        float[] mean = state != null ? state.featureMean() : warm != null ? warm.featureMean() : set.featureMean();
        float[] std = state != null ? state.featureStd() : warm != null ? warm.featureStd() : set.featureStd();
        float[] rebalance = state != null ? state.rebalance()
                : AbBins.rebalancingWeights(set.binCounts(), o.rebalanceLambda());
        Validation validation = set == null || set.heldOut().isEmpty() ? null
                : new Validation(set.heldOut(), classifier, o.temperature(), o.inputSize(), o.workDir());

        LossLog log = new LossLog(o.workDir().resolve("loss.csv"));
        long startStep = state != null ? state.step() : 0;
        double elapsedBefore = state != null ? state.elapsedSeconds() : 0;
        long t0 = System.nanoTime();
        long lastCheckpoint = t0;
        double lastLoss = log.lastLoss();
        long parameters;
        Map<String, float[]> trained;
        try (Graph g = new Graph(); Session s = new Session(g);
             BatchSampler sampler = exportOnly ? null
                     : new BatchSampler(set, o.folderWeights(), o.batchSize(), o.seed() + startStep, o.crops(),
                             o.inputSize(), o.filmStockShare(), o.filmPrintShare())) {
            TrainingGraph tg = new TrainingGraph(g, o.seed(), mean, std, rebalance, o.l1Weight(),
                    o.crops() ? classifier : null, o.weightDecay(), o.castWeight(), o.tunedClassifierLayers(),
                    o.classifierLrScale(), o.inputSize(), o.globalHidden());
            parameters = tg.weights.parameters();
            LOG.info("colorizer parameters: {}", parameters);
            if (state != null) {
                s.restore(o.workDir().resolve(state.checkpoint()).toString());
            } else {
                s.initialize();
                if (warm != null) {
                    warmStart(s, tg, warm);
                    LOG.info("weights start from {}", o.initFrom());
                    if (o.validateEvery() > 0) {
                        validate(validation, s, tg, 0, mean, std); // the starting point, scored like every step
                    }
                }
            }
            long step = startStep;
            double b1p = Math.pow(TrainingGraph.beta1(), step);
            double b2p = Math.pow(TrainingGraph.beta2(), step);
            double lossSum = 0;
            double ceSum = 0;
            double l1Sum = 0;
            int n = 0;
            long windowStart = System.nanoTime();
            try (ProgressBar bar = bar("training", o.steps())) {
                bar.stepTo(step);
                while (step < o.steps()) {
                    double minutes = (System.nanoTime() - t0) / 6e10;
                    if (o.maxMinutes() > 0 && minutes >= o.maxMinutes()) {
                        LOG.info("time budget of {} minutes reached at step {}", o.maxMinutes(), step);
                        break;
                    }
                    BatchSampler.Batch batch = sampler.next();
                    b1p *= TrainingGraph.beta1();
                    b2p *= TrainingGraph.beta2();
                    float lr = learningRate(step);
                    float[] out = trainStep(s, tg, batch, lr, (float) b1p, (float) b2p);
                    step++;
                    lossSum += out[0];
                    ceSum += out[1];
                    l1Sum += out[2];
                    n++;
                    bar.stepTo(step);
                    if (step % LOG_EVERY == 0) {
                        double secs = (System.nanoTime() - windowStart) / 1e9;
                        double ips = n * o.batchSize() / secs;
                        lastLoss = lossSum / n;
                        bar.setExtraMessage(String.format(Locale.ROOT, " loss %.3f, %.0f img/s", lastLoss, ips));
                        log.append(step, lastLoss, ceSum / n, l1Sum / n, lr, ips,
                                elapsedBefore + (System.nanoTime() - t0) / 1e9);
                        lossSum = ceSum = l1Sum = 0;
                        n = 0;
                        windowStart = System.nanoTime();
                    }
                    boolean validateNow = o.validateEvery() > 0 && step % o.validateEvery() == 0;
                    if ((System.nanoTime() - lastCheckpoint) / 6e10 >= o.checkpointMinutes()) {
                        checkpoint(s, tg, step, elapsedBefore + (System.nanoTime() - t0) / 1e9, mean, std, rebalance,
                                statePath);
                        if (o.validateEvery() == 0) {
                            validateNow = true;
                        }
                        lastCheckpoint = System.nanoTime();
                    }
                    if (validateNow) {
                        validate(validation, s, tg, step, mean, std);
                    }
                }
            }
            double elapsed = exportOnly ? elapsedBefore : elapsedBefore + (System.nanoTime() - t0) / 1e9;
            if (!exportOnly) {
                checkpoint(s, tg, step, elapsed, mean, std, rebalance, statePath);
                if (o.validateEvery() == 0 || step % o.validateEvery() != 0) { // not scored at this step yet
                    validate(validation, s, tg, step, mean, std);
                }
            }
            trained = fetchWeights(s, tg);
            startStep = step;
            elapsedBefore = elapsed;
        }
        log.plot(o.workDir().resolve("loss.png"));
        Map<String, Object> facts = facts(set, startStep, elapsedBefore, lastLoss, parameters);
        ModelExporter.export(List.of(new ModelExporter.Trained(trained, mean, std)), classifier, o.temperature(),
                o.inputSize(), o.outDir(), "1." + startStep, facts);
        JSON.writeValue(o.workDir().resolve("weights-summary.json").toFile(), facts);
        LOG.info("exported {} after {} steps ({} min)", o.outDir(), startStep,
                String.format(Locale.ROOT, "%.1f", elapsedBefore / 60));
        return new Outcome(startStep, elapsedBefore / 60, lastLoss, parameters, o.outDir());
    }

    private float learningRate(long step) {
        int warmup = Math.min(WARMUP_STEPS, o.steps() / 5); // short runs (smoke tests) warm up proportionally
        if (step < warmup) {
            return o.learningRate() * (step + 1) / warmup;
        }
        double progress = Math.min(1.0, (double) (step - warmup) / Math.max(1, o.steps() - warmup));
        double floor = 0.02;
        return (float) (o.learningRate() * (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * progress))));
    }

    static float[] trainStep(Session s, TrainingGraph tg, BatchSampler.Batch b, float lr, float b1p, float b2p) {
        int in = tg.inputSize;
        int out = tg.outputSize;
        int grid = TrainingImage.FEATURE_GRID;
        try (TFloat32 gray = TFloat32.tensorOf(Shape.of(b.size(), in, in, 1), DataBuffers.of(b.gray(), true, false));
             TFloat32 feats = b.features() == null ? null
                     : TFloat32.tensorOf(Shape.of(b.size(), grid, grid, DarknetTiny.FEATURE_CHANNELS),
                             DataBuffers.of(b.features(), true, false));
             TFloat32 chroma = TFloat32.tensorOf(Shape.of(b.size(), out, out, 2), DataBuffers.of(b.chroma(), true, false));
             TFloat32 lrT = TFloat32.scalarOf(lr);
             TFloat32 b1 = TFloat32.scalarOf(b1p);
             TFloat32 b2 = TFloat32.scalarOf(b2p)) {
            Session.Runner r = s.runner().feed(tg.gray, gray).feed(tg.chroma, chroma)
                    .feed(tg.learningRate, lrT).feed(tg.beta1Power, b1).feed(tg.beta2Power, b2)
                    .fetch(tg.loss).fetch(tg.crossEntropy).fetch(tg.l1).addTarget(tg.incrementStep);
            if (feats != null) {
                r.feed(tg.features, feats);
            }
            for (Op op : tg.trainOps) {
                r.addTarget(op);
            }
            try (Result res = r.run()) {
                return new float[] {((TFloat32) res.get(0)).getFloat(), ((TFloat32) res.get(1)).getFloat(),
                    ((TFloat32) res.get(2)).getFloat()};
            }
        }
    }

    /**
     * Loads an exported colorizer's weights into the fresh variables; every weight must be there, same shape,
     * except tuned classifier layers a frozen-classifier model lacks: those start from the pretrained classifier.
     */
    private static void warmStart(Session s, TrainingGraph tg, ModelExporter.Trained warm) {
        for (String name : warm.weights().keySet()) {
            if (!tg.warmStartValues.containsKey(name)) {
                // Dropping them would silently put the pretrained classifier back under weights tuned with it.
                throw new IllegalArgumentException("the warm-start model has " + name + ", which this run does not "
                        + "train: give --tune-classifier as many layers as it tuned");
            }
        }
        for (var e : tg.warmStartValues.entrySet()) {
            float[] v = warm.weights().get(e.getKey());
            if (v == null && (DarknetTiny.isTunedName(e.getKey())
                    || FusedColorizerNet.isGlobalHiddenName(e.getKey()))) {
                continue; // new layers start from their own initial values (the hidden layer's output from zero)
            }
            long[] shape = tg.weights.shape(e.getKey());
            if (v == null || v.length != Shape.of(shape).size()) {
                throw new IllegalArgumentException("the warm-start model has no weight " + e.getKey()
                        + " of shape " + java.util.Arrays.toString(shape));
            }
            try (TFloat32 t = TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(v, true, false))) {
                s.runner().feed(e.getValue(), t).addTarget(tg.warmStartAssigns.get(e.getKey())).run();
            }
        }
    }

    private void checkpoint(Session s, TrainingGraph tg, long step, double elapsed, float[] mean, float[] std,
                            float[] rebalance, Path statePath) throws IOException {
        // Two alternating slots: a crash while writing one leaves the other, which state.json still names.
        String slot = "ckpt-a".equals(lastSlot) ? "ckpt-b" : "ckpt-a";
        Path dir = o.workDir().resolve(slot);
        ModelExporter.deleteTree(dir);
        Files.createDirectories(dir);
        s.save(dir.resolve("model").toString());
        Path tmp = statePath.resolveSibling("state.json.part");
        JSON.writeValue(tmp.toFile(), new State(step, elapsed, slot + "/model", mean, std, rebalance));
        Files.move(tmp, statePath, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        lastSlot = slot;
        LOG.info("checkpoint at step {} in {}", step, dir);
    }

    /** Scores the current weights on the held-out photos, if there are any (a failure costs only the score). */
    private static void validate(Validation validation, Session s, TrainingGraph tg, long step, float[] mean,
                                 float[] std) {
        if (validation == null) {
            return;
        }
        try {
            validation.score(step, new ModelExporter.Trained(fetchWeights(s, tg), mean, std));
        } catch (IOException | RuntimeException e) {
            LOG.warn("validation at step {} failed: {}", step, e.getMessage());
        }
    }

    /** The current value of every trainable weight, by name. */
    static Map<String, float[]> fetchWeights(Session s, TrainingGraph tg) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (var e : tg.weights.variables().entrySet()) {
            try (Result r = s.runner().fetch(e.getValue()).run()) {
                TFloat32 t = (TFloat32) r.get(0);
                float[] v = new float[(int) t.shape().size()];
                t.asRawTensor().data().asFloats().read(v);
                out.put(e.getKey(), v);
            }
        }
        return out;
    }

    private Map<String, Object> facts(TrainingSet set, long steps, double seconds, double loss, long parameters) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("steps", steps);
        f.put("batchSize", o.batchSize());
        f.put("minutes", Math.round(seconds / 6.0) / 10.0);
        f.put("finalLoss", Double.isNaN(loss) ? null : loss);
        f.put("photos", set == null ? previousPhotos() : set.images().size());
        f.put("folders", o.folders().stream().map(p -> p.getFileName().toString()).toList());
        f.put("folderWeights", o.folderWeights());
        f.put("learningRate", o.learningRate());
        f.put("l1Weight", o.l1Weight());
        f.put("weightDecay", o.weightDecay());
        f.put("castWeight", o.castWeight());
        f.put(TUNED_CLASSIFIER_LAYERS, o.tunedClassifierLayers());
        f.put(GLOBAL_HIDDEN, o.globalHidden());
        f.put("filmStockShare", o.filmStockShare());
        f.put("filmPrintShare", o.filmPrintShare());
        f.put("classifierLearningRateScale", o.classifierLrScale());
        f.put("randomCrops", o.crops());
        f.put("inputSize", o.inputSize());
        f.put("rebalanceLambda", o.rebalanceLambda());
        f.put("warmStart", o.initFrom() == null ? null : o.initFrom().toString());
        f.put("seed", o.seed());
        f.put("colorizerParameters", parameters);
        f.put("machine", Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        f.put("finishedAt", Instant.now().toString());
        return f;
    }

    /** The photo count recorded by the run that trained the checkpoint (an export-only run has no set). */
    private Object previousPhotos() {
        try {
            return JSON.readTree(o.workDir().resolve("weights-summary.json").toFile()).path("photos").asLong();
        } catch (IOException e) {
            return null;
        }
    }

    private static ProgressBar bar(String task, long max) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(1000).continuousUpdate().build();
    }

}
