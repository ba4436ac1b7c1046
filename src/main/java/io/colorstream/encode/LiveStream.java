package io.colorstream.encode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The colour picture published while it is made, as HLS: each closed {@link VideoPieces piece} of the film is
 * copied, packet for packet (no second encode), into an MPEG-TS segment {@code NAME-SEQUENCE.ts}, and the playlist
 * {@code NAME.m3u8} is rewritten to list it. Segments keep the film's clock, so a player follows them as one stream.
 * Files appear whole: a segment and the playlist are written under a temporary name and renamed into place.
 * With a window, segments that left the playlist are deleted a window later (a player may still be fetching
 * them); without one, every segment stays listed (the recording so far, an EVENT playlist). A film with sound
 * has it in the segments too: {@link LiveSound} encodes it continuously and each segment takes the AAC frames that
 * start before its picture ends (so a segment's sound may end a frame or two short of its picture, and the next
 * one begins with the rest: no gap, no overlap, no seam). The film itself is still written whole at the end.
 *
 * <p>Not thread-safe: called by the film's encoder.
 */
public final class LiveStream implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LiveStream.class);

    /**
     * Where and how films are published live: each film as {@code dir/FILM.m3u8} and {@code dir/FILM-N.ts}, FILM
     * being the film's file name without extension (several films can share the folder).
     *
     * @param dir    folder of the playlists and segments (created if missing)
     * @param window segments listed at once (a live window); 0 = all (the whole recording stays listed)
     */
    public record Target(Path dir, int window) {
        public Target {
            if (window < 0) {
                throw new IllegalArgumentException("the live window is 0 (all segments) or more, got " + window);
            }
        }

        /** The playlist of the film written to {@code film}. */
        public Path playlist(Path film) {
            return dir.resolve(name(film) + ".m3u8");
        }

        static String name(Path film) {
            String n = film.getFileName().toString();
            int dot = n.lastIndexOf('.');
            return dot > 0 ? n.substring(0, dot) : n;
        }
    }

    /**
     * Every segment's timestamps move this much later: B-frames make a piece's first decoding time fall before its
     * first frame, MPEG-TS cannot carry a time below zero, and its muxer would move only the first segment to make
     * it fit, leaving a jump between the first two. (MPEG-TS streams conventionally start after 1.4 s anyway.)
     */
    static final long SHIFT_MICROS = 10_000_000;

    private final Target target;
    private final String name;
    private final Path playlistFile;
    private final int rateNum;
    private final int rateDen;
    private final HlsPlaylist playlist;
    /** The sound, or null for a silent film. */
    private final LiveSound sound;
    private final Deque<Path> listedFiles = new ArrayDeque<>();
    private final Deque<Path> leaving = new ArrayDeque<>();
    private long sequence;
    private boolean ended;

    /**
     * @param pieceSeconds the planned length of a piece, hence of a segment
     * @param sound        the film's sound, encoded as it grows; null for a silent film. Closed with the stream.
     */
    LiveStream(Target target, Path film, int rateNum, int rateDen, double pieceSeconds, LiveSound sound)
            throws IOException {
        this.target = target;
        this.sound = sound;
        this.name = Target.name(film);
        this.playlistFile = target.playlist(film);
        this.rateNum = rateNum;
        this.rateDen = rateDen;
        // A piece holds round(seconds · rate) frames; a segment's length, rounded, may not exceed the target.
        double planned = Math.max(1, Math.round(pieceSeconds * rateNum / rateDen)) * (double) rateDen / rateNum;
        this.playlist = new HlsPlaylist(target.window(), (int) Math.max(1, Math.round(planned)));
        Files.createDirectories(target.dir());
        LOG.info("live stream of {}: {} ({} s segments, {})", name, playlistFile,
                String.format(Locale.ROOT, "%.1f", pieceSeconds),
                target.window() == 0 ? "all listed" : target.window() + " listed");
    }

    /**
     * Publishes a closed piece as the next segment.
     *
     * @param last the film's last piece: its segment takes all the sound that is left
     */
    void append(VideoPieces.Piece piece, boolean last) throws IOException {
        if (ended) {
            throw new IllegalStateException("the live stream of " + name + " has ended");
        }
        String file = String.format(Locale.ROOT, "%s-%06d.ts", name, sequence++);
        Path segment = target.dir().resolve(file);
        Path temp = target.dir().resolve("." + file + ".part");
        Path soundTemp = target.dir().resolve("." + file + ".aac.part");
        try {
            List<FilmMuxer.SoundTrack> sounds = List.of();
            if (sound != null) {
                long pictureEnd = Math.round((piece.lastTick() + 1) * 1_000_000.0 * rateDen / rateNum);
                List<LiveSound.AacFrame> frames = last ? sound.takeRest() : sound.takeUntil(pictureEnd);
                if (!frames.isEmpty()) {
                    LiveSound.writeAdts(frames, soundTemp);
                    sounds = List.of(new FilmMuxer.SoundTrack(soundTemp, -1,
                            SHIFT_MICROS + frames.get(0).startMicros(), Map.of(), -1));
                }
            }
            FilmMuxer.mux(List.of(piece), rateNum, rateDen, sounds, Long.MAX_VALUE, Map.of(), "mpegts", temp,
                    SHIFT_MICROS);
            Files.move(temp, segment, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
            Files.deleteIfExists(soundTemp);
        }
        double seconds = (piece.lastTick() - piece.firstTick() + 1) * (double) rateDen / rateNum;
        // A film's name may hold spaces or other characters a URI must escape.
        String uri = java.net.URLEncoder.encode(file, StandardCharsets.UTF_8).replace("+", "%20");
        listedFiles.addLast(segment);
        if (playlist.add(new HlsPlaylist.Segment(uri, seconds)) != null) {
            leaving.addLast(listedFiles.removeFirst());
        }
        writePlaylist();
        while (leaving.size() > target.window()) {
            Files.deleteIfExists(leaving.removeFirst());
        }
    }

    /** Marks the stream ended ({@code #EXT-X-ENDLIST}): players stop waiting for more. Safe to call again. */
    void end() throws IOException {
        if (ended) {
            return;
        }
        ended = true;
        playlist.end();
        writePlaylist();
    }

    @Override
    public void close() throws IOException {
        try {
            end();
        } finally {
            if (sound != null) {
                sound.close();
            }
        }
    }

    private void writePlaylist() throws IOException {
        Path temp = target.dir().resolve("." + name + ".m3u8.part");
        Files.writeString(temp, playlist.render(), StandardCharsets.UTF_8);
        Files.move(temp, playlistFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
