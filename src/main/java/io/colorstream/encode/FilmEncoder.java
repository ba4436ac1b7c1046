package io.colorstream.encode;


import io.colorstream.wire.AudioChunk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avformat.AVOutputFormat;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;

/**
 * Writes the colour film: H.264 (libx264, yuv420p, constant quality) plus AAC audio. The picture is encoded as it
 * comes into closed pieces of {@value #PIECE_SECONDS} s ({@link VideoPieces}) and the sound kept as PCM ({@link
 * PcmTrack}), both in a work directory beside the output ({@code .NAME.parts/}); {@link #finish()} encodes the sound
 * in one go, joins pieces and sound by copying packets ({@link FilmMuxer}) into {@code .NAME.part}, and renames that
 * into place atomically, so the output appears only when complete. On failure, or {@link #close()} without {@code
 * finish()}, an existing output is left untouched and the work is removed, unless the encoder is resumable: then
 * the closed pieces stay, and a later resumable encoder of the same output continues after them (a crash costs at
 * most the piece being written).
 *
 * <p><b>Timing.</b> The frame rate is the source's rational rate; the encoder's time base is its inverse
 * (JavaCV derives it with {@code av_d2q(rate, 1001000)}, which recovers e.g. 30000/1001 exactly), so every frame
 * is stamped from its own {@code ptsMicros} on the source's frame grid. Constant-rate sources keep their exact
 * timing; variable-rate sources keep it to the nearest tick of the nominal rate (FFmpeg's {@code r_frame_rate} is
 * chosen so that all timestamps lie on that grid). Two frames never share a tick: a frame that would is moved to
 * the next one, so no frame is ever dropped.
 *
 * <p><b>Audio</b> is re-encoded as AAC at the source's sample rate and channel count: across Kafka only decoded
 * PCM travels. The audio track starts at time 0 like the frames' timestamps; a chunk
 * that starts later than the audio written so far (the sound starts late, or has a hole) is preceded by silence so
 * that sound stays in sync with picture. Callers interleave: feed audio up to each frame's time as they go
 * ({@link #audioWrittenMicros()}), so the muxer's interleaving queue stays short.
 *
 * <p><b>Odd sizes</b> come out exactly as they went in (641×361 stays 641×361). The encoder works on an even size
 * (the picture padded by one pixel that repeats the last column or row) and the H.264 stream says to crop that
 * pixel away on display. H.264 crops 4:2:0 pictures only in steps of two pixels, so a film with an odd dimension
 * is encoded with full-resolution chroma (yuv444p, High 4:4:4 Predictive): exact, a little larger, and played by
 * FFmpeg-based players and editors though not by every browser. Even sizes stay yuv420p, High profile.
 *
 * <p>Not thread-safe: one film, one thread.
 */
public final class FilmEncoder implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FilmEncoder.class);
    /**
     * How the film is encoded.
     *
     * @param videoEncoder           FFmpeg encoder name; must produce H.264 (libx264 in the -gpl natives)
     * @param preset                 x264 preset: speed against size at the same quality (veryfast … veryslow)
     * @param crf                    x264 constant rate factor: lower is better; 18 is visually near-lossless
     * @param audioBitratePerChannel AAC bits per second per channel
     * @param pieceSeconds           seconds of film per closed piece: at most what a crash costs the encoder
     * @param overwrite              whether a finished film may replace an existing file of its name; when not,
     *                               it takes the next free name ({@code film-2.mp4}) and nothing is replaced
     * @param soundFrom              the source file, when at hand: its sound streams, all of them, are copied
     *                               into the film packet for packet ({@link SourceSound}) instead of the sound
     *                               that travelled through Kafka (one stream, FFmpeg's main one, as PCM, encoded as AAC)
     */
    public record Settings(String videoEncoder, String preset, int crf, int audioBitratePerChannel,
                           double pieceSeconds, boolean overwrite, Path soundFrom, LiveStream.Target live) {
        public Settings(String videoEncoder, String preset, int crf, int audioBitratePerChannel, double pieceSeconds) {
            this(videoEncoder, preset, crf, audioBitratePerChannel, pieceSeconds, false, null, null);
        }

        public Settings(String videoEncoder, String preset, int crf, int audioBitratePerChannel,
                        double pieceSeconds, boolean overwrite, Path soundFrom) {
            this(videoEncoder, preset, crf, audioBitratePerChannel, pieceSeconds, overwrite, soundFrom, null);
        }

        public Settings withSoundFrom(Path source) {
            return new Settings(videoEncoder, preset, crf, audioBitratePerChannel, pieceSeconds, overwrite, source,
                    live);
        }

        /**
         * Also publishes the picture as it is encoded, as an HLS stream in {@code target}'s folder: each closed
         * piece becomes a segment, so a piece lasts as long as a segment should (see {@link LiveStream}).
         */
        public Settings withLive(LiveStream.Target target) {
            return new Settings(videoEncoder, preset, crf, audioBitratePerChannel, pieceSeconds, overwrite, soundFrom,
                    target);
        }

        public Settings {
            if (videoEncoder == null || videoEncoder.isBlank()) {
                throw new IllegalArgumentException("a video encoder name is required");
            }
            if (preset == null || preset.isBlank()) {
                throw new IllegalArgumentException("an x264 preset is required (e.g. medium)");
            }
            if (crf < 0 || crf > 51) {
                throw new IllegalArgumentException("crf must be in 0..51, got " + crf);
            }
            if (audioBitratePerChannel < 8_000) {
                throw new IllegalArgumentException("audio bitrate per channel must be at least 8000, got "
                        + audioBitratePerChannel);
            }
            if (!(pieceSeconds > 0)) {
                throw new IllegalArgumentException("a piece must last more than 0 s, got " + pieceSeconds);
            }
        }

        /** libx264, preset medium, crf 18, 96 kbit/s of AAC per channel, 30 s pieces: quality first. */
        public static Settings defaults() {
            return new Settings("libx264", "medium", 18, 96_000, PIECE_SECONDS);
        }

        public Settings withPreset(String p) {
            return new Settings(videoEncoder, p, crf, audioBitratePerChannel, pieceSeconds, overwrite, soundFrom,
                    live);
        }

        public Settings withCrf(int c) {
            return new Settings(videoEncoder, preset, c, audioBitratePerChannel, pieceSeconds, overwrite, soundFrom,
                    live);
        }

        /** The encoder of {@code codec} (libx264, libx265, prores_ks, ffv1). */
        public Settings withCodec(VideoCodec codec) {
            return withVideoEncoder(codec.encoder());
        }

        public Settings withVideoEncoder(String name) {
            return new Settings(name, preset, crf, audioBitratePerChannel, pieceSeconds, overwrite, soundFrom,
                    live);
        }

        public Settings withPieceSeconds(double seconds) {
            return new Settings(videoEncoder, preset, crf, audioBitratePerChannel, seconds, overwrite, soundFrom,
                    live);
        }

        public Settings withOverwrite(boolean replace) {
            return new Settings(videoEncoder, preset, crf, audioBitratePerChannel, pieceSeconds, replace, soundFrom,
                    live);
        }
    }

    private static final String FORMAT_FILE = "format.json";
    private static final com.fasterxml.jackson.databind.ObjectMapper FORMAT_JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** The film's format and sound bitrate, kept beside its pieces. */
    record KeptFormat(FilmFormat format, int audioBitratePerChannel) {
    }

    /** Seconds of film per piece by default: what a crash can cost at most on the encoder's side. */
    public static final int PIECE_SECONDS = 30;

    private final Path output;
    private final Path temp;
    private final Path pieceDir;
    private final String container;
    private final FilmFormat format;
    private final Settings settings;
    private final VideoCodec codec;
    private final boolean resumable;
    private final int codedWidth;
    private final int codedHeight;
    private final ByteBuffer picture;
    private final VideoPieces pieces;
    /** The live stream, while it is published; null without one, or after it failed. */
    private LiveStream live;
    /** Pieces published live so far, counting those kept from an earlier run (never published). */
    private int livePublished;
    private final PcmTrack sound;
    private long lastTick = -1;
    private boolean finished;
    private boolean closed;

    /**
     * Opens the encoder for a new film: whatever an earlier, unfinished film of the same output left is dropped.
     *
     * @param output the film to write; the container follows its extension (.mp4, .mov, .mkv); its directory is
     *               created if missing
     * @throws IllegalStateException when the H.264 encoder is not in this FFmpeg build
     * @throws IOException           when the work files cannot be made
     */
    public FilmEncoder(Path output, FilmFormat format, Settings settings) throws IOException {
        this(output, format, settings, false);
    }

    /**
     * Opens the encoder. When {@code resumable}, the film continues what an earlier, unfinished encoder of the
     * same output left ({@link #framesKept}): the next frame recorded is the one after those, and the sound is
     * cut where they end; and work is kept on {@link #close()} without {@link #finish()}, for a later run to
     * continue. Otherwise the film starts empty and its work files go on close.
     */
    public FilmEncoder(Path output, FilmFormat format, Settings settings, boolean resumable) throws IOException {
        this.output = output.toAbsolutePath().normalize();
        this.format = format;
        this.settings = settings;
        this.resumable = resumable;
        this.container = containerFor(this.output);
        this.codec = requireEncoder(settings.videoEncoder());
        if (!codec.fitsIn(container)) {
            throw new IllegalArgumentException(codec.cliName() + " cannot go into a ." + extension(this.output)
                    + " file; write it as " + codec.containersInWords());
        }
        if (codec != VideoCodec.H264 && (format.width() % 2 != 0 || format.height() % 2 != 0)) {
            throw new IllegalArgumentException("a " + format.width() + "x" + format.height() + " film (odd size) is"
                    + " written exactly only as h264; " + codec.cliName() + " needs an even width and height");
        }
        this.temp = this.output.resolveSibling("." + this.output.getFileName() + ".part");
        this.pieceDir = workDir(this.output);
        this.codedWidth = (format.width() + 1) & ~1;
        this.codedHeight = (format.height() + 1) & ~1;
        this.picture = ByteBuffer.allocateDirect(codedWidth * codedHeight * 3);
        Files.createDirectories(this.output.getParent());
        Files.deleteIfExists(temp);
        List<VideoPieces.Piece> kept = List.of();
        if (resumable) {
            kept = VideoPieces.scan(pieceDir);
            removeAllBut(pieceDir, kept);
        } else {
            deleteTree(pieceDir);
        }
        Files.createDirectories(pieceDir);
        // What a later run needs to join the kept pieces into a film without this encoder (salvage).
        FORMAT_JSON.writeValue(pieceDir.resolve(FORMAT_FILE).toFile(),
                new KeptFormat(format, settings.audioBitratePerChannel()));
        if (!kept.isEmpty()) {
            lastTick = kept.get(kept.size() - 1).lastTick();
        }
        int framesPerPiece = (int) Math.max(1, Math.round(settings.pieceSeconds() * format.frameRate()));
        this.pieces = new VideoPieces(pieceDir, format, codedWidth, codedHeight, settings, framesPerPiece, kept);
        // The sound continues where the kept picture ends (the next frame's time on a constant grid).
        long keepSamples = lastTick < 0 ? 0 : Math.round((lastTick + 1) * (double) format.frameRateDen()
                * format.audioSampleRate() / format.frameRateNum());
        this.sound = format.hasAudio() ? PcmTrack.open(pieceDir.resolve("sound.s16le"), format.audioSampleRate(),
                format.audioChannels(), keepSamples) : null;
        this.live = settings.live() == null ? null : new LiveStream(settings.live(), this.output,
                format.frameRateNum(), format.frameRateDen(), settings.pieceSeconds(), liveSound());
        this.livePublished = kept.size(); // a continued film's live stream starts with what this encoder makes
    }

    /**
     * Where the unfinished film of {@code output} keeps its work: {@code .NAME.parts/} beside it (closed pieces
     * of picture and the sound so far).
     */
    public static Path workDir(Path output) {
        Path o = output.toAbsolutePath().normalize();
        return o.resolveSibling("." + o.getFileName() + ".parts");
    }

    /** Frames of {@code output}'s unfinished film that a resumable encoder would keep (closed pieces); 0 if none. */
    public static long framesKept(Path output) throws IOException {
        List<VideoPieces.Piece> kept = VideoPieces.scan(workDir(output));
        return kept.isEmpty() ? 0 : kept.get(kept.size() - 1).endFrame();
    }

    /**
     * Joins what an unfinished film of {@code output} kept into a partial film beside it ({@code
     * NAME.partial.mp4}, or {@code NAME.partial-2.mp4} … when that exists), and drops the rest of its work: for a
     * run that cannot continue it (a live feed, which cannot be rewound), so nothing already encoded is lost.
     *
     * @return the partial film, or null when nothing was kept
     * @throws IOException when the kept pieces cannot be joined (they are left as they are)
     */
    public static Path salvage(Path output) throws IOException {
        Path o = output.toAbsolutePath().normalize();
        if (framesKept(o) == 0) {
            return null;
        }
        Path formatFile = workDir(o).resolve(FORMAT_FILE);
        if (!Files.isRegularFile(formatFile)) {
            throw new IOException("the unfinished film in " + workDir(o) + " does not say its format (no "
                    + FORMAT_FILE + "); it cannot be joined");
        }
        KeptFormat kept = FORMAT_JSON.readValue(formatFile.toFile(), KeptFormat.class);
        Settings defaults = Settings.defaults();
        Settings settings = new Settings(defaults.videoEncoder(), defaults.preset(), defaults.crf(),
                kept.audioBitratePerChannel(), defaults.pieceSeconds());
        Path target = VideoFiles.partialFilm(o);
        for (int n = 2; Files.exists(target); n++) {
            String name = VideoFiles.partialFilm(o).getFileName().toString();
            int dot = name.lastIndexOf('.');
            target = o.resolveSibling(name.substring(0, dot) + "-" + n + name.substring(dot));
        }
        Path saved;
        try (FilmEncoder enc = new FilmEncoder(o, kept.format(), settings, true)) {
            saved = enc.finishAs(target);
        }
        discardUnfinished(o);
        return saved;
    }

    /** Drops the unfinished film of {@code output}, if any. */
    public static void discardUnfinished(Path output) throws IOException {
        deleteTree(workDir(output));
    }

    /**
     * Fails clearly when {@code name} is not an encoder of this FFmpeg build for one of the film codecs
     * ({@link VideoCodec}), instead of letting FFmpeg fall back to another codec.
     */
    public static VideoCodec requireEncoder(String name) {
        return VideoCodec.ofEncoder(name);
    }

    /**
     * Encodes one frame.
     *
     * @param bgr       BGR24, width·height·3 bytes of the {@link FilmFormat}'s size, rows packed
     * @param ptsMicros presentation time from the start of the film
     */
    public void recordFrame(byte[] bgr, long ptsMicros) throws IOException {
        ensureOpen();
        int w = format.width();
        int h = format.height();
        if (bgr.length != w * h * 3) {
            throw new IllegalArgumentException("a " + w + "x" + h + " BGR frame holds " + w * h * 3 + " bytes, got "
                    + bgr.length);
        }
        fillPicture(bgr, w, h);
        long tick = Math.round((double) ptsMicros * format.frameRateNum()
                / (format.frameRateDen() * 1_000_000.0));
        if (tick <= lastTick) {
            tick = lastTick + 1; // same or earlier tick: keep the frame, on the next tick
        }
        try {
            int closed = pieces.closedPieces();
            pieces.record(picture, tick);
            if (pieces.closedPieces() > closed) {
                if (sound != null) {
                    sound.force(); // the sound of a closed piece survives a crash with it
                }
                publishLive(false);
            }
        } catch (IOException | RuntimeException e) {
            throw failed("frame " + pieces.frames() + " at " + ptsMicros + " µs", e);
        }
        lastTick = tick;
    }

    /**
     * Takes a run of audio (interleaved s16le), with silence before it if it starts after the audio written so
     * far. Converted if its rate or channels differ from the film's.
     */
    public void recordAudio(AudioChunk chunk) throws IOException {
        ensureOpen();
        if (!format.hasAudio()) {
            throw new IllegalStateException("film " + output + " was opened without audio, but audio chunk "
                    + chunk.index() + " arrived");
        }
        try {
            sound.append(chunk);
        } catch (IOException | RuntimeException e) {
            throw failed("audio chunk " + chunk.index(), e);
        }
    }

    /** Flushes the encoders, writes the trailer, and renames the film into place. Returns the output path. */
    public Path finish() throws IOException {
        return finishAs(output);
    }

    /**
     * As {@link #finish()}, but into {@code target} beside the output (a partial film must not replace a whole
     * one of the same name). Returns {@code target}. A resumable encoder finishing a partial film keeps its pieces,
     * all of them closed, so a later run can still continue the film to its end.
     */
    public Path finishAs(Path target) throws IOException {
        target = target.toAbsolutePath().normalize();
        if (!target.getParent().equals(output.getParent())) {
            throw new IllegalArgumentException("a film is finished beside its output " + output + ", not at " + target);
        }
        ensureOpen();
        boolean keepPieces = resumable && !target.equals(output);
        try {
            pieces.closePiece(!keepPieces);
            if (pieces.pieces().isEmpty()) {
                throw new IllegalStateException("film " + output + " has no frames: nothing to finish");
            }
            publishLive(true);
            List<FilmMuxer.SoundTrack> sounds = List.of();
            if (settings.soundFrom() != null) {
                sounds = SourceSound.of(settings.soundFrom(), container, pieceDir, settings.audioBitratePerChannel());
            } else if (sound != null) {
                sound.force();
                Path soundFile = pieceDir.resolve("sound.mp4");
                SoundEncoder.encode(sound.file(), sound.rate(), sound.channels(),
                        settings.audioBitratePerChannel() * sound.channels(), soundFile);
                sounds = List.of(FilmMuxer.SoundTrack.of(soundFile));
                LOG.info("sound of {}: the source's main sound stream, sent through Kafka as 16-bit PCM, encoded as "
                        + "AAC at {} kbit/s per channel (only that stream travels through Kafka; run, which has the "
                        + "source at hand, copies every sound stream as it is)", output.getFileName(),
                        settings.audioBitratePerChannel() / 1000);
            }
            // A partial film's sound ends with its picture; a whole film keeps every second of its sound.
            long end = target.equals(output) ? Long.MAX_VALUE : pictureEndMicros();
            FilmMuxer.mux(pieces.pieces(), format.frameRateNum(), format.frameRateDen(), sounds, end, format.tags(),
                    container, temp);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(true); // on disk before it gets the real name
            }
            if (settings.overwrite() || !target.equals(output)) {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } else {
                target = FreeNames.moveToFreeName(temp, target);
            }
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw new IOException("cannot finish the film " + target + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        finished = true;
        close();
        if (keepPieces) {
            Files.deleteIfExists(pieceDir.resolve("sound.mp4"));
        } else {
            deleteTree(pieceDir);
        }
        return target;
    }

    /** The live stream's sound, or null for a silent film or when its encoder cannot start (the picture goes on). */
    private LiveSound liveSound() {
        if (sound == null) {
            return null;
        }
        try {
            return new LiveSound(sound, sound.samples(), settings.audioBitratePerChannel() * sound.channels());
        } catch (IOException e) {
            LOG.error("the live stream of {} goes without sound (the recording keeps it): {}", output.getFileName(),
                    e.getMessage());
            return null;
        }
    }

    /**
     * Publishes the pieces closed since the last call as live segments; at the end, also ends the stream. A live
     * stream that cannot be written (a full disk, a folder gone) stops, with one error logged: the film itself
     * goes on, since the recording matters more than the view of it.
     */
    private void publishLive(boolean end) {
        if (live == null) {
            return;
        }
        try {
            List<VideoPieces.Piece> all = pieces.pieces();
            while (livePublished < all.size()) {
                live.append(all.get(livePublished), end && livePublished == all.size() - 1);
                livePublished++;
            }
            if (end) {
                live.end();
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("the live stream of {} stops (the film goes on): {}", output.getFileName(), e.getMessage());
            try {
                live.close();
            } catch (IOException | RuntimeException ignored) {
                // already failing: the error above says so
            }
            live = null;
        }
    }

    /** Where the picture ends on the film's clock: after the last frame of the last piece. */
    private long pictureEndMicros() {
        long ticks = 0;
        for (VideoPieces.Piece p : pieces.pieces()) {
            ticks = Math.max(ticks, p.firstTick() + p.frames());
        }
        return Math.round(ticks * 1e6 * format.frameRateDen() / format.frameRateNum());
    }

    /** Frames encoded so far (those kept from an earlier run included). */
    public long framesWritten() {
        return pieces.frames();
    }

    /** Time of the last frame encoded, in µs on the film's frame grid; -1 before the first. */
    public long videoWrittenMicros() {
        return lastTick < 0 ? -1
                : Math.round(lastTick * (double) format.frameRateDen() * 1_000_000.0 / format.frameRateNum());
    }

    /** End time of the audio written so far, in µs. */
    public long audioWrittenMicros() {
        return sound == null ? 0 : sound.endMicros();
    }

    public FilmFormat format() {
        return format;
    }

    /** Size the encoder works on: the frame size rounded up to even (the stream crops back to the frame size). */
    public int codedWidth() {
        return codedWidth;
    }

    public int codedHeight() {
        return codedHeight;
    }

    public Path output() {
        return output;
    }

    /** The temporary file the finished film is joined into before it gets its name. */
    public Path temporaryFile() {
        return temp;
    }

    /**
     * Abandons an unfinished film: an existing output stays; the work goes too, unless the encoder is resumable
     * (then the closed pieces and the sound stay for a later run). Safe to call again.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (live != null) {
                live.close(); // players stop waiting, also when the film failed
            }
            pieces.close();
            if (sound != null) {
                sound.close();
            }
        } finally {
            Files.deleteIfExists(temp);
            if (!finished && !resumable) {
                deleteTree(pieceDir);
            }
        }
    }

    private void fillPicture(byte[] bgr, int w, int h) {
        int rowBytes = w * 3;
        int codedRow = codedWidth * 3;
        picture.clear();
        for (int y = 0; y < h; y++) {
            int base = y * codedRow;
            picture.put(base, bgr, y * rowBytes, rowBytes);
            if (codedWidth != w) { // repeat the last pixel of the row
                int last = y * rowBytes + rowBytes - 3;
                picture.put(base + rowBytes, bgr, last, 3);
            }
        }
        if (codedHeight != h) { // repeat the last row
            int lastRow = (h - 1) * codedRow;
            for (int i = 0; i < codedRow; i++) {
                picture.put(h * codedRow + i, picture.get(lastRow + i));
            }
        }
    }

    private IOException failed(String what, Exception e) throws IOException {
        IOException failure = new IOException("encoding " + output + " failed at " + what + ": " + e.getMessage(), e);
        try {
            close();
        } catch (IOException cleanup) {
            failure.addSuppressed(cleanup);
        }
        return failure;
    }

    private void ensureOpen() {
        if (finished) {
            throw new IllegalStateException("film " + output + " is already finished");
        }
        if (closed) {
            throw new IllegalStateException("encoding of " + output + " was abandoned");
        }
    }

    /**
     * Removes the encoder's own files in {@code dir} but the kept pieces and the sound (an open piece's file, a
     * last piece or joined sound of a finish cut short, pieces after a gap); other files (a run's record) stay.
     */
    private static void removeAllBut(Path dir, List<VideoPieces.Piece> kept) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        java.util.Set<Path> keep = new java.util.HashSet<>();
        kept.forEach(p -> keep.add(p.file()));
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                boolean ours = name.startsWith("piece-") || name.startsWith("last-piece-") || name.equals("sound.mp4");
                if (ours && !keep.contains(f)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            org.apache.commons.io.file.PathUtils.deleteDirectory(dir);
        }
    }

    private static String extension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1);
    }

    /** FFmpeg's muxer name for the output's extension. */
    public static String containerFor(Path output) {
        String name = output.getFileName().toString();
        AVOutputFormat f = avformat.av_guess_format(null, name, null);
        if (f == null || f.isNull()) {
            throw new IllegalArgumentException("cannot tell the container format from the output name '" + name
                    + "'; use .mp4, .mov or .mkv");
        }
        return f.name().getString();
    }
}
