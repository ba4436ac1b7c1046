package io.colorstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.ffmpeg.global.avutil;
import org.tensorflow.TensorFlow;

/**
 * The machine a bench ran on: figures from different machines are not comparable without it.
 *
 * @param cpu         the processor's model name, "unknown" where the OS does not say
 * @param cores       processors available to this JVM (what TensorFlow and x264 size their thread pools by)
 * @param maxHeapBytes the JVM's heap limit
 */
public record MachineFacts(String cpu, int cores, long maxHeapBytes, String java, String os, String tensorFlow,
                           String ffmpeg) {

    /** This machine, now. Loads TensorFlow's and FFmpeg's natives to ask their versions. */
    public static MachineFacts current() {
        return new MachineFacts(cpuName(), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                        + System.getProperty("os.arch") + ")",
                TensorFlow.version() + " (" + oneDnn(System.getenv("TF_ENABLE_ONEDNN_OPTS")) + ")",
                avutil.av_version_info().getString());
    }

    /** Whether TensorFlow runs its oneDNN kernels: they change the model's speed by a quarter on some CPUs. */
    static String oneDnn(String setting) {
        if (setting == null || setting.isBlank()) {
            return "oneDNN: TensorFlow's default for this CPU";
        }
        return switch (setting.trim().toLowerCase(Locale.ROOT)) {
            case "1", "true" -> "oneDNN on"; // what TensorFlow's own reader accepts
            case "0", "false" -> "oneDNN off";
            default -> "TF_ENABLE_ONEDNN_OPTS=" + setting.trim();
        };
    }

    /** {@code Intel(R) Xeon(R) …, 2 cores, 6.0 GiB max heap}. */
    public String hardware() {
        return cpu + ", " + cores + (cores == 1 ? " core" : " cores") + ", "
                + String.format(Locale.ROOT, "%.1f GiB", maxHeapBytes / (1024.0 * 1024 * 1024)) + " max heap";
    }

    public String libraries() {
        return "TensorFlow " + tensorFlow + ", FFmpeg " + ffmpeg;
    }

    /** Linux tells the model name in /proc/cpuinfo; elsewhere the JVM has no portable way to ask. */
    private static String cpuName() {
        Path info = Path.of("/proc/cpuinfo");
        if (Files.isReadable(info)) {
            try (var lines = Files.lines(info)) {
                return lines.filter(l -> l.startsWith("model name") && l.indexOf(':') > 0)
                        .map(l -> l.substring(l.indexOf(':') + 1).trim().replaceAll("\\s+", " "))
                        .findFirst().orElse("unknown");
            } catch (IOException | RuntimeException e) {
                return "unknown";
            }
        }
        return "unknown";
    }
}
