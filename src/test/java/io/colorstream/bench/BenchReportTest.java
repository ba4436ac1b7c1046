package io.colorstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchReportTest {

    private static final MachineFacts MACHINE = new MachineFacts("Test CPU | fast", 2, 6L << 30, "Java VM 17",
            "Linux 6 (amd64)", "2.18.0", "7.1.1");

    /** 100 frames in {@code seconds}. */
    private static StageResult result(Stage stage, double seconds) {
        return new StageResult(stage, 100, Math.round(seconds * 1e9));
    }

    private static SizeResult full(int width, int height, double modelSeconds, double e2eSeconds) {
        return new SizeResult(width, height, Map.of(
                Stage.DECODE, result(Stage.DECODE, 0.25),
                Stage.MODEL_BATCH_1, result(Stage.MODEL_BATCH_1, modelSeconds),
                Stage.MODEL_BATCH_4, result(Stage.MODEL_BATCH_4, modelSeconds * 0.8),
                Stage.SMOOTHING, result(Stage.SMOOTHING, 0.1),
                Stage.RECOMBINE, result(Stage.RECOMBINE, 0.5),
                Stage.RECOMBINE_ENCODE, result(Stage.RECOMBINE_ENCODE, 4),
                Stage.END_TO_END, result(Stage.END_TO_END, e2eSeconds),
                Stage.END_TO_END_EXACTLY_ONCE, result(Stage.END_TO_END_EXACTLY_ONCE, e2eSeconds * 1.2)), 3.25,
                List.of("found 3 of 3 shots"));
    }

    private static BenchReport report(SizeResult... sizes) {
        return new BenchReport(MACHINE, "2026-11-27 17:40 UTC", "models/colorizer, native 224x224",
                "120 frames", List.of(sizes));
    }

    @Test
    void framesPerSecondAndMillisecondsComeFromFramesAndTime() {
        StageResult r = new StageResult(Stage.DECODE, 120, 3_000_000_000L);
        assertEquals(40.0, r.framesPerSecond(), 1e-9);
        assertEquals(25.0, r.millisPerFrame(), 1e-9);
        assertEquals(3.0, r.seconds(), 1e-12);
    }

    @Test
    void ratioIsEndToEndSpeedOverModelSpeed() {
        SizeResult s = full(854, 480, 5, 8); // model 20 fps, end to end 12.5 fps
        assertEquals(12.5 / 20.0, s.endToEndOverModel().getAsDouble(), 1e-9);
        assertEquals("0.63", BenchReport.ratio(s.endToEndOverModel()));
    }

    @Test
    void stagesInSeriesAddTheirTimesPerFrameWithTheModelAtBatchFour() {
        SizeResult s = full(854, 480, 5, 8);
        // Per frame: decode 2.5 ms, model at batch 4 40 ms, smoothing 1 ms, recombine + encode 40 ms.
        double series = 1000 / (2.5 + 40 + 1 + 40);
        assertEquals(series, s.stagesInSeries().getAsDouble(), 1e-9);
        assertEquals(12.5 / series, s.endToEndOverStages().getAsDouble(), 1e-9);
        String text = report(s).toText();
        assertTrue(text.lines().anyMatch(l -> l.startsWith(BenchReport.SERIES_ROW)
                && l.endsWith(BenchReport.fps(series))), text);
        SizeResult noEncode = new SizeResult(854, 480, Map.of(Stage.DECODE, result(Stage.DECODE, 1),
                Stage.MODEL_BATCH_1, result(Stage.MODEL_BATCH_1, 5)), Double.NaN, List.of());
        assertTrue(noEncode.stagesInSeries().isEmpty(), "a stage missing: no yardstick");
    }

    @Test
    void ratioIsMissingWithoutEitherFigure() {
        SizeResult noFlow = new SizeResult(854, 480, Map.of(Stage.MODEL_BATCH_1, result(Stage.MODEL_BATCH_1, 5)),
                Double.NaN, List.of());
        assertTrue(noFlow.endToEndOverModel().isEmpty());
        assertEquals(BenchReport.NONE, BenchReport.ratio(noFlow.endToEndOverModel()));
        assertEquals(BenchReport.NONE, BenchReport.seconds(Double.NaN));
    }

    @Test
    void figuresAreFormattedWithOneDecimalInAnyLocale() {
        java.util.Locale before = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.GERMANY); // decimal comma, if the format followed it
            assertEquals("412.3 fps", BenchReport.fps(412.25));
            assertEquals("6.4 s", BenchReport.seconds(6.44));
            assertEquals("0.85", BenchReport.ratio(java.util.OptionalDouble.of(0.849)));
            assertEquals("0.0048", BenchReport.ratio(java.util.OptionalDouble.of(0.004812)),
                    "small ratios keep two significant digits rather than round to 0.00");
        } finally {
            java.util.Locale.setDefault(before);
        }
    }

    @Test
    void sizesAreNamedLikeTheCommandLineNamesThem() {
        assertEquals("480p (854x480)", SizeResult.label(854, 480));
        assertEquals("1080p (1920x1080)", SizeResult.label(1920, 1080));
        assertEquals("640x480", SizeResult.label(640, 480));
        assertEquals("320x180", SizeResult.label(320, 180));
    }

    @Test
    void textTableHasOneRowPerStageAndOneAlignedColumnPerSize() {
        BenchReport report = report(full(854, 480, 5, 8), full(1920, 1080, 6, 12));
        String text = report.toText();
        List<String> lines = text.lines().toList();
        int header = indexOfLineStartingWith(lines, "stage");
        assertTrue(lines.get(header).contains("480p (854x480)") && lines.get(header).contains("1080p (1920x1080)"),
                lines.get(header));
        String[] rowNames = new String[Stage.values().length + 2];
        for (Stage s : Stage.values()) {
            rowNames[s.ordinal()] = s.label();
        }
        rowNames[Stage.values().length] = BenchReport.FIRST_FRAME_ROW;
        rowNames[Stage.values().length + 1] = BenchReport.RATIO_ROW;
        for (int i = 0; i < rowNames.length; i++) {
            assertTrue(lines.get(header + 1 + i).startsWith(rowNames[i]), "row " + i + ": " + lines.get(header + 1 + i));
        }
        // Figures are right-aligned: every row of the table ends at the same column.
        int end = lines.get(header).length();
        for (int i = 0; i <= rowNames.length; i++) {
            assertEquals(end, lines.get(header + i).length(), "row " + i + " ends where the header ends");
        }
        String model = lines.get(header + 1 + Stage.MODEL_BATCH_1.ordinal());
        assertTrue(model.contains(BenchReport.fps(100 / 5.0)) && model.contains(BenchReport.fps(100 / 6.0)), model);
        String ratio = lines.get(header + rowNames.length);
        assertTrue(ratio.contains(BenchReport.ratio(java.util.OptionalDouble.of((100 / 8.0) / (100 / 5.0))))
                && ratio.contains(BenchReport.ratio(java.util.OptionalDouble.of((100 / 12.0) / (100 / 6.0)))), ratio);
        assertTrue(text.contains("Test CPU | fast, 2 cores, 6.0 GiB max heap"), text);
        assertTrue(text.contains("TensorFlow 2.18.0, FFmpeg 7.1.1"), text);
        assertTrue(text.contains("480p (854x480): found 3 of 3 shots"), text);
    }

    @Test
    void missingStagesShowADashNotAZero() {
        SizeResult partial = new SizeResult(320, 180, Map.of(Stage.DECODE, result(Stage.DECODE, 1)), Double.NaN,
                List.of());
        String text = report(partial).toText();
        String batch4 = text.lines().filter(l -> l.startsWith(Stage.MODEL_BATCH_4.label())).findFirst().orElseThrow();
        assertTrue(batch4.endsWith(BenchReport.NONE), batch4);
        assertFalse(batch4.contains("0.0"), batch4);
    }

    @Test
    void markdownIsATableWithTheSameCellsAndEscapedPipes() {
        BenchReport report = report(full(854, 480, 5, 8), full(1920, 1080, 6, 12));
        String md = report.toMarkdown();
        List<String> table = md.lines().filter(l -> l.startsWith("|")).toList();
        assertEquals(Stage.values().length + 7, table.size(), md); // header, separator, stages, five more rows
        assertEquals("|:--|--:|--:|", table.get(1));
        for (String row : table) {
            assertEquals(4, row.chars().filter(c -> c == '|').count(), "three cells: " + row);
        }
        List<List<String>> rows = report.rows();
        for (int i = 0; i < rows.size(); i++) {
            String mdRow = table.get(i == 0 ? 0 : i + 1);
            for (String cell : rows.get(i)) {
                assertTrue(mdRow.contains(" " + cell + " |"), cell + " in " + mdRow);
            }
        }
        assertTrue(md.contains("Test CPU \\| fast"), "a pipe in a fact is escaped: " + md);
    }

    @Test
    void resultsAreCheckedWhenMade() {
        assertThrows(IllegalArgumentException.class, () -> new StageResult(Stage.DECODE, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new StageResult(Stage.DECODE, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> new SizeResult(854, 480,
                Map.of(Stage.DECODE, result(Stage.SMOOTHING, 1)), Double.NaN, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new BenchReport(MACHINE, "now", "m", "c", List.of()));
    }

    private static int indexOfLineStartingWith(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starts with " + prefix);
    }
}
