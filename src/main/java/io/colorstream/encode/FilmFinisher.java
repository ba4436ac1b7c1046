package io.colorstream.encode;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes complete films (sound, joining the pieces, syncing: minutes for a feature film) on a thread of its
 * own, so that the encoder's poll loop goes on polling: a finish must not outlast max.poll.interval.ms and cost the
 * group its partitions. The poll thread hands films over ({@link #start}), and learns the outcomes when it asks
 * ({@link #drain}); a film being finished belongs to the finisher until then.
 */
final class FilmFinisher {
    private static final Logger LOG = LoggerFactory.getLogger(FilmFinisher.class);

    /** A film the finisher is done with: written, or failed with {@code error}. */
    record Finished(FilmAssembly film, Throwable error) {
    }

    private final Set<String> finishing = new HashSet<>();
    private final ConcurrentLinkedQueue<Finished> done = new ConcurrentLinkedQueue<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "colorstream-encode-finish");
        t.setDaemon(false); // a film being finished is let finish
        return t;
    });

    /** Hands a film that is {@link FilmAssembly#readyToFinish()} over; false if it was handed over already. */
    boolean start(FilmAssembly film) {
        if (!finishing.add(film.videoId())) {
            return false;
        }
        executor.execute(() -> {
            try {
                film.completeFinish();
                done.add(new Finished(film, null));
            } catch (Throwable t) {
                done.add(new Finished(film, t));
            }
        });
        return true;
    }

    /** Whether the film is in the finisher's hands. */
    boolean isFinishing(String videoId) {
        return finishing.contains(videoId);
    }

    Set<String> finishing() {
        return Set.copyOf(finishing);
    }

    /** Gives each film the finisher is done with to {@code outcome}, on the calling (poll) thread. */
    void drain(Consumer<Finished> outcome) {
        Finished f;
        while ((f = done.poll()) != null) {
            finishing.remove(f.film().videoId());
            outcome.accept(f);
        }
    }

    /** On the way out: lets the films in hand finish (for at most {@code wait}), then drains them. */
    void stop(Duration wait, Consumer<Finished> outcome) {
        executor.shutdown();
        try {
            if (!finishing.isEmpty()) {
                LOG.info("waiting for {} film(s) being finished: {}", finishing.size(), finishing);
            }
            if (!executor.awaitTermination(wait.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("films still being finished after {}: {}; their pieces are kept", wait, finishing);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drain(outcome);
    }
}
