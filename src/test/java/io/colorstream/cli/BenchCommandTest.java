package io.colorstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.bench.Stage;
import io.colorstream.testing.TinySavedModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code colorstream bench} from the command line: every stage measured, the report printed and written. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class BenchCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int bench(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        return cl.execute(all);
    }

    @Test
    void everyStageIsMeasuredOnATinyModelAndTheReportIsWrittenAsMarkdown() throws Exception {
        Path model = TinySavedModel.write(dir.resolve("model"), 16, 12);
        Path markdown = dir.resolve("docs/bench.md");

        int code = bench("--frames", "12", "--sizes", "64x48", "--model", model.toString(),
                "--markdown", markdown.toString(), "--exactly-once");

        assertEquals(0, code, err.toString());
        String text = out.toString();
        for (Stage stage : Stage.values()) {
            String row = text.lines().filter(l -> l.startsWith(stage.label())).findFirst()
                    .orElseThrow(() -> new AssertionError("no row for " + stage.label() + " in\n" + text));
            assertTrue(row.endsWith(" fps"), "measured: " + row);
        }
        String ratio = text.lines().filter(l -> l.startsWith("end to end / model")).findFirst().orElseThrow();
        double r = Double.parseDouble(ratio.substring(ratio.lastIndexOf(' ') + 1));
        assertTrue(r > 0 && r < 1, "the flow is slower than the model alone: " + ratio);
        double whole = fps(text, "end to end (Kafka");
        double steady = fps(text, "end to end, after the first frame");
        assertTrue(steady > whole, "without its start-up the flow is faster: " + steady + " vs " + whole);
        assertTrue(text.contains("colour film holds 12 of 12 frames"), text);
        assertTrue(text.contains("exactly_once_v2 / at_least_once end-to-end speed: "), text);
        assertTrue(text.contains(model + ", native 16x12"), text);
        assertTrue(text.contains(Runtime.getRuntime().availableProcessors() + " core"), text);

        assertTrue(Files.isRegularFile(markdown), "markdown written to a new directory");
        List<String> table = Files.readAllLines(markdown).stream().filter(l -> l.startsWith("|")).toList();
        assertEquals("| stage | 64x48 |", table.get(0));
        assertEquals(Stage.values().length + 7, table.size());
        assertTrue(fps(text, "stages one after another") > 0, text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("end to end / stages one after another")
                && l.trim().matches(".*\\d\\.\\d+$")), text);
    }

    private static double fps(String report, String row) {
        String line = report.lines().filter(l -> l.startsWith(row)).findFirst().orElseThrow();
        String[] words = line.trim().split("\\s+");
        return Double.parseDouble(words[words.length - 2]);
    }

    @Test
    void theLiveBenchServesAFeedInRealTimeAndReportsLatencyAndMemory() throws Exception {
        Path model = TinySavedModel.write(dir.resolve("model"), 16, 12);

        int code = bench("--live", "--frames", "100", "--sizes", "128x72", "--model", model.toString(),
                "--x264-preset", "ultrafast", "--live-fps", "30");

        assertEquals(0, code, err.toString());
        String text = out.toString();
        assertTrue(text.contains("published           100 of 100 frames"), text);
        assertTrue(text.contains("live feed 128x72 at 30 fps, 100 frames"), text);
        String latency = text.lines().filter(l -> l.contains("latency, feed")).findFirst().orElseThrow();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("median ([0-9.]+) s, 95th percentile ([0-9.]+) s")
                .matcher(latency);
        assertTrue(m.find(), latency);
        double median = Double.parseDouble(m.group(1));
        double p95 = Double.parseDouble(m.group(2));
        // Every frame was measured: a positive latency, ordered quantiles.
        assertTrue(median > 0 && median <= p95, latency);
        assertTrue(text.contains("resident memory") && text.contains("when the last frame was published"), text);
        assertTrue(text.contains("of which JVM heap") && text.contains("after the film was finished"), text);
        assertTrue(text.contains("x264 preset ultrafast"), text);
    }

    @Test
    void withoutAModelTheBenchSaysWhatIsMissingAndTimesNothing() {
        Path missing = dir.resolve("models/colorizer");
        int code = bench("--model", missing.toString());
        assertEquals(Main.FAILED, code);
        String message = err.toString().strip();
        assertTrue(message.startsWith("colorstream bench: no colorizer model at " + missing), message);
        assertTrue(message.contains("--model"), message);
        assertFalse(out.toString().contains("fps"), out.toString());
    }

    @Test
    void oddSizesAndNoFramesAreUsageErrors() {
        assertEquals(Main.USAGE, bench("--sizes", "853x480"));
        assertTrue(err.toString().contains("853x480 is odd"), err.toString());
        assertEquals(Main.USAGE, bench("--frames", "0"));
        assertEquals(Main.USAGE, bench("--live", "--live-fps", "0"));
        assertTrue(err.toString().contains("--live-fps must be 1 to 120"), err.toString());
        assertEquals(Main.USAGE, bench("--markdown", dir.toString()));
        assertTrue(err.toString().contains("is a directory"), err.toString());
    }
}
