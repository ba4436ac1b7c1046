package io.colorstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data-sharing archive, on an installed copy (a jar, no sources) whose main class prints the
 * JVM options it was given: the first {@code run} records an archive whole, later commands use it, and a rebuilt
 * jar never meets an archive of another build.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LauncherClassSharingTest {

    @TempDir
    Path home;

    @Test
    void theFirstRunRecordsTheArchiveLaterCommandsUseItAndARebuiltJarGetsItsOwn() throws Exception {
        Assumptions.assumeTrue(ToolProvider.getSystemJavaCompiler() != null, "needs a JDK to build the stand-in jar");
        Files.copy(Path.of("colorstream"), home.resolve("colorstream"));
        home.resolve("colorstream").toFile().setExecutable(true);
        Path jar = standInJar(home.resolve("target"));

        String other = launch(List.of("--version"), "");
        assertFalse(other.contains("SharedArchiveFile") || other.contains("ArchiveClassesAtExit"), other);
        assertEquals(List.of(), archives(), "only `run` records the classes");

        String first = launch(List.of("run", "film.mp4"), "");
        assertTrue(first.contains("-XX:ArchiveClassesAtExit="), first);
        List<Path> recorded = archives();
        assertEquals(1, recorded.size(), "one archive, renamed whole (no temporary left): " + recorded);
        assertTrue(Files.size(recorded.get(0)) > 0);

        String second = launch(List.of("--version"), "");
        assertTrue(second.contains("-XX:SharedArchiveFile=" + recorded.get(0).toAbsolutePath()), second);
        assertTrue(launch(List.of("--version"), "0").contains("no-sharing"), "COLORSTREAM_CDS=0 turns it off");

        // A rebuilt jar: its archive is recorded anew by the next run, and the old one goes.
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
        assertFalse(launch(List.of("--version"), "").contains("SharedArchiveFile"), "no archive of another build");
        launch(List.of("run", "film.mp4"), "");
        List<Path> after = archives();
        assertEquals(1, after.size(), after.toString());
        assertFalse(after.equals(recorded), "the rebuilt jar's own archive replaced the old one");
    }

    private List<Path> archives() throws IOException {
        try (Stream<Path> s = Files.list(home.resolve("target"))) {
            return s.filter(p -> p.getFileName().toString().contains(".jsa")).sorted().toList();
        }
    }

    private String launch(List<String> args, String cds) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(home.resolve("colorstream").toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).directory(home.toFile());
        pb.environment().remove("JAVA_OPTS");
        if (!cds.isEmpty()) {
            pb.environment().put("COLORSTREAM_CDS", cds);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /** A jar whose main class prints the JVM's options, or "no-sharing" when none names an archive. */
    private static Path standInJar(Path target) throws IOException {
        Files.createDirectories(target);
        Path src = Files.createDirectories(target.resolve("stand-in-src")).resolve("Options.java");
        Files.writeString(src, """
                public class Options {
                    public static void main(String[] args) {
                        String o = String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean()
                                .getInputArguments());
                        System.out.println(o.contains("Archive") ? o : o + " no-sharing");
                    }
                }
                """);
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", src.getParent().toString(),
                src.toString()));
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Options");
        Path jar = target.resolve("colorstream-0.0.0.jar");
        try (OutputStream f = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(f, m)) {
            j.putNextEntry(new JarEntry("Options.class"));
            j.write(Files.readAllBytes(src.getParent().resolve("Options.class")));
            j.closeEntry();
        }
        return jar;
    }
}
