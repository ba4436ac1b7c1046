package io.colorstream.encode;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV444P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV422P10LE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P10LE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV444P10LE;

import io.colorstream.wire.PictureShape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * The film's picture as consecutive pieces in a directory (H.264 or H.265 in MP4, ProRes in MOV, FFV1 in
 * Matroska: each piece as the codec will be in the film, whatever its name says), each a complete, closed file from the moment
 * it has its final name ({@code piece-FIRSTFRAME-FRAMES-FIRSTTICK-LASTTICK.mp4}): a crash loses at most the piece
 * being written, and what a piece holds is in its name. Each piece starts with a key frame and stamps its frames
 * from its own first tick, so {@link FilmMuxer} can join the pieces by copying packets, without re-encoding.
 *
 * <p>Not thread-safe.
 */
final class VideoPieces implements AutoCloseable {
    /** A closed piece: frames {@code firstFrame ..} of the film, on ticks {@code firstTick .. lastTick}. */
    record Piece(Path file, long firstFrame, long frames, long firstTick, long lastTick) {
        long endFrame() {
            return firstFrame + frames;
        }
    }

    private static final Pattern NAME = Pattern.compile("piece-(\\d+)-(\\d+)-(\\d+)-(\\d+)\\.mp4");

    private final Path dir;
    private final FilmFormat format;
    private final int codedWidth;
    private final int codedHeight;
    private final FilmEncoder.Settings settings;
    private final int framesPerPiece;
    private final List<Piece> pieces;
    private FFmpegFrameRecorder recorder;
    private Path open;
    private long openFirstFrame;
    private long openFirstTick;
    private long openLastTick;
    private long openFrames;

    /**
     * @param kept pieces already in {@code dir} that the film continues ({@link #scan}); the next frame is the one
     *             after them
     */
    VideoPieces(Path dir, FilmFormat format, int codedWidth, int codedHeight, FilmEncoder.Settings settings,
                int framesPerPiece, List<Piece> kept) {
        if (framesPerPiece < 1) {
            throw new IllegalArgumentException("a piece holds at least one frame, got " + framesPerPiece);
        }
        this.dir = dir;
        this.format = format;
        this.codedWidth = codedWidth;
        this.codedHeight = codedHeight;
        this.settings = settings;
        this.framesPerPiece = framesPerPiece;
        this.pieces = new ArrayList<>(kept);
    }

    /**
     * The closed pieces in {@code dir} that run without a gap from frame 0, in film order; a piece after a gap,
     * or one whose name does not parse, is not part of the film (and is left for the caller to remove).
     */
    static List<Piece> scan(Path dir) throws IOException {
        List<Piece> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (m.matches() && Files.isRegularFile(f)) {
                    found.add(new Piece(f, Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                            Long.parseLong(m.group(3)), Long.parseLong(m.group(4))));
                }
            }
        }
        found.sort(Comparator.comparingLong(Piece::firstFrame));
        List<Piece> film = new ArrayList<>();
        long next = 0;
        for (Piece p : found) {
            if (p.firstFrame() != next || p.frames() < 1) {
                break;
            }
            film.add(p);
            next = p.endFrame();
        }
        return film;
    }

    /** Encodes one frame (BGR24 at the coded size) on {@code tick} of the film's frame grid. */
    void record(ByteBuffer picture, long tick) throws IOException {
        if (recorder != null && openFrames >= framesPerPiece) {
            // Closed only when a frame follows it: the film's last frame always waits in an open piece, so
            // closed pieces never hold the whole film before finish() (a run continuing has at least a frame to do).
            closePiece(false);
        }
        if (recorder == null) {
            start(tick);
        }
        long relative = tick - openFirstTick;
        if (relative > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tick " + tick + " is past what one piece can stamp");
        }
        try {
            recorder.setFrameNumber((int) relative);
            recorder.recordImage(codedWidth, codedHeight, Frame.DEPTH_UBYTE, 3, codedWidth * 3, AV_PIX_FMT_BGR24,
                    picture);
        } catch (FFmpegFrameRecorder.Exception e) {
            throw new IOException("encoding frame " + (openFirstFrame + openFrames) + " failed: " + e.getMessage(), e);
        }
        openLastTick = tick;
        openFrames++;
    }

    /**
     * Closes the piece being written (flushing the encoder) under its final name; nothing when none is open.
     *
     * @param last the film's last piece, closed to be joined now: named so that {@link #scan} leaves it out, as a
     *             film whose joining fails or is cut short is continued from before it
     */
    void closePiece(boolean last) throws IOException {
        if (recorder == null) {
            return;
        }
        try {
            recorder.stop();
        } catch (FFmpegFrameRecorder.Exception e) {
            throw new IOException("closing the piece from frame " + openFirstFrame + " failed: " + e.getMessage(), e);
        } finally {
            release();
        }
        try (FileChannel ch = FileChannel.open(open, StandardOpenOption.WRITE)) {
            ch.force(true); // on disk before its name says it is complete
        }
        Path done = dir.resolve((last ? "last-" : "") + "piece-" + openFirstFrame + "-" + openFrames + "-" + openFirstTick + "-"
                + openLastTick + ".mp4");
        Files.move(open, done, StandardCopyOption.ATOMIC_MOVE);
        pieces.add(new Piece(done, openFirstFrame, openFrames, openFirstTick, openLastTick));
        open = null;
    }

    /** The closed pieces, in film order. */
    List<Piece> pieces() {
        return List.copyOf(pieces);
    }

    /** How many pieces are closed. */
    int closedPieces() {
        return pieces.size();
    }

    /** Frames in closed pieces and in the open one. */
    long frames() {
        return closedFrames() + (recorder == null ? 0 : openFrames);
    }

    /** Drops the open piece (its file too); closed pieces stay. */
    @Override
    public void close() throws IOException {
        release();
        if (open != null) {
            Files.deleteIfExists(open);
            open = null;
        }
    }

    private long closedFrames() {
        return pieces.isEmpty() ? 0 : pieces.get(pieces.size() - 1).endFrame();
    }

    private void start(long tick) throws IOException {
        openFirstFrame = closedFrames();
        openFirstTick = tick;
        openFrames = 0;
        open = dir.resolve("piece-" + openFirstFrame + ".mp4.tmp");
        Files.createDirectories(dir);
        Files.deleteIfExists(open);
        FFmpegFrameRecorder r = new FFmpegFrameRecorder(open.toFile(), codedWidth, codedHeight, 0);
        VideoCodec codec = VideoCodec.ofEncoder(settings.videoEncoder());
        r.setFormat(codec.pieceFormat());
        r.setVideoCodec(codec.codecId());
        r.setVideoCodecName(settings.videoEncoder());
        r.setFrameRate(format.frameRate());
        PictureShape shape = format.picture();
        if (shape.anamorphic()) {
            r.setAspectRatio(shape.sampleAspectRatio()); // JavaCV turns it back into a ratio (16:15, 32:27 exactly)
        }
        switch (codec) {
            case H264 -> x264(r, shape);
            case H265 -> {
                r.setPixelFormat(shape.deep() ? AV_PIX_FMT_YUV420P10LE : AV_PIX_FMT_YUV420P); // main10 for deep sources
                r.setVideoBitrate(0);
                r.setVideoOption("crf", Integer.toString(settings.crf()));
                r.setVideoOption("preset", settings.preset());
                String fields = !shape.interlaced() ? "" : shape.topFieldFirst() ? ":interlace=tff" : ":interlace=bff";
                r.setVideoOption("x265-params", "log-level=error:colorprim=bt709:transfer=iec61966-2-1"
                        + ":colormatrix=smpte170m" + fields);
            }
            case PRORES -> {
                // ProRes 422 HQ, 10-bit: what editing suites take as a master.
                r.setPixelFormat(AV_PIX_FMT_YUV422P10LE);
                r.setVideoOption("profile", "3");
                r.setVideoOption("vendor", "apl0");
            }
            case FFV1 -> {
                // Lossless, every frame a key frame, with checksums: the archival codec.
                r.setPixelFormat(AV_PIX_FMT_YUV444P);
                r.setVideoOption("level", "3");
                r.setVideoOption("slicecrc", "1");
                r.setGopSize(1);
            }
        }
        try {
            r.start();
        } catch (FFmpegFrameRecorder.Exception e) {
            releaseQuietly(r);
            Files.deleteIfExists(open);
            open = null;
            throw new IOException("cannot start encoding a piece of the film (" + format + ", " + settings + "): "
                    + e.getMessage(), e);
        }
        recorder = r;
    }

    private void x264(FFmpegFrameRecorder r, PictureShape shape) {
        // See FilmEncoder: an odd size is padded to even, encoded 4:4:4 and cropped back in the stream.
        int cropRight = codedWidth - format.width();
        int cropBottom = codedHeight - format.height();
        boolean odd = cropRight != 0 || cropBottom != 0;
        // A 10-bit source gets a 10-bit film (High 10, or High 4:4:4 at 10 bits for odd sizes).
        r.setPixelFormat(odd ? (shape.deep() ? AV_PIX_FMT_YUV444P10LE : AV_PIX_FMT_YUV444P)
                : (shape.deep() ? AV_PIX_FMT_YUV420P10LE : AV_PIX_FMT_YUV420P));
        r.setVideoBitrate(0); // constant quality (crf), not a bitrate target
        r.setVideoOption("crf", Integer.toString(settings.crf()));
        r.setVideoOption("preset", settings.preset());
        // JavaCV asks for constrained baseline by default; a film wants B-frames and CABAC.
        r.setVideoOption("profile", odd ? "high444" : shape.deep() ? "high10" : "high");
        // sRGB primaries and curve; swscale's BGR→YUV uses the BT.601 matrix, so say so, or HD players assume 709.
        // Interlaced sources stay interlaced, in their field order (x264 codes the two fields of each frame).
        String fields = !shape.interlaced() ? "" : shape.topFieldFirst() ? ":interlaced=1:tff=1" : ":interlaced=1:bff=1";
        r.setVideoOption("x264-params", "colorprim=bt709:transfer=iec61966-2-1:colormatrix=smpte170m"
                + (odd ? ":crop-rect=0,0," + cropRight + "," + cropBottom : "") + fields);
    }

    private void release() {
        if (recorder != null) {
            releaseQuietly(recorder);
            recorder = null;
        }
    }

    private static void releaseQuietly(FFmpegFrameRecorder r) {
        try {
            r.release();
        } catch (FFmpegFrameRecorder.Exception ignored) {
            // nothing more to free; the open piece's file is removed by the caller
        }
    }
}
