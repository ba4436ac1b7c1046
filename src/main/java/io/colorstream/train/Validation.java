package io.colorstream.train;

import io.colorstream.model.SavedModelColorizer;
import io.colorstream.quality.EvaluationReport;
import io.colorstream.quality.ImageEvaluation;
import io.colorstream.quality.ImageFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores the weights of a checkpoint on the photos held out of training ({@code train --hold-out N}), exactly
 * as {@code evaluate} would score the exported model, and appends a row to {@code validation.csv}: a training
 * run's own evidence for when to stop and which checkpoint to keep, without looking at the test sets.
 */
final class Validation {
    static final String FILE = "validation.csv";
    static final String HEADER = "step,photos,psnr_gray,psnr_ours,psnr_gain,cf_ours,cf_truth,delta_cf,cast_gray,"
            + "cast_ours,harmed";
    /** The same summary per training folder: where a cast or a harm comes from shows there first. */
    static final String FOLDERS_FILE = "validation-folders.csv";
    static final String FOLDERS_HEADER = "step,folder," + HEADER.substring("step,".length());
    private static final Logger LOG = LoggerFactory.getLogger(Validation.class);

    private final List<Path> photos;
    private final DarknetTiny classifier;
    private final double temperature;
    private final int inputSize;
    private final Path workDir;

    Validation(List<Path> photos, DarknetTiny classifier, double temperature, int inputSize, Path workDir) {
        this.photos = List.copyOf(photos);
        this.classifier = classifier;
        this.temperature = temperature;
        this.inputSize = inputSize;
        this.workDir = workDir;
    }

    /** Exports the weights beside the checkpoints, scores the held-out photos, logs and appends the summary. */
    EvaluationReport.Summary score(long step, ModelExporter.Trained trained) throws IOException {
        Path model = workDir.resolve("validation-model");
        ModelExporter.export(List.of(trained), classifier, temperature, inputSize, model, "validation." + step,
                Map.of());
        List<EvaluationReport.ImageScores> scores = new ArrayList<>();
        Map<String, List<EvaluationReport.ImageScores>> byFolder = new TreeMap<>();
        try (SavedModelColorizer colorizer = SavedModelColorizer.load(model)) {
            ImageEvaluation evaluation = new ImageEvaluation(colorizer);
            for (Path p : photos) {
                EvaluationReport.ImageScores score = evaluation.score(p.getFileName().toString(), ImageFiles.read(p));
                scores.add(score);
                String folder = p.getParent() == null ? "." : p.getParent().getFileName().toString();
                byFolder.computeIfAbsent(folder, f -> new ArrayList<>()).add(score);
            }
        } finally {
            ModelExporter.deleteTree(model);
        }
        EvaluationReport.Summary s = EvaluationReport.Summary.of(scores);
        append(FILE, HEADER, step + "," + row(s));
        for (var e : byFolder.entrySet()) {
            append(FOLDERS_FILE, FOLDERS_HEADER, step + "," + e.getKey() + ","
                    + row(EvaluationReport.Summary.of(e.getValue())));
        }
        LOG.info(String.format(Locale.ROOT, "validation at step %d on %d held-out photos: PSNR %+.2f dB over gray, "
                + "colourfulness %.1f (truth %.1f), cast %.1f (gray %.1f), %.0f %% harmed", step, s.images(),
                s.ours().psnr() - s.gray().psnr(), s.ours().colourfulness(), s.truth().colourfulness(), s.castOurs(),
                s.castGray(), 100 * s.harmedShare()));
        return s;
    }

    private void append(String file, String header, String row) throws IOException {
        Path csv = workDir.resolve(file);
        if (!Files.exists(csv)) {
            Files.writeString(csv, header + "\n", StandardCharsets.UTF_8);
        }
        Files.writeString(csv, row + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private static String row(EvaluationReport.Summary s) {
        return String.format(Locale.ROOT, "%d,%.4f,%.4f,%.4f,%.3f,%.3f,%.3f,%.3f,%.3f,%.4f", s.images(),
                s.gray().psnr(), s.ours().psnr(), s.ours().psnr() - s.gray().psnr(), s.ours().colourfulness(),
                s.truth().colourfulness(), s.deltaCfOurs(), s.castGray(), s.castOurs(), s.harmedShare());
    }
}
