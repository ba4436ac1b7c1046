package io.colorstream.cli;

import io.colorstream.kafka.KafkaSettings;
import io.colorstream.kafka.TopicCreator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code colorstream ingest IN}: decode a film and publish its frames, audio and facts. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        header = "Decode a film and publish its frames, audio and facts to Kafka.", sortOptions = false,
        description = {
            "Decodes a black-and-white film and publishes it to Kafka: the video's facts, its audio, and its "
                    + "frames' luminance keyed by shot, then the end-of-stream markers the encoder waits for.",
            "Needs a Kafka cluster (--bootstrap-servers)."})
public final class IngestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN",
            description = "Black-and-white film: a video file, or a stream URL (rtsp://…, http://…).")
    String input;

    @Option(names = "--video-id", paramLabel = "ID",
            description = "Id of the film in Kafka (default: the input's file name without extension).")
    String videoId;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() {
        OptionChecks.fileOrUrl(spec, "IN", input);
        String id = VideoIds.choose(videoId, input);
        KafkaSettings settings = kafka.settings();
        TopicCreator.createMissing(settings);
        try (StopOnExit stop = StopOnExit.withShutdownHook()) {
            ingestFilm(settings, id, stop);
        }
        return 0;
    }

    /** TODO(lead): run the ingest role for {@code input} as {@code id} until the film ends; Progress "published". */
    private void ingestFilm(KafkaSettings settings, String id, StopOnExit stop) {
        throw new UnsupportedOperationException("'ingest' is not wired yet: the ingest role is wired by the lead");
    }
}
