package io.colorstream.bench;

import io.colorstream.ingest.IngestJob;
import io.colorstream.kafka.KafkaSettings;
import io.colorstream.kafka.TopicCreator;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * One film through ingest, colorize and encode against a cluster whose topics exist, as {@code colorstream run}
 * does it ({@code cli.FilmFlow}); the command line supplies it with its model and smoothing, so this package
 * does not depend on the command line.
 */
@FunctionalInterface
public interface FilmRun {
    /**
     * Creates the topics the run needs, before the clock starts, as {@code run} does before starting the roles; by
     * default the flow's own topics.
     */
    default void createTopics(KafkaSettings settings) {
        TopicCreator.createMissing(settings);
    }

    /**
     * Returns when the colour film is written.
     *
     * @param colorized told the frames colorized so far, now and then
     * @param register  given every started part, in start order; the caller stops them (newest first)
     */
    Path colorize(KafkaSettings settings, IngestJob job, Path output, LongConsumer colorized,
                  Consumer<AutoCloseable> register) throws Exception;
}
