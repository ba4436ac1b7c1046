package io.colorstream.ingest;

import io.colorstream.wire.FrameHeaders;

import io.colorstream.kafka.KafkaSettings;
import io.colorstream.kafka.Service;
import io.colorstream.wire.Topic;
import io.colorstream.wire.Topics;
import io.colorstream.wire.AudioChunk;
import io.colorstream.wire.GrayFrame;
import io.colorstream.wire.GrayRecord;
import io.colorstream.wire.ShotEnd;
import io.colorstream.wire.VideoFacts;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest role: decodes one film and publishes it for colorizing.
 *
 * <p>What it publishes, in this order within each key:
 * <ol>
 *   <li>{@link VideoFacts} without totals → {@code videos}, key {@code videoId};</li>
 *   <li>every frame as a {@link GrayFrame} → {@code frames.gray}, key {@code videoId/shot}; when a shot ends
 *       (the next frame starts a new one, or the film ends) a {@link ShotEnd} under the same key, so after all
 *       of that shot's frames on the same partition;</li>
 *   <li>the sound as {@link AudioChunk}s of about {@value #AUDIO_CHUNK_SECONDS} s → {@code audio}, key
 *       {@code videoId};</li>
 *   <li>after everything above is acknowledged: the {@link VideoFacts} again, with totals (frames, frames per
 *       shot, audio chunks). That record is the encoder's only signal that the film is complete.</li>
 * </ol>
 * If the input breaks after frames were published, step 4 still happens, with totals of what was sent and the
 * reason in {@link VideoFacts#interruption()}; ingest then fails with {@link InputInterruptedException}.
 *
 * <p>Nothing is dropped silently: every send is checked (the first failure stops ingest with a message naming
 * the film and what was being sent), and the totals are published only when every earlier record was
 * acknowledged. A frame whose serialized record exceeds {@link KafkaSettings#maxRecordBytes()} is refused before
 * it is sent. Decoding streams: one frame in memory at a time, plus what the producer's bounded buffer holds.
 *
 * <p>Use {@link #ingest()} to run it on the calling thread, or {@link #start()} / {@link #completion()} /
 * {@link #stop()} as a {@link Service}. A live feed has no end: {@link #endInput()} closes it cleanly (last shot
 * closed, totals published), while {@link #stop()} abandons it without totals.
 */
public final class IngestService implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
    public static final double AUDIO_CHUNK_SECONDS = 0.5;
    private static final long STOP_WAIT_SECONDS = 30;
    private static final long LEAD_POLL_MILLIS = 20;

    private final IngestJob job;
    private final Topics topics;
    private final int maxRecordBytes;
    private final Supplier<Producer<String, byte[]>> producers;
    private final String name;

    private final AtomicLong framesDecoded = new AtomicLong();
    private final AtomicLong framesPublished = new AtomicLong();
    private static final io.micrometer.core.instrument.Counter FRAMES_INGESTED =
            io.colorstream.observe.Telemetry.counter(io.colorstream.observe.Telemetry.FRAMES_INGESTED, "ingest");
    private final AtomicReference<RuntimeException> sendFailure = new AtomicReference<>();
    private final CompletableFuture<VideoFacts> completion = new CompletableFuture<>();
    private volatile long frameCountHint = -1;
    private volatile FilmDecoder decoder;
    private volatile boolean abandoned;
    private volatile boolean endRequested;
    private volatile LongSupplier downstream;
    private volatile long maxLead = Long.MAX_VALUE;
    private Thread worker;

    /** Ingest through a real Kafka producer configured by {@code kafka} (client id {@code colorstream-ingest-<id>}). */
    public IngestService(KafkaSettings kafka, IngestJob job) {
        this(job, kafka.topics(), kafka.maxRecordBytes(), () -> new KafkaProducer<>(
                kafka.producerProperties("colorstream-ingest-" + job.videoId()),
                kafka.topics().grayFrames().keySerde().serializer(), new ByteArraySerializer()));
    }

    /**
     * Ingest through any producer (e.g. a {@code MockProducer} in tests). Values reach the producer already
     * serialized with the topics' serdes: ingest serializes once to check the size and sends those bytes.
     */
    public IngestService(IngestJob job, Topics topics, int maxRecordBytes,
                         Supplier<Producer<String, byte[]>> producers) {
        this.job = job;
        this.topics = topics;
        this.maxRecordBytes = maxRecordBytes;
        this.producers = producers;
        this.name = InputNames.shortName(job.input());
    }

    public String videoId() {
        return job.videoId();
    }

    /** Frames Kafka has acknowledged so far (for a progress bar). */
    public long framesPublished() {
        return framesPublished.get();
    }

    /** Frames decoded so far; runs ahead of {@link #framesPublished()} by what the producer still buffers. */
    public long framesDecoded() {
        return framesDecoded.get();
    }

    /** The frame count the container claims, -1 until the film is open or when unknown (live): a progress total. */
    public long frameCountHint() {
        return frameCountHint;
    }

    /** Completes with the final facts (totals set) or with the failure; {@link #stop()} cancels it. */
    public CompletableFuture<VideoFacts> completion() {
        return completion;
    }

    /** Runs {@link #ingest()} on a thread of its own; watch {@link #completion()}. */
    @Override
    public synchronized void start() {
        if (worker != null) {
            throw new IllegalStateException("ingest of " + name + " was already started");
        }
        worker = new Thread(() -> {
            try {
                ingest();
            } catch (RuntimeException e) {
                LOG.error("ingest of {} failed: {}", name, e.getMessage());
            }
        }, "ingest-" + job.videoId());
        worker.start();
    }

    /**
     * Keeps a file at most {@code frames} ahead of {@code done} (frames finished downstream, e.g. encoded), so
     * Kafka holds a bounded backlog instead of the whole film: decoding is many times faster than colorizing,
     * and a feature film's frames run to hundreds of gigabytes. A live feed is never held back (a camera does not
     * wait; Kafka is its buffer). Call before {@link #start()}.
     */
    public IngestService limitLead(LongSupplier done, long frames) {
        if (frames < 1) {
            throw new IllegalArgumentException("the lead must be at least one frame, not " + frames);
        }
        this.downstream = done;
        this.maxLead = frames;
        return this;
    }

    /** Waits until frame {@code seq} is within the lead, or until ingest is stopped or ended. */
    private void awaitRoom(long seq) {
        LongSupplier done = downstream;
        while (done != null && !abandoned && !endRequested && seq - done.getAsLong() >= maxLead) {
            try {
                Thread.sleep(LEAD_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Treats the input as ended now: the frame being decoded is the last, its shot is closed and the totals are
     * published. For a live feed (no known length), which never ends by itself, that is its end and the film is
     * whole. A file stopped before its end is marked interrupted: its film comes out as a partial one, and
     * ingest fails with {@link InputInterruptedException}.
     */
    public void endInput() {
        endRequested = true;
        FilmDecoder d = decoder;
        if (d != null) {
            d.cancel();
        }
    }

    /** Abandons ingest: stops decoding, publishes no totals, waits for the worker and closes the producer. */
    @Override
    public void stop() {
        abandoned = true;
        FilmDecoder d = decoder;
        if (d != null) {
            d.cancel();
        }
        Thread w;
        synchronized (this) {
            w = worker;
        }
        if (w != null && w != Thread.currentThread()) {
            try {
                w.join(TimeUnit.SECONDS.toMillis(STOP_WAIT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (w.isAlive()) {
                LOG.warn("ingest of {} did not stop within {} s", name, STOP_WAIT_SECONDS);
                w.interrupt();
            }
        }
        completion.cancel(false);
    }

    /**
     * Decodes the film and publishes it, on the calling thread.
     *
     * @return the final facts, totals set
     * @throws FilmInputException when the film cannot be opened or decoded
     * @throws IngestException    when a record is too large or Kafka fails a send
     */
    public VideoFacts ingest() {
        try {
            VideoFacts result = run();
            completion.complete(result);
            return result;
        } catch (RuntimeException e) {
            completion.completeExceptionally(e);
            throw e;
        }
    }

    private VideoFacts run() {
        try (FilmDecoder film = FilmDecoder.open(job.input(), job.socketTimeout());
             Producer<String, byte[]> producer = producers.get()) {
            decoder = film;
            if (abandoned || endRequested) {
                film.cancel(); // stop() or endInput() came while the film was opening
            }
            FilmFacts facts = film.facts().fromFrame(job.startFrame());
            frameCountHint = facts.frameCountHint();
            VideoFacts start = facts.toVideoFacts(job.videoId());
            LOG.info("ingesting {} as {}: {}x{} at {}/{} fps, {} frames expected, audio: {}", name, job.videoId(),
                    facts.width(), facts.height(), facts.frameRateNum(), facts.frameRateDen(),
                    facts.frameCountHint(), facts.hasAudio() ? facts.audioCodec() : "none");
            checkFrameSize(facts);
            send(producer, topics.videos(), job.videoId(), start, "the video facts", false);

            Publisher publisher = new Publisher(producer, facts);
            try {
                film.decode(publisher, job.startFrame());
            } catch (FilmInputException broken) {
                throw publishWhatCameBefore(producer, start, publisher, broken);
            }
            if (abandoned) {
                throw new IngestException("ingest of " + name + " was stopped before the end; no totals published");
            }
            throwIfSendFailed();
            if (endRequested && !film.reachedEnd() && !facts.isLive()) {
                // A file stopped by its operator: what came before is kept, but it is not the whole film.
                throw publishWhatCameBefore(producer, start, publisher, new FilmInputException("ingest of " + name
                        + " was stopped at frame " + publisher.frames + ", before the end of the film"));
            }
            if (publisher.frames == 0 && job.startFrame() > 0) {
                throw new IngestException("the input " + name + " has no frames after frame " + job.startFrame()
                        + ", where this run was to start: an earlier run already colorized all of it");
            }
            if (publisher.frames == 0) {
                throw new IngestException("the input " + name + " ended before its first frame was decoded");
            }
            VideoFacts done = start.withTotals(publisher.finish());
            producer.flush();
            throwIfSendFailed();
            // The completion signal goes last and is confirmed: after it the encoder may finish the film.
            awaitAck(send(producer, topics.videos(), job.videoId(), done, "the final video facts", false),
                    "the final video facts");
            LOG.info("ingested {} as {}: {} frames in {} shots, {} audio chunks", name, job.videoId(),
                    done.totals().frames(), done.totals().shots(), done.totals().audioChunks());
            return done;
        } finally {
            decoder = null;
        }
    }

    /**
     * The input broke mid-film. When frames were already published (and Kafka lost none), they are worth keeping:
     * close the open shot, flush the sound, and publish totals of what was sent, marked as interrupted, so the
     * encoder writes them as a partial film. Returns the error to throw: the original when nothing could be kept.
     */
    private RuntimeException publishWhatCameBefore(Producer<String, byte[]> producer, VideoFacts start,
                                                   Publisher publisher, FilmInputException broken) {
        if (abandoned || publisher.frames == 0 || sendFailure.get() != null) {
            return broken;
        }
        try {
            VideoFacts partial = start.interruptedWith(publisher.finish(), "its input broke (" + broken.getMessage() + ")");
            producer.flush();
            throwIfSendFailed();
            awaitAck(send(producer, topics.videos(), job.videoId(), partial, "the interrupted totals", false),
                    "the interrupted totals");
        } catch (RuntimeException kafka) {
            kafka.addSuppressed(broken); // Kafka failed too: that is the error to act on, the break stays attached
            throw kafka;
        }
        LOG.warn("input of {} broke after {} frames; those were published as a partial film: {}", job.videoId(),
                publisher.frames, broken.getMessage());
        return new InputInterruptedException(broken.getMessage() + "; the " + publisher.frames
                + " frames before were published and are encoded as a partial film", publisher.frames, broken);
    }

    /** Receives decoded frames, finds shots and publishes in order. Runs on the decoding thread. */
    private final class Publisher implements FrameSink {
        private final Producer<String, byte[]> producer;
        private final FilmFacts facts;
        private final ShotDetector shots;
        private final AudioChunker audio;
        private long[] shotCounts = new long[16];
        private int shot = -1;
        private long frames;

        Publisher(Producer<String, byte[]> producer, FilmFacts facts) {
            this.producer = producer;
            this.facts = facts;
            this.shots = new ShotDetector(job.shots());
            this.audio = new AudioChunker(job.videoId(), AUDIO_CHUNK_SECONDS,
                    chunk -> send(producer, topics.audio(), job.videoId(), chunk,
                            "audio chunk " + chunk.index(), false));
        }

        @Override
        public void onVideo(long seq, long ptsMicros, byte[] luma) {
            if (!facts.isLive()) {
                awaitRoom(seq);
            }
            int s = shots.shotOf(luma);
            if (s != shot) {
                endShot();
                shot = s;
                if (shot >= shotCounts.length) {
                    shotCounts = Arrays.copyOf(shotCounts, shotCounts.length * 2);
                }
            }
            GrayFrame frame = new GrayFrame(job.videoId(), seq, shot, ptsMicros, facts.width(), facts.height(), luma);
            // Serialized now, while luma is valid: the decoder reuses the array for the next frame.
            send(producer, topics.grayFrames(), frame.key(), frame, "frame " + seq, true, facts.isLive());
            shotCounts[shot]++;
            frames++;
            framesDecoded.incrementAndGet();
        }

        @Override
        public void onAudio(long ptsMicros, int sampleRate, int channels, byte[] pcm) {
            audio.add(ptsMicros, sampleRate, channels, pcm);
        }

        private void endShot() {
            if (shot >= 0) {
                ShotEnd end = new ShotEnd(job.videoId(), shot, shotCounts[shot]);
                send(producer, topics.grayFrames(), end.key(), end, "the end of shot " + shot, false);
            }
        }

        /** Closes the last shot and flushes the audio; returns the totals. */
        VideoFacts.Totals finish() {
            endShot();
            audio.flush();
            return new VideoFacts.Totals(frames, Arrays.copyOf(shotCounts, shot + 1), audio.chunks());
        }
    }

    /**
     * Refuses a film whose frames cannot fit a record before anything is published: every frame of a film has
     * the same size, so one probe frame (with the largest numbers a record can carry) bounds them all.
     */
    private void checkFrameSize(FilmFacts facts) {
        int pixels = facts.width() * facts.height();
        GrayFrame probe = new GrayFrame(job.videoId(), Long.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE,
                facts.width(), facts.height(), new byte[pixels]);
        long bytes = topics.grayFrames().valueSerde().serializer().serialize(topics.grayFrames().name(), probe).length;
        if (bytes > maxRecordBytes) {
            throw new IngestException("frames of " + name + " (" + facts.width() + "x" + facts.height() + ") are "
                    + size(bytes) + " each, over the " + size(maxRecordBytes)
                    + " record limit; raise --max-record-bytes");
        }
    }

    /**
     * Serializes with the topic's serde, checks the size, sends, and has the callback record the first failure.
     *
     * @param frame whether an acknowledgement counts as a published frame
     */
    private <V> Future<RecordMetadata> send(Producer<String, byte[]> producer, Topic<String, V> topic, String key,
                                            V value, String what, boolean frame) {
        return send(producer, topic, key, value, what, frame, false);
    }

    /** @param live marks the record as a frame of a live feed ({@link FrameHeaders#LIVE}): colorize may keep up */
    private <V> Future<RecordMetadata> send(Producer<String, byte[]> producer, Topic<String, V> topic, String key,
                                            V value, String what, boolean frame, boolean live) {
        throwIfSendFailed();
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        if (bytes.length > maxRecordBytes) {
            throw new IngestException(what + " of " + name + " is " + size(bytes.length) + ", over the "
                    + size(maxRecordBytes) + " record limit; raise --max-record-bytes");
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic.name(), null, key, bytes,
                live ? FrameHeaders.live() : null);
        return producer.send(record, (metadata, e) -> {
            if (e != null) {
                sendFailure.compareAndSet(null, new IngestException("Kafka did not accept " + what + " of " + name
                        + " (topic " + topic.name() + "): " + e.getMessage(), e));
                FilmDecoder d = decoder;
                if (d != null) {
                    d.cancel(); // nothing after a lost record may be published; stop decoding
                }
            } else if (frame) {
                framesPublished.incrementAndGet();
                FRAMES_INGESTED.increment();
            }
        });
    }

    private void throwIfSendFailed() {
        RuntimeException failure = sendFailure.get();
        if (failure != null) {
            throw failure;
        }
    }

    private void awaitAck(Future<RecordMetadata> sent, String what) {
        try {
            sent.get(2, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw new IngestException("Kafka did not accept " + what + " of " + name + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IngestException("Kafka did not acknowledge " + what + " of " + name + " within 2 minutes", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestException("interrupted while publishing " + what + " of " + name, e);
        }
        throwIfSendFailed();
    }

    /** Sizes as people read them: "16 MiB", "24.3 MiB", "800 KiB". */
    static String size(long bytes) {
        double mib = bytes / (1024.0 * 1024.0);
        if (mib >= 1) {
            return mib == Math.rint(mib) ? (long) mib + " MiB" : String.format(Locale.ROOT, "%.1f MiB", mib);
        }
        return Math.round(bytes / 1024.0) + " KiB";
    }
}
