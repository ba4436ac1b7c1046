package io.colorstream.encode;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_FFV1;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_PRORES;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.global.avcodec;

/**
 * The picture codecs a colour film can be written in ({@code --codec}): H.264 for films to watch and share; H.265
 * for the same at about half the size; ProRes 422 HQ (10-bit) and FFV1 (lossless) for masters that will be edited
 * or archived. Each says which FFmpeg encoder makes it, which containers hold it, and what its pieces are kept in.
 */
public enum VideoCodec {
    H264("h264", "libx264", AV_CODEC_ID_H264, "mp4", List.of("mp4", "mov", "matroska")),
    H265("h265", "libx265", AV_CODEC_ID_HEVC, "mp4", List.of("mp4", "mov", "matroska")),
    PRORES("prores", "prores_ks", AV_CODEC_ID_PRORES, "mov", List.of("mov", "matroska")),
    FFV1("ffv1", "ffv1", AV_CODEC_ID_FFV1, "matroska", List.of("matroska"));

    private final String cliName;
    private final String encoder;
    private final int codecId;
    private final String pieceFormat;
    private final List<String> containers;

    VideoCodec(String cliName, String encoder, int codecId, String pieceFormat, List<String> containers) {
        this.cliName = cliName;
        this.encoder = encoder;
        this.codecId = codecId;
        this.pieceFormat = pieceFormat;
        this.containers = containers;
    }

    /** By its command-line name (h264, h265, prores, ffv1). */
    public static VideoCodec named(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(c -> c.cliName.equals(n)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown codec '" + name + "': use h264, h265, prores or ffv1"));
    }

    /** The codec an FFmpeg encoder makes, e.g. libx264 → H264; fails clearly when the encoder is missing. */
    public static VideoCodec ofEncoder(String encoderName) {
        AVCodec c = avcodec.avcodec_find_encoder_by_name(encoderName);
        if (c == null || c.isNull()) {
            throw new IllegalStateException("the encoder '" + encoderName + "' is not available in this FFmpeg build;"
                    + " colorstream needs the GPL FFmpeg natives (org.bytedeco:ffmpeg with the -gpl classifier)"
                    + " for libx264 and libx265");
        }
        for (VideoCodec v : values()) {
            if (v.codecId == c.id()) {
                return v;
            }
        }
        throw new IllegalArgumentException("encoder '" + encoderName + "' makes none of h264, h265, prores, ffv1"
                + " (codec id " + c.id() + ")");
    }

    public String cliName() {
        return cliName;
    }

    /** FFmpeg's encoder for it. */
    public String encoder() {
        return encoder;
    }

    int codecId() {
        return codecId;
    }

    /** The container the film's pieces are written in (a piece must hold the codec as the output will). */
    String pieceFormat() {
        return pieceFormat;
    }

    /** Whether a film in FFmpeg's {@code container} (mp4, mov, matroska) can hold this codec. */
    public boolean fitsIn(String container) {
        return containers.stream().anyMatch(c -> container.equals(c) || container.startsWith(c + ","));
    }

    /** Extensions that fit, for messages. */
    public String containersInWords() {
        return String.join(", ", containers.stream().map(c -> c.equals("matroska") ? ".mkv" : "." + c).toList());
    }

    /** Encoders that take a crf and a preset (x264, x265); the others have their own quality settings. */
    boolean hasCrf() {
        return this == H264 || this == H265;
    }
}
