package io.colorstream.encode;

import io.colorstream.kafka.DeadLetterSink;
import io.colorstream.kafka.DeadLetters;
import io.colorstream.kafka.KafkaSettings;
import io.colorstream.observe.Telemetry;
import io.colorstream.kafka.Service;
import io.colorstream.stream.FilmPartitioner;
import io.colorstream.wire.Topics;
import io.colorstream.wire.AudioChunk;
import io.colorstream.wire.ColorFrame;
import io.colorstream.wire.ColorRecord;
import io.colorstream.wire.FrameKeys;
import io.colorstream.wire.ShotEnd;
import io.colorstream.wire.VideoFacts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The encode role: reads the videos, colour-frames and audio topics and writes each video's colour film.
 *
 * <p>Per video it keeps a {@link FilmAssembly} (facts, frames restored to film order, spooled audio, completion
 * rules). A film is finished only when ingest's totals say everything is in; silence never ends a film. Callers
 * wait with {@link #completion(String)} and watch {@link #progress(String)}. When ingest's totals say the input
 * broke, the frames before the break are finished as a partial film and the completion fails with a
 * {@link PartialFilmException} naming it.
 *
 * <p><b>Offsets</b> are committed at least once: on each partition only up to the first record of any film still
 * in progress, since an unfinished film's temporary file is useless after a crash and all its records must be read
 * again. Records read twice are harmless: frames, shot ends and audio chunks seen before are ignored, and the
 * records of a film finished (or failed) in this run are skipped.
 *
 * <p><b>Scaling.</b> Every topic the encoder reads (videos, audio, colour frames, dead letters) has the same
 * partition count and puts all of a film on one partition number ({@link FilmPartitioner}); instances of one group
 * take partitions by range assignment, so each gets whole films and several instances share the films, each
 * written once. When a rebalance moves a film away, the instance drops its work on it and the new owner reads it
 * again from its first record (offsets stay behind unfinished films). Topics made before they were co-partitioned
 * (one partition for videos and audio) allow one instance per group; the encoder warns when it sees them.
 */
public final class EncodeService implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(EncodeService.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final int MAX_POLL_RECORDS = 50; // frames are megabytes; a poll must not outlive the poll interval
    /** How many finished films' ids are remembered, to pass over their redelivered records. */
    static final int MAX_REMEMBERED_FILMS = 10_000;
    /** How long a stop waits for films being finished (a feature film's sound and join take minutes). */
    private static final Duration FINISH_WAIT = Duration.ofMinutes(10);

    /**
     * How the encode role runs.
     *
     * @param groupId   Kafka consumer group
     * @param outputFor where each video's film goes ({@link VideoFiles#filmsIn}, {@link VideoFiles#single})
     * @param workRoot  scratch space for spilled frames and spooled audio, one subdirectory per video
     * @param wanted    which videos to encode; records of others are passed over
     * @param encoding  H.264/AAC settings
     * @param limits    how many frames per video may wait on the heap
     * @param giveUpAfter how long a film may go without a record before it is finished as a partial film with
     *                  what arrived (its ingest was killed and will publish no totals); zero: wait for ever
     * @param resumable  each film continues what an earlier, unfinished encoder of its output left, and keeps its
     *                   work when it fails ({@link FilmEncoder#FilmEncoder(Path, FilmFormat, FilmEncoder.Settings,
     *                   boolean)}): for {@code run}, which publishes only the rest of such a film
     * @param deadLetterGrace after a dead letter of a film, how long its frames may stop coming before it ends as a
     *                   partial film: the frames coloured before the bad one are usually still on their way (the
     *                   encoder reads behind colorize), and are kept rather than coloured again by a resumed run
     */
    public record Options(String groupId, Function<String, Path> outputFor, Path workRoot, Predicate<String> wanted,
                          FilmEncoder.Settings encoding, FrameReorderBuffer.Limits limits, Duration giveUpAfter,
                          boolean resumable, Duration deadLetterGrace) {
        public static final String DEFAULT_GROUP_ID = "colorstream-encode";
        /** Long enough for a colorize restart or a rebalance; a film silent that long has lost its ingest. */
        public static final Duration DEFAULT_GIVE_UP_AFTER = Duration.ofHours(1);
        /** Frames already coloured reach the encoder within seconds; ten without one means the rest are not coming. */
        public static final Duration DEFAULT_DEAD_LETTER_GRACE = Duration.ofSeconds(10);

        public Options {
            Objects.requireNonNull(groupId, "groupId");
            Objects.requireNonNull(outputFor, "outputFor");
            Objects.requireNonNull(workRoot, "workRoot");
            Objects.requireNonNull(wanted, "wanted");
            Objects.requireNonNull(encoding, "encoding");
            Objects.requireNonNull(limits, "limits");
            Objects.requireNonNull(giveUpAfter, "giveUpAfter");
            if (giveUpAfter.isNegative()) {
                throw new IllegalArgumentException("giveUpAfter must not be negative, got " + giveUpAfter);
            }
            Objects.requireNonNull(deadLetterGrace, "deadLetterGrace");
            if (deadLetterGrace.isNegative()) {
                throw new IllegalArgumentException("deadLetterGrace must not be negative, got " + deadLetterGrace);
            }
        }

        /** Every video, each to {@code dir/<videoId>.mp4}. */
        public static Options filmsIn(Path dir) {
            return filmsIn(dir, ".mp4");
        }

        /** Every video, each to {@code dir/<videoId><extension>} (.mp4, .mov, .mkv). */
        public static Options filmsIn(Path dir, String extension) {
            return new Options(DEFAULT_GROUP_ID, VideoFiles.filmsIn(dir, extension), defaultWorkRoot(DEFAULT_GROUP_ID),
                    id -> true, FilmEncoder.Settings.defaults(), FrameReorderBuffer.Limits.defaults(),
                    DEFAULT_GIVE_UP_AFTER, false, DEFAULT_DEAD_LETTER_GRACE);
        }

        /** Only {@code videoId}, to {@code output}. */
        public static Options singleVideo(String videoId, Path output) {
            return new Options(DEFAULT_GROUP_ID, VideoFiles.single(videoId, output),
                    defaultWorkRoot(DEFAULT_GROUP_ID), videoId::equals, FilmEncoder.Settings.defaults(),
                    FrameReorderBuffer.Limits.defaults(), DEFAULT_GIVE_UP_AFTER, false, DEFAULT_DEAD_LETTER_GRACE);
        }

        public Options withGroupId(String g) {
            return new Options(g, outputFor, workRoot, wanted, encoding, limits, giveUpAfter, resumable,
                    deadLetterGrace);
        }

        public Options withWorkRoot(Path root) {
            return new Options(groupId, outputFor, root, wanted, encoding, limits, giveUpAfter, resumable,
                    deadLetterGrace);
        }

        public Options withEncoding(FilmEncoder.Settings s) {
            return new Options(groupId, outputFor, workRoot, wanted, s, limits, giveUpAfter, resumable,
                    deadLetterGrace);
        }

        public Options withLimits(FrameReorderBuffer.Limits l) {
            return new Options(groupId, outputFor, workRoot, wanted, encoding, l, giveUpAfter, resumable,
                    deadLetterGrace);
        }

        public Options withGiveUpAfter(Duration d) {
            return new Options(groupId, outputFor, workRoot, wanted, encoding, limits, d, resumable, deadLetterGrace);
        }

        public Options withResumable(boolean r) {
            return new Options(groupId, outputFor, workRoot, wanted, encoding, limits, giveUpAfter, r, deadLetterGrace);
        }

        public Options withDeadLetterGrace(Duration d) {
            return new Options(groupId, outputFor, workRoot, wanted, encoding, limits, giveUpAfter, resumable, d);
        }

        /** {@code java.io.tmpdir/colorstream-encode/<groupId>}. */
        public static Path defaultWorkRoot(String groupId) {
            return Path.of(System.getProperty("java.io.tmpdir"), "colorstream-encode", VideoFiles.safeName(groupId));
        }
    }

    /**
     * Where a film stands.
     *
     * @param framesTotal -1 until ingest has published the totals
     * @param waitingFor  what it still needs, in words
     */
    public record Progress(String videoId, long framesEncoded, long framesTotal, int framesWaiting,
                           String waitingFor, boolean finished) {
    }

    private final KafkaSettings kafka;
    private final Topics topics;
    private final Options options;
    private final Map<String, CompletableFuture<Path>> completions = new ConcurrentHashMap<>();
    private final Map<String, Progress> progress = new ConcurrentHashMap<>();
    /** Touched by the poll thread only. */
    private final Map<String, FilmAssembly> films = new HashMap<>();
    private final Map<String, Long> lastHeard = new HashMap<>(); // System.nanoTime() of each film's latest record
    private long lastRecord = System.nanoTime(); // of any film
    /**
     * Films finished or failed in this run, whose redelivered records are passed over; bounded (the oldest are
     * forgotten first) so a service that runs for months does not grow without end. A forgotten film's stray
     * records would start an assembly that never completes and is dropped at the next give-up.
     */
    private final Set<String> done = java.util.Collections.newSetFromMap(new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_REMEMBERED_FILMS;
        }
    });

    private final CommitWatermark watermark = new CommitWatermark();
    private io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics consumerMetrics;
    private final io.micrometer.core.instrument.Counter filmsCompleted = Telemetry.counter(Telemetry.FILMS_COMPLETED,
            "encode");
    private final io.micrometer.core.instrument.Counter filmsFailed = Telemetry.counter(Telemetry.FILMS_FAILED,
            "encode");
    private final io.micrometer.core.instrument.Counter deadLettered = Telemetry.counter(Telemetry.DEAD_LETTERED,
            "encode");
    private final io.micrometer.core.instrument.Timer latency = Telemetry.histogram(Telemetry.FRAME_LATENCY, "encode",
            "from a frame's ingest to the encoder taking it in");
    /** Per film in flight, its progress gauge (removed when the film is done: cardinality stays bounded). */
    private final Map<String, io.micrometer.core.instrument.Gauge> progressGauges = new ConcurrentHashMap<>();
    private volatile boolean running;
    /** What ended the poll loop when it was not asked to stop; null while it runs or after a clean stop. */
    private volatile Throwable loopFailure;
    private final Function<Properties, Consumer<String, byte[]>> consumers;
    private final Deserializer<VideoFacts> factsReader;
    private final Deserializer<ColorRecord> colorReader;
    private final Deserializer<AudioChunk> audioReader;
    private volatile Consumer<String, byte[]> consumer;
    private volatile Thread thread;
    private final DeadLetterSink deadLetters;
    /** Partitions this instance holds now (written by the poll thread in rebalance callbacks). */
    private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();
    /** Films being finished off the poll thread; their offsets stay uncommitted until they are done. */
    private FilmFinisher finisher;
    private boolean partitioningChecked;
    private Integer deadLetterPartitions;
    /** Dead letters of films not seen yet: video → the dead letter's timestamp and what it says. */
    /** Films failed by a dead letter, encoding what still comes of them first ({@link #failWhenFramesStop}). */
    private final Map<String, HeldFailure> held = new java.util.LinkedHashMap<>();
    private final Map<String, PendingDeadLetter> pendingDeadLetters = new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PendingDeadLetter> eldest) {
            return size() > MAX_REMEMBERED_FILMS; // dead letters of films that never come are forgotten in time
        }
    };

    private record PendingDeadLetter(long timestamp, String why) {
    }

    /**
     * @throws IllegalStateException when the H.264 encoder is missing from this FFmpeg build (checked now rather
     *                               than at the first frame)
     */
    public EncodeService(KafkaSettings kafka, Options options) {
        this(kafka, options, p -> new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer()),
                DeadLetterSink.kafka(kafka.producerProperties("colorstream-encode-dead-letters")));
    }

    /**
     * With a consumer and a dead-letter sink of the caller's making (tests use Kafka's {@code MockConsumer}).
     * The service closes the sink when it stops.
     */
    EncodeService(KafkaSettings kafka, Options options, Function<Properties, Consumer<String, byte[]>> consumers,
                  DeadLetterSink deadLetters) {
        this.deadLetters = deadLetters;
        this.kafka = kafka;
        this.topics = kafka.topics();
        this.options = options;
        this.consumers = consumers;
        this.factsReader = topics.videos().valueSerde().deserializer();
        this.colorReader = topics.colorFrames().valueSerde().deserializer();
        this.audioReader = topics.audio().valueSerde().deserializer();
        FilmEncoder.requireEncoder(options.encoding().videoEncoder());
    }

    @Override
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("the encode service was already started");
        }
        Properties p = kafka.consumerProperties(options.groupId());
        p.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        // Range assignment gives each instance the same partition numbers of every topic it reads: with the
        // topics co-partitioned by film (FilmPartitioner), all of a film reaches one instance.
        p.putIfAbsent(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        consumer = consumers.apply(p);
        consumerMetrics = new io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics(consumer,
                List.of(io.micrometer.core.instrument.Tag.of("role", "encode")));
        consumerMetrics.bindTo(Telemetry.registry());
        finisher = new FilmFinisher();
        running = true;
        thread = new Thread(this::pollLoop, "colorstream-encode");
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        Consumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Completes with the film's path when the video is written, or exceptionally when it fails or the service
     * stops first. May be asked before anything of the video has arrived. Completed on the poll thread: callbacks
     * must not block.
     */
    public CompletableFuture<Path> completion(String videoId) {
        return completions.computeIfAbsent(videoId, id -> new CompletableFuture<>());
    }

    /** Where the video stands, once anything of it has arrived. */
    public Optional<Progress> progress(String videoId) {
        return Optional.ofNullable(progress.get(videoId));
    }

    /**
     * Per partition, the offset after the last record this service has taken in (encoded, or held in its reorder
     * buffer or audio spool). Records before it are not needed again by this process; a restarted encoder would
     * re-read an unfinished film from its committed offsets, which lie further back.
     */
    public Map<TopicPartition, Long> consumedPositions() {
        return watermark.consumedPositions();
    }

    /**
     * Whether the poll loop is alive: false before start, after stop, and after an error ended it, in which case
     * {@link #loopFailure()} says what. A process whose loop died must not look healthy.
     */
    public boolean isAlive() {
        Thread t = thread;
        return running && t != null && t.isAlive();
    }

    /** What ended the poll loop, if an error did. */
    public Optional<Throwable> loopFailure() {
        return Optional.ofNullable(loopFailure);
    }

    /** Every video seen so far. */
    public Map<String, Progress> progress() {
        return Map.copyOf(progress);
    }

    private void pollLoop() {
        Consumer<String, byte[]> c = consumer;
        Throwable fatal = null;
        try {
            c.subscribe(List.of(topics.videos().name(), topics.colorFrames().name(), topics.audio().name(),
                            topics.deadLetter()),
                    new ConsumerRebalanceListener() {
                        @Override
                        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                            finishBeforeHandingOver(partitions);
                            commitSafeOffsets(c);
                            dropFilmsOf(partitions);
                            assigned.removeAll(partitions);
                        }

                        @Override
                        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                            assigned.addAll(partitions);
                            warnIfNotCoPartitioned(c);
                        }

                        @Override
                        public void onPartitionsLost(Collection<TopicPartition> partitions) {
                            dropFilmsOf(partitions);
                            assigned.removeAll(partitions);
                        }
                    });
            while (running) {
                ConsumerRecords<String, byte[]> records = c.poll(POLL);
                Set<String> touched = new HashSet<>();
                for (ConsumerRecord<String, byte[]> r : records) {
                    handle(r, touched);
                }
                giveUpOnSilentFilms();
                failHeldFilms();
                drainFinished();
                for (String id : touched) { // once per batch: describing what a film waits for is not free
                    FilmAssembly film = films.get(id);
                    if (film != null) {
                        progress.put(id, progressOf(film));
                    }
                }
                commitSafeOffsets(c);
            }
        } catch (WakeupException e) {
            if (running) {
                fatal = e;
            }
        } catch (Throwable t) {
            fatal = t;
            LOG.error("encode service stopped by an error", t);
        } finally {
            awaitFinishing();
            try {
                try {
                    commitSafeOffsets(c);
                } catch (WakeupException e) {
                    commitSafeOffsets(c); // the stop request's wake-up was still pending; it is used up now
                }
            } catch (RuntimeException e) {
                LOG.warn("could not commit offsets on the way out: {}", e.toString());
            }
            consumerMetrics.close();
            c.close();
            deadLetters.close();
            abandonAll(fatal);
            loopFailure = fatal;
            running = false;
        }
    }

    private void handle(ConsumerRecord<String, byte[]> r, Set<String> touched) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        watermark.taken(tp, r.offset());
        if (r.topic().equals(topics.deadLetter())) {
            deadLetterArrived(r);
            return;
        }
        if (r.value() == null) {
            return; // a tombstone on the compacted videos topic
        }
        lastRecord = System.nanoTime();
        String videoId = videoIdOfKey(r);
        if (videoId == null || done.contains(videoId) || finisher.isFinishing(videoId)
                || !options.wanted().test(videoId)) {
            return;
        }
        FilmAssembly film = films.get(videoId);
        PendingDeadLetter pending = pendingDeadLetters.remove(videoId);
        // A record of this film failed before anything else of it reached this encoder: what came before it is
        // still kept (the hold below).
        boolean failedAlready = film == null && pending != null && pending.timestamp() >= r.timestamp();
        try {
            if (film == null) {
                film = new FilmAssembly(videoId, options.outputFor().apply(videoId),
                        options.workRoot().resolve(VideoFiles.safeName(videoId)), options.encoding(),
                        options.limits(), options.resumable()).deferringFinish();
                films.put(videoId, film);
                watchProgress(videoId);
                LOG.info("encoding video {} to {}", videoId, film.output());
                if (failedAlready) {
                    failWhenFramesStop(videoId, pending.why());
                }
            }
            watermark.holds(videoId, tp, r.offset());
            lastHeard.put(videoId, System.nanoTime());
        } catch (Exception e) {
            fail(videoId, e);
            return;
        }
        try {
            dispatch(film, r);
        } catch (Exception e) {
            // The record itself is bad (unreadable, or impossible for this film): it becomes a dead letter and
            // its film fails with what it has; the offset moves on, so a restart does not stop on it again.
            if (deadLetterPartitions == null) {
                int n = partitionCount(topics.deadLetter());
                deadLetterPartitions = n > 0 ? n : -1;
            }
            Integer partition = deadLetterPartitions > 0 ? FilmPartitioner.partition(videoId, deadLetterPartitions)
                    : null;
            deadLettered.increment();
            deadLetters.send(DeadLetters.record(topics.deadLetter(), partition, r.key() == null ? null
                            : r.key().getBytes(StandardCharsets.UTF_8), r.value(), r.topic(), r.partition(), r.offset(),
                    e, "encode"));
            fail(videoId, new IllegalStateException("record " + r.topic() + "-" + r.partition() + "@" + r.offset()
                    + " of it could not be used (" + e.getMessage() + "); it is in " + topics.deadLetter(), e));
            return;
        }
        if (film.readyToFinish()) {
            startFinishing(film);
        } else if (film.finishedFilm() != null) {
            finish(film);
        } else {
            touched.add(videoId);
        }
    }

    /** Hands a complete film to the finisher thread; the poll loop goes on and learns the outcome later. */
    private void startFinishing(FilmAssembly film) {
        progress.put(film.videoId(), progressOf(film));
        if (finisher.start(film)) {
            LOG.info("video {}: all {} frames encoded; finishing the film", film.videoId(), film.framesEncoded());
        }
    }

    /** On the poll thread: the bookkeeping of films the finisher thread is done with. */
    private void drainFinished() {
        finisher.drain(this::finished);
    }

    private void finished(FilmFinisher.Finished f) {
        if (f.error() == null) {
            finish(f.film());
        } else {
            fail(f.film().videoId(), f.error() instanceof Exception e ? e : new IllegalStateException(f.error()));
        }
    }

    /** On the way out: films being finished are let finish (a stop waits for them), then booked. */
    private void awaitFinishing() {
        if (finisher != null) {
            finisher.stop(FINISH_WAIT, this::finished);
        }
    }

    private void dispatch(FilmAssembly film, ConsumerRecord<String, byte[]> r) throws Exception {
        String topic = r.topic();
        if (topic.equals(topics.colorFrames().name())) {
            ColorRecord rec = colorReader.deserialize(topic, r.value());
            if (rec instanceof ColorFrame f) {
                film.frame(f);
                if (r.timestamp() > 0) { // the colour frame keeps its gray frame's ingest time
                    latency.record(Math.max(0, System.currentTimeMillis() - r.timestamp()),
                            java.util.concurrent.TimeUnit.MILLISECONDS);
                }
            } else if (rec instanceof ShotEnd end) {
                film.shotEnd(end);
            }
        } else if (topic.equals(topics.audio().name())) {
            AudioChunk chunk = audioReader.deserialize(topic, r.value());
            film.audio(chunk);
        } else if (topic.equals(topics.videos().name())) {
            VideoFacts facts = factsReader.deserialize(topic, r.value());
            film.facts(facts);
        }
    }

    /**
     * Films being finished whose partitions go to another instance are let finish first and their offsets
     * committed, so the new owner does not write them a second time.
     */
    private void finishBeforeHandingOver(Collection<TopicPartition> partitions) {
        Set<Integer> lost = new HashSet<>();
        for (TopicPartition tp : partitions) {
            if (tp.topic().equals(topics.colorFrames().name())) {
                lost.add(tp.partition());
            }
        }
        int count = partitionCount(topics.colorFrames().name());
        long deadline = System.nanoTime() + FINISH_WAIT.toNanos();
        while (!lost.isEmpty() && count > 0 && System.nanoTime() < deadline
                && finisher.finishing().stream().anyMatch(id -> lost.contains(FilmPartitioner.partition(id, count)))) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            drainFinished();
        }
    }

    /** A gauge of the film's share done (frames encoded / expected; 0 until the totals are known). */
    private void watchProgress(String videoId) {
        progressGauges.computeIfAbsent(videoId, id -> io.micrometer.core.instrument.Gauge.builder(
                        Telemetry.FILM_PROGRESS, () -> {
                            Progress p = progress.get(id);
                            return p == null || p.framesTotal() <= 0 ? 0.0
                                    : Math.min(1.0, (double) p.framesEncoded() / p.framesTotal());
                        })
                .tag("role", "encode").tag("video", id).description("share of the film encoded")
                .register(Telemetry.registry()));
    }

    private void unwatchProgress(String videoId) {
        io.micrometer.core.instrument.Gauge g = progressGauges.remove(videoId);
        if (g != null) {
            Telemetry.registry().remove(g);
        }
    }

    /** The partitions this instance reads now: which films are its own. */
    public Set<TopicPartition> assignedPartitions() {
        return Set.copyOf(assigned);
    }

    /**
     * Another instance takes these partitions over: the films on them are its now, and it reads them again from
     * their first record (their offsets stayed uncommitted), so this instance forgets them without finishing.
     */
    private void dropFilmsOf(Collection<TopicPartition> partitions) {
        String colour = topics.colorFrames().name();
        Set<Integer> lost = new HashSet<>();
        int count = 0;
        for (TopicPartition tp : partitions) {
            if (tp.topic().equals(colour)) {
                lost.add(tp.partition());
            }
        }
        if (lost.isEmpty()) {
            return;
        }
        count = partitionCount(colour);
        for (FilmAssembly film : List.copyOf(films.values())) {
            if (count > 0 && lost.contains(FilmPartitioner.partition(film.videoId(), count))
                    && !finisher.isFinishing(film.videoId())) {
                LOG.info("video {} moves to another encode instance (rebalance); its work here is dropped",
                        film.videoId());
                unwatchProgress(film.videoId());
                close(film);
                films.remove(film.videoId());
                lastHeard.remove(film.videoId());
                watermark.release(film.videoId());
                progress.remove(film.videoId());
            }
        }
    }

    private int partitionCount(String topic) {
        try {
            var info = consumer.partitionsFor(topic);
            return info == null ? 0 : info.size();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** Several instances share films correctly only if every topic they read has the same partition count. */
    private void warnIfNotCoPartitioned(Consumer<String, byte[]> c) {
        if (partitioningChecked) {
            return;
        }
        partitioningChecked = true;
        Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        for (String t : List.of(topics.videos().name(), topics.audio().name(), topics.colorFrames().name(),
                topics.deadLetter())) {
            counts.put(t, partitionCount(t));
        }
        if (counts.values().stream().distinct().count() > 1) {
            LOG.warn("the topics the encoder reads have different partition counts {}: run one encode instance per "
                    + "group (several would split films); topics created by colorstream since dead-letter support "
                    + "have equal counts", counts);
        }
    }

    /**
     * A record that some role could not use: its film (named by the dead letter's key) ends as failed once its
     * frames stop coming ({@link #failWhenFramesStop}), with the frames it has as a partial film. A dead letter of a film not seen yet waits for it, and counts only if
     * it is not older than the film's first record (a dead letter from an earlier ingest of the same id does not
     * fail a new one).
     */
    private void deadLetterArrived(ConsumerRecord<String, byte[]> r) {
        String key = r.key();
        String why = "a record of it could not be used: " + DeadLetters.describe(r.headers()) + "; it is in "
                + topics.deadLetter();
        String source = DeadLetters.header(r.headers(), DeadLetters.TOPIC);
        boolean frameKey = topics.grayFrames().name().equals(source) || topics.colorFrames().name().equals(source)
                || (source == null && key != null && key.contains("/"));
        String videoId = key == null ? null : frameKey ? videoIdOrNull(key) : key;
        if (videoId == null) {
            LOG.warn("dead letter at {}@{} names no film: {}", r.topic(), r.offset(), why);
            return;
        }
        if (done.contains(videoId) || finisher.isFinishing(videoId) || !options.wanted().test(videoId)) {
            return;
        }
        if (!films.containsKey(videoId)) {
            pendingDeadLetters.put(videoId, new PendingDeadLetter(r.timestamp(), why));
            return;
        }
        failWhenFramesStop(videoId, why);
    }

    /**
     * Ends the film as failed once its frames stop coming ({@link Options#deadLetterGrace()} without a frame
     * encoded), not at once: the dead letter overtakes frames coloured before the bad one, which are kept in the
     * partial film instead of being coloured again by a resumed run. A film that completes meanwhile is whole.
     */
    private void failWhenFramesStop(String videoId, String why) {
        if (options.deadLetterGrace().isZero()) {
            fail(videoId, new IllegalStateException(why));
            return;
        }
        if (!held.containsKey(videoId)) {
            LOG.warn("video {}: {}; its frames that are still coming are encoded first", videoId, why);
            held.put(videoId, new HeldFailure(why, -1, System.nanoTime()));
        }
    }

    /** Fails the held films whose frames have stopped coming for the grace period. */
    private void failHeldFilms() {
        if (held.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        for (Map.Entry<String, HeldFailure> e : List.copyOf(held.entrySet())) {
            String id = e.getKey();
            HeldFailure h = e.getValue();
            FilmAssembly film = films.get(id);
            if (film == null || done.contains(id) || finisher.isFinishing(id)) {
                held.remove(id); // failed another way, or whole after all
                continue;
            }
            long encoded = film.framesEncoded();
            if (encoded != h.framesEncoded()) {
                held.put(id, new HeldFailure(h.why(), encoded, now));
            } else if (now - h.since() >= options.deadLetterGrace().toNanos()) {
                held.remove(id);
                fail(id, new IllegalStateException(h.why()));
            }
        }
    }

    /** A film's failure waiting for its frames to stop: frames encoded when last looked at, and since when. */
    private record HeldFailure(String why, long framesEncoded, long since) {
    }

    private static String videoIdOrNull(String frameKey) {
        try {
            return FrameKeys.videoIdOf(frameKey);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The video a record belongs to, from its key (so even an unreadable value can fail the right film). */
    private String videoIdOfKey(ConsumerRecord<String, byte[]> r) {
        String key = r.key();
        if (key == null) {
            LOG.warn("record without a key at {}-{}@{} passed over", r.topic(), r.partition(), r.offset());
            return null;
        }
        if (r.topic().equals(topics.colorFrames().name())) {
            try {
                return FrameKeys.videoIdOf(key);
            } catch (IllegalArgumentException e) {
                LOG.warn("colour record with key '{}' at {}-{}@{} passed over: {}", key, r.topic(), r.partition(),
                        r.offset(), e.getMessage());
                return null;
            }
        }
        return key;
    }

    /**
     * Finishes, as partial films, the films whose ingest was killed: no totals, nothing of them for
     * {@link Options#giveUpAfter()}, and nothing of any film for as long (while colorize works through other films'
     * frames, a film's silence means it waits its turn, not that its frames are gone). A film with totals waits: its
     * frames are in Kafka. So does a film with no frame encoded yet: there is nothing to save, and colorize may only
     * be starting.
     */
    private void giveUpOnSilentFilms() {
        Duration limit = options.giveUpAfter();
        long now = System.nanoTime();
        if (limit.isZero() || films.isEmpty() || now - lastRecord < limit.toNanos()) {
            return;
        }
        for (FilmAssembly film : List.copyOf(films.values())) {
            String id = film.videoId();
            if (film.framesTotal() >= 0 || film.framesEncoded() == 0
                    || now - lastHeard.getOrDefault(id, now) < limit.toNanos()) {
                continue;
            }
            String why = "nothing arrived for " + readable(limit) + " while waiting for " + film.waitingFor()
                    + ": its ingest stopped without saying how the film ended";
            if (finisher.isFinishing(id)) {
                continue;
            }
            try {
                film.giveUp(why);
            } catch (Exception e) {
                fail(id, e);
                continue;
            }
            startFinishing(film);
        }
    }

    private static String readable(Duration d) {
        return d.toMinutes() >= 1 ? d.toMinutes() + " min" : d.toMillis() / 1000.0 + " s";
    }

    private void finish(FilmAssembly film) {
        String id = film.videoId();
        Path path = film.finishedFilm();
        progress.put(id, progressOf(film));
        close(film);
        films.remove(id);
        lastHeard.remove(id);
        watermark.release(id);
        done.add(id);
        unwatchProgress(id);
        if (film.interruption() != null) {
            filmsFailed.increment();
            PartialFilmException partial = new PartialFilmException(id, path, film.framesEncoded(),
                    film.interruption());
            LOG.error(partial.getMessage());
            completion(id).completeExceptionally(partial);
            return;
        }
        filmsCompleted.increment();
        LOG.info("video {} finished: {} frames in {}", id, film.framesEncoded(), path);
        completion(id).complete(path);
    }

    /**
     * Ends a film as failed. One that has frames encoded is finished as a partial film first (its completion
     * then fails with a {@link PartialFilmException} naming the file and the cause): nothing already done is lost.
     */
    private void fail(String videoId, Exception e) {
        if (finisher.isFinishing(videoId)) {
            return; // complete already: what is being finished is the whole film
        }
        FilmAssembly started = films.get(videoId);
        if (started != null && started.framesEncoded() > 0 && started.finishedFilm() == null
                && !started.readyToFinish()) {
            try {
                started.giveUp(String.valueOf(e.getMessage()));
                startFinishing(started);
                return;
            } catch (Exception partialFailed) {
                e.addSuppressed(partialFailed);
            }
        }
        FilmAssembly film = films.remove(videoId);
        lastHeard.remove(videoId);
        if (film != null) {
            progress.put(videoId, progressOf(film));
            close(film);
        }
        watermark.release(videoId); // a failure is for good: re-reading the same records would fail again
        unwatchProgress(videoId);
        filmsFailed.increment();
        done.add(videoId);
        LOG.error("video {} failed: {}", videoId, e.getMessage(), e);
        completion(videoId).completeExceptionally(
                new IllegalStateException("encoding video " + videoId + " failed: " + e.getMessage(), e));
    }

    private void abandonAll(Throwable cause) {
        for (FilmAssembly film : films.values()) {
            if (finisher.isFinishing(film.videoId())) {
                continue; // still in the finisher's hands: its pieces stay for the next run
            }
            String why = "the encode service stopped before video " + film.videoId() + " was complete (waiting for "
                    + film.waitingFor() + ")";
            close(film);
            completion(film.videoId()).completeExceptionally(
                    cause == null ? new IllegalStateException(why) : new IllegalStateException(why, cause));
        }
        films.clear();
        for (Map.Entry<String, CompletableFuture<Path>> e : completions.entrySet()) {
            if (!e.getValue().isDone()) {
                e.getValue().completeExceptionally(new IllegalStateException("the encode service stopped before"
                        + " anything of video " + e.getKey() + " was complete", cause));
            }
        }
    }

    private static void close(FilmAssembly film) {
        try {
            film.close();
        } catch (RuntimeException e) {
            LOG.warn("cleaning up video {}: {}", film.videoId(), e.toString());
        }
    }

    /** Commits, per partition, up to the first record of any film still in progress. */
    private void commitSafeOffsets(Consumer<String, byte[]> c) {
        Map<TopicPartition, OffsetAndMetadata> commit = watermark.toCommit(c.assignment());
        if (!commit.isEmpty()) {
            c.commitSync(commit);
            watermark.committed(commit);
        }
    }

    private static Progress progressOf(FilmAssembly film) {
        return new Progress(film.videoId(), film.framesEncoded(), film.framesTotal(), film.framesWaiting(),
                film.waitingFor(), film.finishedFilm() != null);
    }
}
