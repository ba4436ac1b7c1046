package io.colorstream.cli;

import io.colorstream.kafka.KafkaSettings;
import io.colorstream.kafka.TopicCreator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code colorstream encode -o DIR|FILE}: turn colour frames back into films. */
@Command(name = "encode", mixinStandardHelpOptions = true,
        header = "Turn colour frames from Kafka back into films with their sound.", sortOptions = false,
        description = {
            "Reads colour frames and audio from Kafka, restores frame order, recombines chroma with the "
                    + "full-resolution luminance and writes H.264 films with their sound. A film is written only "
                    + "once all its frames (as announced by ingest) have arrived.",
            "Needs a Kafka cluster (--bootstrap-servers)."})
public final class EncodeCommand implements Callable<Integer> {

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR|FILE",
            description = "A directory (one <video-id>.mp4 per film, running until stopped) or an .mp4 file "
                    + "(the next complete film, then exit).")
    Path output;

    @Option(names = "--group-id", paramLabel = "ID", defaultValue = "colorstream-encode",
            description = "Kafka consumer group of the encoder (default: ${DEFAULT-VALUE}).")
    String groupId;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() {
        KafkaSettings settings = kafka.settings();
        TopicCreator.createMissing(settings);
        try (StopOnExit stop = StopOnExit.withShutdownHook()) {
            encodeFilms(settings, stop);
        }
        return 0;
    }

    /** TODO(lead): run the encode role into {@code output} with {@code groupId}; Progress "encoded" "frames". */
    private void encodeFilms(KafkaSettings settings, StopOnExit stop) {
        throw new UnsupportedOperationException("'encode' is not wired yet: the encode role is wired by the lead");
    }
}
