package io.colorstream.cli;

import io.colorstream.encode.EncodeService;
import io.colorstream.kafka.KafkaSettings;
import io.colorstream.kafka.RecordPurger;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For a run on a broker of its own: every few seconds, deletes the gray frames the colorize application has
 * committed and the colour frames and sound the encoder has taken in, so the broker's disk holds the backlog
 * (bounded by ingest's lead) instead of every frame of the film twice.
 */
final class ConsumedRecordsCleaner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumedRecordsCleaner.class);
    static final long INTERVAL_SECONDS = 5;

    private final RecordPurger purger;
    private final EncodeService encode;
    private final String colorizeGroup;
    private final String grayTopic;
    private final Set<String> encoderTopics;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "colorstream-cleaner");
        t.setDaemon(true);
        return t;
    });

    ConsumedRecordsCleaner(KafkaSettings settings, EncodeService encode, String colorizeGroup) {
        this.purger = new RecordPurger(settings);
        this.encode = encode;
        this.colorizeGroup = colorizeGroup;
        this.grayTopic = settings.topics().grayFrames().name();
        this.encoderTopics = Set.of(settings.topics().colorFrames().name(), settings.topics().audio().name());
    }

    static ConsumedRecordsCleaner start(KafkaSettings settings, EncodeService encode, String colorizeGroup) {
        ConsumedRecordsCleaner c = new ConsumedRecordsCleaner(settings, encode, colorizeGroup);
        c.timer.scheduleWithFixedDelay(c::cleanQuietly, INTERVAL_SECONDS, INTERVAL_SECONDS, TimeUnit.SECONDS);
        return c;
    }

    /** One round (the timer runs it; tests call it): what colorize committed on the gray frames, what the encoder took in on its topics. */
    void clean() throws Exception {
        Map<TopicPartition, Long> before = new HashMap<>(purger.committed(colorizeGroup, grayTopic));
        encode.consumedPositions().forEach((tp, offset) -> {
            if (encoderTopics.contains(tp.topic())) {
                before.put(tp, offset);
            }
        });
        purger.purgeBefore(before);
    }

    private void cleanQuietly() {
        try {
            clean();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("cleaning consumed records failed (only disk space is at stake): {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        purger.close();
    }
}
