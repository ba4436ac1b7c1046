package io.colorstream.encode;

import io.colorstream.wire.AudioChunk;
import io.colorstream.wire.ColorFrame;
import io.colorstream.wire.ShotEnd;
import io.colorstream.wire.VideoFacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.io.file.PathUtils;

/**
 * One film being put together from what arrives for it, in any order: its facts, its colour frames (interleaved
 * across shots), its shot end markers and its audio. Frames go through a {@link FrameReorderBuffer} into the
 * {@link FilmEncoder} as soon as they are next in film order; audio waits in an {@link AudioSpool} and is fed up to
 * each frame's time, so sound and picture interleave as they are written. The encoder opens on the first frame
 * in order once the facts are known (frame rate, audio format). When {@link VideoCompletion} says everything is in
 * and every frame has been encoded, the rest of the audio is written and the film is finished (renamed into place;
 * a film whose input broke, as its facts say, goes to {@link VideoFiles#partialFilm(Path)} instead).
 *
 * <p>Once finished, records of the film (late redeliveries) are ignored. Everything here is Kafka-free; {@link EncodeService} feeds it. Not thread-safe. A method that throws leaves
 * the assembly failed: close it (the partial film and the spill files go).
 */
public final class FilmAssembly implements AutoCloseable {
    private final String videoId;
    private final Path output;
    private final Path workDir;
    private final FilmEncoder.Settings settings;
    private final FrameReorderBuffer frames;
    private final AudioSpool audio;
    private final VideoCompletion completion;
    private final FrameRecombiner recombiner = new FrameRecombiner();
    private final boolean resumable;
    /** Frames the encoder kept from an earlier, unfinished run of the output (a resumable film). */
    private long framesKept;
    private VideoFacts facts;
    private FilmEncoder encoder;
    private int width = -1;
    private int height = -1;
    private static final io.micrometer.core.instrument.Counter FRAMES_ENCODED =
            io.colorstream.observe.Telemetry.counter(io.colorstream.observe.Telemetry.FRAMES_ENCODED, "encode");
    private Path finished;
    private boolean closed;
    /** When set, a complete film waits for {@link #completeFinish()} (on another thread) instead of finishing. */
    private boolean deferFinish;
    private volatile boolean readyToFinish;

    /**
     * @param output   where the finished film goes
     * @param workDir  this video's own scratch directory (spilled frames, spooled audio); emptied now and removed
     *                 on {@link #close()}
     */
    public FilmAssembly(String videoId, Path output, Path workDir, FilmEncoder.Settings settings,
                        FrameReorderBuffer.Limits limits) {
        this(videoId, output, workDir, settings, limits, false);
    }

    /**
     * @param resumable the film's frames continue what an earlier, unfinished encoder of {@code output} left (its
     *                  frame 0 is the first frame after those), and its encoder keeps its work when it fails
     */
    public FilmAssembly(String videoId, Path output, Path workDir, FilmEncoder.Settings settings,
                        FrameReorderBuffer.Limits limits, boolean resumable) {
        this.resumable = resumable;
        this.videoId = videoId;
        this.output = output;
        this.workDir = workDir;
        this.settings = settings;
        deleteTree(workDir);
        this.frames = new FrameReorderBuffer(workDir.resolve("frames"), limits);
        this.audio = new AudioSpool(videoId, workDir.resolve("audio.s16le"));
        this.completion = new VideoCompletion(videoId);
    }

    public void facts(VideoFacts f) throws IOException {
        requireVideo(f.videoId());
        if (finished != null) {
            return;
        }
        if (facts == null || f.totals() != null) {
            facts = f; // keep the latest that carries totals; the first one is enough to start
        }
        completion.facts(f);
        advance();
    }

    /** Takes a colour frame; false when it was seen before (a redelivery), which changes nothing. */
    public boolean frame(ColorFrame f) throws IOException {
        requireVideo(f.videoId());
        if (finished != null) {
            return false;
        }
        if (width < 0) {
            width = f.width();
            height = f.height();
        } else if (f.width() != width || f.height() != height) {
            throw new IllegalStateException("video " + videoId + " changes size at frame " + f.seq() + ": "
                    + f.width() + "x" + f.height() + " after " + width + "x" + height);
        }
        if (!frames.offer(f)) {
            return false;
        }
        completion.frameArrived(f.shot());
        advance();
        return true;
    }

    public void shotEnd(ShotEnd end) throws IOException {
        requireVideo(end.videoId());
        if (finished != null) {
            return;
        }
        completion.shotEnded(end);
        advance();
    }

    /** Takes an audio chunk; false when it was seen before. */
    public boolean audio(AudioChunk chunk) throws IOException {
        requireVideo(chunk.videoId());
        if (finished != null) {
            return false;
        }
        if (!audio.add(chunk)) {
            return false;
        }
        completion.audioChunksReceived(audio.contiguousChunks());
        advance();
        return true;
    }

    /**
     * Why the film's input broke early, or null: a finished film with an interruption holds only the frames
     * before the break and lies at {@link VideoFiles#partialFilm(Path)}, not at the output.
     */
    public String interruption() {
        return facts == null ? null : facts.interruption();
    }

    /**
     * Leaves the finishing of a complete film (sound encoding, joining the pieces, syncing: minutes for a long
     * film) to whoever calls {@link #completeFinish()}, so that a Kafka poll loop can go on polling meanwhile.
     */
    public FilmAssembly deferringFinish() {
        deferFinish = true;
        return this;
    }

    /** Every frame is encoded and the film waits to be finished ({@link #deferringFinish()}). */
    public boolean readyToFinish() {
        return readyToFinish;
    }

    /**
     * Finishes a film that is {@link #readyToFinish()}: writes it (a partial one beside the output when its input
     * was interrupted) and drops the scratch. May run on another thread than the one that fed the film; nothing
     * else may touch the film meanwhile.
     */
    public Path completeFinish() throws IOException {
        if (!readyToFinish) {
            throw new IllegalStateException("video " + videoId + " is not ready to be finished");
        }
        readyToFinish = false;
        finishEncoding();
        return finished;
    }

    /** The finished film, or null while it is still being put together. */
    public Path finishedFilm() {
        return finished;
    }

    public String videoId() {
        return videoId;
    }

    public Path output() {
        return output;
    }

    /** Frames of this video written to the film so far (not those kept from an earlier run). */
    public long framesEncoded() {
        return encoder == null ? (finished != null ? frames.nextSeq() : 0) : encoder.framesWritten() - framesKept;
    }

    /** The film's frame count, or -1 until ingest has published its totals. */
    public long framesTotal() {
        return completion.totals() == null ? -1 : completion.totals().frames();
    }

    /** Frames that arrived and wait for an earlier one (in memory or spilled). */
    public int framesWaiting() {
        return frames.waiting();
    }

    /** What the film still waits for. */
    public String waitingFor() {
        if (finished != null) {
            return "nothing: finished";
        }
        String m = completion.missing();
        if (facts == null) {
            return "the video's facts from ingest; then " + m;
        }
        return m;
    }

    /**
     * Ends the film with what has been encoded, as a partial film, because its input fell silent without saying
     * how it ended (an ingest that was killed publishes no totals). Frames waiting behind a gap in the sequence
     * cannot be placed and are left out; sound goes up to the last frame.
     *
     * @param why what happened, kept as the film's {@link #interruption()}
     * @return the partial film, at {@link VideoFiles#partialFilm(Path)}
     * @throws IllegalStateException when not one frame could be encoded
     */
    public Path giveUp(String why) throws IOException {
        if (finished != null) {
            return finished;
        }
        if (closed || encoder == null) {
            throw new IllegalStateException("video " + videoId + ": " + why + "; no frame of it could be encoded");
        }
        feedAudioUpTo(encoder.videoWrittenMicros());
        facts = facts.interruptedWith(facts.totals(), why);
        if (deferFinish) {
            readyToFinish = true;
            return VideoFiles.partialFilm(output);
        }
        finishEncoding();
        return finished;
    }

    /** Drops everything: an unfinished film's temporary file, spilled frames, spooled audio. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (encoder != null) {
                encoder.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            frames.close();
            audio.close();
            deleteTree(workDir);
        }
    }

    private void advance() throws IOException {
        if (closed || finished != null || readyToFinish) {
            return;
        }
        if (completion.problem() != null) {
            throw new IllegalStateException(completion.problem());
        }
        if (facts == null) {
            return; // frames wait until the frame rate and audio format are known
        }
        ColorFrame f;
        while ((f = frames.poll()) != null) {
            if (encoder == null) {
                encoder = new FilmEncoder(output, FilmFormat.of(facts, f.width(), f.height()), settings, resumable);
                framesKept = encoder.framesWritten();
            }
            encoder.recordFrame(recombiner.toBgr(f), f.ptsMicros());
            FRAMES_ENCODED.increment();
            feedAudioUpTo(encoder.videoWrittenMicros());
        }
        if (encoder != null) {
            feedAudioUpTo(encoder.videoWrittenMicros());
        }
        if (completion.isComplete()) {
            long total = completion.totals().frames();
            if (frames.nextSeq() != total) {
                throw new IllegalStateException("video " + videoId + ": all " + total + " frames arrived, but frame "
                        + frames.nextSeq() + " is not among them (sequence numbers must run 0.." + (total - 1) + ")");
            }
            if (encoder == null) {
                throw new IllegalStateException("video " + videoId + " has no frames: nothing to encode");
            }
            feedAudioUpTo(Long.MAX_VALUE);
            if (deferFinish) {
                readyToFinish = true;
            } else {
                finishEncoding();
            }
        }
    }

    /** Closes the film (a partial one beside the output when the input was interrupted) and drops the scratch. */
    private void finishEncoding() throws IOException {
        finished = facts.interrupted() ? encoder.finishAs(VideoFiles.partialFilm(output)) : encoder.finish();
        encoder = null;
        frames.close();
        audio.close();
        deleteTree(workDir);
    }

    private void feedAudioUpTo(long micros) throws IOException {
        if (encoder == null || !encoder.format().hasAudio()) {
            return;
        }
        while (audio.unread() > 0 && audio.nextPtsMicros() <= micros) {
            encoder.recordAudio(audio.next());
        }
    }

    private void requireVideo(String id) {
        if (!videoId.equals(id)) {
            throw new IllegalArgumentException("a record of video " + id + " was given to the film of " + videoId);
        }
        if (closed) {
            throw new IllegalStateException("the film of " + videoId + " is closed");
        }
    }

    private static void deleteTree(Path dir) {
        try {
            if (Files.exists(dir)) {
                PathUtils.deleteDirectory(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean work directory " + dir + ": " + e.getMessage(), e);
        }
    }
}
