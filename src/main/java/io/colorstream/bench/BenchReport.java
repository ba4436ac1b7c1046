package io.colorstream.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * What a bench run found, as a plain-text table for the terminal and as Markdown for the docs: one row per stage,
 * one column per frame size, frames per second in each cell, then the end-to-end start-up and the ratio of
 * end-to-end speed to the model's own.
 *
 * @param measuredAt when, as people read it (e.g. {@code 2026-11-27 17:40 UTC})
 * @param model      which model, and its native size
 * @param clip       what clip was timed, in words
 */
public record BenchReport(MachineFacts machine, String measuredAt, String model, String clip,
                          List<SizeResult> sizes) {

    /** Shown where a figure was not measured. */
    static final String NONE = "–";
    static final String FIRST_FRAME_ROW = "end to end: first frame after";
    static final String STEADY_RATIO_ROW = "after the first frame / model (batch 1)";
    static final String RATIO_ROW = "end to end / model (batch 1)";
    static final String SERIES_ROW = "stages one after another";
    static final String SERIES_RATIO_ROW = "end to end / stages one after another";

    public BenchReport {
        if (sizes.isEmpty()) {
            throw new IllegalArgumentException("a bench report needs at least one frame size");
        }
        sizes = List.copyOf(sizes);
    }

    /** {@code 412.3 fps}. */
    static String fps(double framesPerSecond) {
        return String.format(Locale.ROOT, "%.1f fps", framesPerSecond);
    }

    /**
     * {@code 0.85}; two significant digits below 0.1 ({@code 0.0048}: a tiny model is far faster than the flow
     * around it); {@link #NONE} when not measured.
     */
    static String ratio(OptionalDouble ratio) {
        if (ratio.isEmpty()) {
            return NONE;
        }
        double r = ratio.getAsDouble();
        return String.format(Locale.ROOT, r >= 0.1 ? "%.2f" : "%.2g", r);
    }

    /** {@code 6.4 s}; {@link #NONE} when not measured. */
    static String seconds(double seconds) {
        return Double.isNaN(seconds) ? NONE : String.format(Locale.ROOT, "%.1f s", seconds);
    }

    /** The table's rows, first the header: stage name, then one cell per size. */
    List<List<String>> rows() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(row("stage", SizeResult::label));
        for (Stage stage : Stage.values()) {
            if (stage == Stage.END_TO_END_EXACTLY_ONCE && sizes.stream().noneMatch(s -> s.stage(stage).isPresent())) {
                continue; // only with bench --exactly-once
            }
            rows.add(row(stage.label(), s -> s.stage(stage).map(r -> fps(r.framesPerSecond())).orElse(NONE)));
        }
        rows.add(row(FIRST_FRAME_ROW, s -> seconds(s.firstFrameSeconds())));
        rows.add(row(RATIO_ROW, s -> ratio(s.endToEndOverModel())));
        rows.add(row(STEADY_RATIO_ROW, s -> ratio(s.steadyOverModel())));
        rows.add(row(SERIES_ROW, s -> s.stagesInSeries().isPresent() ? fps(s.stagesInSeries().getAsDouble()) : NONE));
        rows.add(row(SERIES_RATIO_ROW, s -> ratio(s.endToEndOverStages())));
        return rows;
    }

    private List<String> row(String name, Function<SizeResult, String> cell) {
        List<String> row = new ArrayList<>();
        row.add(name);
        for (SizeResult s : sizes) {
            row.add(cell.apply(s));
        }
        return row;
    }

    private List<String[]> facts() {
        return List.of(
                new String[] {"machine", machine.hardware()},
                new String[] {"os", machine.os()},
                new String[] {"java", machine.java()},
                new String[] {"libraries", machine.libraries()},
                new String[] {"model", model},
                new String[] {"clip", clip},
                new String[] {"measured", measuredAt});
    }

    private List<String> notes() {
        List<String> notes = new ArrayList<>();
        for (SizeResult s : sizes) {
            if (!s.notes().isEmpty()) {
                notes.add(s.label() + ": " + String.join("; ", s.notes()));
            }
        }
        return notes;
    }

    /** Aligned columns: names left, figures right. */
    public String toText() {
        StringBuilder out = new StringBuilder();
        out.append("colorstream bench: frames per second of each stage, each timed on its own on the same clip\n\n");
        for (String[] fact : facts()) {
            out.append(String.format(Locale.ROOT, "%-10s %s%n", fact[0], fact[1]));
        }
        out.append('\n');
        List<List<String>> rows = rows();
        int columns = rows.get(0).size();
        int[] width = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            line.append(pad(row.get(0), width[0], false));
            for (int c = 1; c < columns; c++) {
                line.append("   ").append(pad(row.get(c), width[c], true));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        List<String> notes = notes();
        if (!notes.isEmpty()) {
            out.append('\n');
            for (String note : notes) {
                out.append(note).append('\n');
            }
        }
        return out.toString();
    }

    /** The same as a Markdown section: facts as a list, the figures as a table, notes after. */
    public String toMarkdown() {
        StringBuilder out = new StringBuilder();
        out.append("## colorstream bench, ").append(measuredAt).append("\n\n");
        for (String[] fact : facts()) {
            out.append("- **").append(fact[0]).append("**: ").append(escape(fact[1])).append('\n');
        }
        out.append('\n');
        List<List<String>> rows = rows();
        boolean header = true;
        for (List<String> row : rows) {
            out.append('|');
            for (String cell : row) {
                out.append(' ').append(escape(cell)).append(" |");
            }
            out.append('\n');
            if (header) {
                out.append("|:--");
                for (int c = 1; c < row.size(); c++) {
                    out.append("|--:");
                }
                out.append("|\n");
                header = false;
            }
        }
        List<String> notes = notes();
        if (!notes.isEmpty()) {
            out.append('\n');
            for (String note : notes) {
                out.append("- ").append(escape(note)).append('\n');
            }
        }
        return out.toString();
    }

    private static String pad(String s, int width, boolean right) {
        int missing = width - s.length();
        if (missing <= 0) {
            return s;
        }
        String spaces = " ".repeat(missing);
        return right ? spaces + s : s + spaces;
    }

    /** A pipe would end a Markdown table cell. */
    private static String escape(String s) {
        return s.replace("|", "\\|");
    }
}
