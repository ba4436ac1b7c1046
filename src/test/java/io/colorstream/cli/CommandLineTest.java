package io.colorstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class CommandLineTest {

    @TempDir
    Path dir;

    /** Exit code and what was printed. */
    record Outcome(int code, String out, String err) {
    }

    /** Runs the command line as {@code main} would, capturing what it prints. */
    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "ingest", "colorize", "encode", "train", "combine", "evaluate", "image", "bench"})
    void everyCommandHasHelp(String command) {
        Outcome o = run(command, "--help");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("Usage: colorstream " + command), o.out());
        assertTrue(o.out().contains("--verbose"), "the inherited option shows: " + o.out());
        assertEquals("", o.err());
    }

    @Test
    void failureMessagesSkipFutureWrappersAndKeepOneLine() {
        Exception cause = new IllegalStateException("frame 26 of feed.ts is 192x96\n  but the film started at 160x96");
        assertEquals("frame 26 of feed.ts is 192x96 but the film started at 160x96",
                Main.oneLine(new java.util.concurrent.CompletionException(cause)));
        assertEquals("frame 26 of feed.ts is 192x96 but the film started at 160x96",
                Main.oneLine(new java.util.concurrent.ExecutionException(cause)));
        assertEquals("outer", Main.oneLine(new RuntimeException("outer", cause)));
        assertEquals("IllegalStateException", Main.oneLine(new IllegalStateException()));
    }

    @Test
    void kafkaRolesDocumentWhereClientPropertiesComeFrom() {
        for (String command : List.of("run", "ingest", "colorize", "encode")) {
            String help = run(command, "--help").out();
            for (String expected : List.of("--bootstrap-servers", "--config", "--topic-prefix", "--max-record-bytes",
                    "--partitions", "COLORSTREAM_KAFKA_SECURITY_PROTOCOL", "security.protocol")) {
                assertTrue(help.contains(expected), command + " help lacks " + expected + ":\n" + help);
            }
        }
        assertTrue(run("run", "--help").out().contains("embedded"), "run explains the embedded broker");
        assertFalse(run("train", "--help").out().contains("--bootstrap-servers"), "train does not use Kafka");
    }

    @Test
    void topLevelHelpListsEveryCommand() {
        Outcome o = run("--help");
        assertEquals(0, o.code());
        for (String c : List.of("run", "ingest", "colorize", "encode", "train", "combine", "evaluate", "image", "bench")) {
            assertTrue(o.out().contains("  " + c), c + " missing from:\n" + o.out());
        }
        assertEquals(0, run("help", "run").code());
        assertEquals(0, run("--version").code());
    }

    @Test
    void unknownOptionIsAUsageError() {
        Outcome o = run("run", "film.mp4", "-o", "out.mp4", "--colour-me-surprised");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("--colour-me-surprised"), o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
    }

    @Test
    void usageErrors() {
        assertEquals(2, run().code(), "no command");
        assertEquals(2, run("paint").code(), "unknown command");
        assertEquals(2, run("run", "film.mp4").code(), "missing -o");
        assertEquals(2, run("bench", "--sizes", "480p,huge").code());
        assertEquals(2, run("bench", "--frames", "0").code());
        assertEquals(2, run("evaluate").code(), "needs --images or --video");
        assertEquals(2, run("evaluate", "--images", dir.toString(), "--video", "x.mp4").code(), "not both");
        assertEquals(2, run("train").code(), "needs --data");
        assertEquals(2, run("train", "--data", dir.resolve("missing").toString()).code());
        Outcome holdOut = run("train", "--data", dir.toString(), "--hold-out", "-1");
        assertEquals(2, holdOut.code());
        assertTrue(holdOut.err().contains("--hold-out"), holdOut.err());
        assertEquals(2, run("colorize", "--bootstrap-servers", "b:1", "--smoothing-weight", "1.5").code());
        assertEquals(2, run("ingest", "--max-record-bytes", "lots", "x.mp4").code());
        assertEquals(2, run("image", "-o", dir.toString()).code(), "needs an input");
    }

    @Test
    void missingInputIsNamed() {
        Outcome o = run("run", dir.resolve("no-such-film.mp4").toString(), "-o", "out.mp4");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("no-such-film.mp4"), o.err());
    }

    @Test
    void badConfigFileIsAClearOneLineError() {
        Path missing = dir.resolve("missing.properties");
        Outcome o = run("colorize", "--config", missing.toString());
        assertEquals(2, o.code(), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().contains("missing.properties"), o.err());
    }

    @Test
    void failureIsOneLineUnlessVerbose() throws Exception {
        Path image = Files.writeString(dir.resolve("still.png"), "not really an image");
        Outcome o = run("image", image.toString(), "-o", dir.resolve("out").toString());
        assertEquals(1, o.code());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().startsWith("colorstream image: "), o.err());

        Outcome verbose = run("image", image.toString(), "-o", dir.resolve("out").toString(), "--verbose");
        assertEquals(1, verbose.code());
        assertTrue(verbose.err().contains("\tat "), "stack trace with --verbose: " + verbose.err());
    }

    @Test
    void optionValuesAreParsed() {
        CommandLine cl = Main.commandLine();
        cl.parseArgs("bench", "--frames", "30", "--sizes", "480p,1920x1080");
        BenchCommand bench = cl.getSubcommands().get("bench").getCommand();
        assertEquals(30, bench.frames);
        assertEquals(List.of(new FrameSize(854, 480), new FrameSize(1920, 1080)), bench.sizes);

        cl = Main.commandLine();
        cl.parseArgs("colorize", "--no-smoothing", "--model", "m");
        ColorizeCommand colorize = cl.getSubcommands().get("colorize").getCommand();
        assertFalse(colorize.smoothing.enabled());
        assertEquals(0.0, colorize.smoothing.weight());
        assertEquals(Path.of("m"), colorize.model.modelDir());
        assertEquals("colorstream-colorize", colorize.applicationId);

        cl = Main.commandLine();
        cl.parseArgs("colorize", "--smoothing-weight", "0.25");
        colorize = cl.getSubcommands().get("colorize").getCommand();
        assertTrue(colorize.smoothing.enabled());
        assertEquals(0.25, colorize.smoothing.weight());
    }

    @Test
    void byteSizes() {
        ByteSizeConverter c = new ByteSizeConverter();
        assertEquals(16 * 1024 * 1024, c.convert("16MiB"));
        assertEquals(16 * 1024 * 1024, c.convert("16m"));
        assertEquals(512 * 1024, c.convert("512k"));
        assertEquals(2097152, c.convert("2097152"));
    }
}
