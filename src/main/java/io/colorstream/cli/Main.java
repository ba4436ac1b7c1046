package io.colorstream.cli;

import io.colorstream.names.Redaction;
import java.io.PrintWriter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.RunLast;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code colorstream COMMAND …}. Exit codes: 0 done, 1 failed (one line on stderr saying why; the stack trace
 * only with {@code --verbose}), 2 the command line was wrong.
 */
@Command(name = "colorstream", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        synopsisSubcommandLabel = "COMMAND", usageHelpAutoWidth = true,
        description = "Colorizes black-and-white film through Apache Kafka and a TensorFlow model.",
        subcommands = {RunCommand.class, IngestCommand.class, ColorizeCommand.class, EncodeCommand.class,
            TrainCommand.class, CombineCommand.class, EvaluateCommand.class, ImageCommand.class, SheetCommand.class,
            BenchCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 done, 1 failed, 2 wrong command line.",
            "Logs go to stderr. Kafka's show warnings only; for more, set",
            "-Dcolorstream.log.kafka=INFO in JAVA_OPTS (or COLORSTREAM_LOG_KAFKA=INFO).",
            "colorstream's own level: -Dcolorstream.log.level (or COLORSTREAM_LOG_LEVEL)."})
public final class Main implements Runnable {

    static final int FAILED = 1;
    static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "On failure, print the stack trace; log colorstream's debug messages.")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with colorstream's exit codes and error reporting; tests call this too. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionStrategy(Main::execute);
        cl.setParameterExceptionHandler(Main::usageError);
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> failure(ex, cmd, parseResult));
        return cl;
    }

    /** {@code colorstream} with no command. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: one of " + String.join(", ",
                spec.subcommands().keySet()));
    }

    private static int execute(ParseResult parseResult) {
        if (verbose(parseResult)) {
            Configurator.setLevel("io.colorstream", Level.DEBUG);
        }
        return new RunLast().execute(parseResult);
    }

    /** Short: the problem, any "did you mean", and where help is; not the whole usage text. */
    private static int usageError(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getColorScheme().errorText(qualifiedName(cmd) + ": " + redacted(ex.getMessage(), args)));
        if (!UnmatchedArgumentException.printSuggestions(ex, err)) {
            err.println("Try '" + qualifiedName(cmd) + " --help' for more information.");
        }
        err.flush();
        return USAGE;
    }

    private static int failure(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        if (verbose(parseResult)) {
            ex.printStackTrace(err);
        }
        err.println(cmd.getColorScheme().errorText(qualifiedName(cmd) + ": "
                + redacted(oneLine(ex), parseResult.originalArgs().toArray(String[]::new))));
        err.flush();
        return ex instanceof SettingsException ? USAGE : FAILED;
    }

    /** The message with the secrets of every URL argument masked, however deep in a cause it came from. */
    static String redacted(String message, String[] args) {
        String m = message;
        for (String a : args) {
            if (a != null && a.contains("://")) {
                m = Redaction.in(m, a.contains("=") && a.startsWith("--") ? a.substring(a.indexOf('=') + 1) : a);
            }
        }
        return m;
    }

    /** The first message in the cause chain, on one line (Kafka and FFmpeg messages sometimes span several). */
    static String oneLine(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if ((t instanceof java.util.concurrent.CompletionException
                    || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
                continue; // a wrapper whose message is only its cause's class and message
            }
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage().strip().replaceAll("\\s*\\R\\s*", " ");
            }
        }
        return ex.getClass().getSimpleName();
    }

    private static String qualifiedName(CommandLine cmd) {
        return cmd.getCommandSpec().qualifiedName();
    }

    private static boolean verbose(ParseResult parseResult) {
        for (ParseResult pr = parseResult; pr != null; pr = pr.subcommand()) {
            if (pr.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /** The jar manifest's Implementation-Version when built by Maven, else "development build". */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"colorstream " + (v == null ? "(development build)" : v)};
        }
    }
}
