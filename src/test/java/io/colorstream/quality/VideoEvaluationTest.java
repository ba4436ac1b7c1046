package io.colorstream.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colorstream.ingest.ColorClipReader;
import io.colorstream.model.Colorizer;
import io.colorstream.model.FilmLook;
import io.colorstream.model.FilmStock;
import io.colorstream.model.FilmTone;
import io.colorstream.stream.ColorizeTopology;
import io.colorstream.stream.SmoothingSettings;
import io.colorstream.wire.Topics;
import io.colorstream.wire.ColorFrame;
import io.colorstream.wire.ColorRecord;
import io.colorstream.wire.GrayFrame;
import io.colorstream.wire.GrayRecord;
import io.colorstream.testing.ColorClips;
import io.colorstream.testing.ConstantChromaColorizer;
import io.colorstream.testing.JitteryColorizer;
import io.colorstream.testing.ScriptedColorizer;
import io.colorstream.testing.TrueChromaColorizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoEvaluationTest {
    private static final int W = 48;
    private static final int H = 32;

    @TempDir
    Path tmp;

    @Test
    void smoothingCalmsAChromaThatFlipsEveryFrame() {
        List<RgbImage> clip = ColorClips.still(W, H, 12);
        ClipScores s = new VideoEvaluation(ScriptedColorizer.alternating(8, 6, 30, 10, -30, -10)).score("still", clip);
        assertEquals(0.0, s.truth().flicker(), 0.0, "the truth does not change at all");
        assertTrue(s.smoothingOff().flicker() > 40, "off: flips by about 2·(30+10): " + s.smoothingOff());
        // A moving average keeping w of the past swings ±30·(1−w)/(1+w) instead of ±30.
        assertTrue(s.smoothingOn().flicker() < 0.5 * s.smoothingOff().flicker(), s.toString());
        assertTrue(s.smoothingOn().cdc() < s.smoothingOff().cdc(), s.toString());
        assertTrue(Double.isInfinite(s.smoothingOff().flickerRatio()), "any flicker is infinitely more than none");
    }

    @Test
    void smoothingCalmsAJitteryModelWithoutDullingIt() {
        List<RgbImage> clip = ColorClips.moving(W, H, 16, 2);
        ClipScores s = new VideoEvaluation(new JitteryColorizer(12, 8, 12f)).score("moving", clip);
        assertTrue(s.smoothingOn().flicker() < 0.8 * s.smoothingOff().flicker(), s.toString());
        assertTrue(s.smoothingOn().flickerRatio() < s.smoothingOff().flickerRatio(), s.toString());
        assertTrue(s.smoothingOn().colourfulness() > 0.8 * s.smoothingOff().colourfulness(), s.toString());
    }

    @Test
    void zeroChromaScoresExactlyLikeGray() {
        List<RgbImage> clip = ColorClips.moving(W, H, 6, 3);
        ClipScores s = new VideoEvaluation(ConstantChromaColorizer.gray(8, 8)).score("gray", clip);
        for (ClipScores.Ours ours : List.of(s.smoothingOff(), s.smoothingOn())) {
            assertEquals(s.gray().psnr(), ours.psnr(), 0.0);
            assertEquals(s.gray().cdc(), ours.cdc(), 0.0);
            assertEquals(s.gray().colourfulness(), ours.colourfulness(), 0.0);
            assertEquals(s.gray().chromaError(), ours.chromaError(), 0.0);
        }
        assertTrue(s.gray().psnr() < 30, "gray is far from a colourful truth: " + s.gray());
        assertTrue(s.truth().colourfulness() > 20 * (s.gray().colourfulness() + 0.1), s.toString());
    }

    @Test
    void theFramesCanBeGrayedAsAnOldFilmWouldShowThem() throws Exception {
        List<RgbImage> clip = ColorClips.moving(W, H, 6, 3);
        ClipScores pan = new VideoEvaluation(ConstantChromaColorizer.gray(8, 8)).score("pan", clip);
        ClipScores panAgain = new VideoEvaluation(ConstantChromaColorizer.gray(8, 8), SmoothingSettings.DEFAULT,
                FilmLook.PHOTO).score("pan", clip);
        ClipScores ortho = new VideoEvaluation(ConstantChromaColorizer.gray(8, 8), SmoothingSettings.DEFAULT,
                new FilmLook(FilmStock.ORTHOCHROMATIC, FilmTone.AS_SHOT)).score("ortho", clip);
        assertEquals(pan.gray(), panAgain.gray(), "panchromatic is the L* every frame is taken as");
        // Another gray picture of the same clip (this clip's colours make it 0.43 dB closer to the truth in RGB).
        assertTrue(Math.abs(ortho.gray().psnr() - pan.gray().psnr()) > 0.2, ortho.gray() + " against " + pan.gray());
        assertEquals(pan.truth(), ortho.truth(), "the truth stays the colour clip");
        assertEquals(pan.gray().chromaError(), ortho.gray().chromaError(), 1.0, "the a*b* error leaves lightness out");
        assertTrue(pan.gray().chromaError() > 5, pan.gray().toString());
        // The report says which stock made the grays.
        Path out = Files.createDirectories(tmp.resolve("ortho-report"));
        Path mp4 = ColorClips.writeMp4(tmp.resolve("c.mp4"), clip, 24);
        VideoEvaluationReport report = new VideoEvaluation(ConstantChromaColorizer.gray(8, 8), SmoothingSettings.DEFAULT,
                new FilmLook(FilmStock.ORTHOCHROMATIC, FilmTone.DIM)).evaluate(List.of(mp4), 6, out);
        assertTrue(report.json().contains("(grays as orthochromatic film records them, dim print)"), report.json());
    }

    @Test
    void theTruthIsScoredOnItsOwnWhateverTheModel() {
        List<RgbImage> clip = ColorClips.moving(W, H, 8, 2);
        ClipScores a = new VideoEvaluation(ConstantChromaColorizer.gray(4, 4)).score("a", clip);
        ClipScores b = new VideoEvaluation(new JitteryColorizer(6, 4, 20f), new SmoothingSettings(true, 0.9f, 3f))
                .score("b", clip);
        assertEquals(Cdc.of(clip), a.truth().cdc(), 0.0);
        assertEquals(Flicker.ofRgb(clip), a.truth().flicker(), 0.0);
        double cf = clip.stream().mapToDouble(Colourfulness::of).sum() / clip.size();
        assertEquals(cf, a.truth().colourfulness(), 1e-12);
        assertEquals(a.truth(), b.truth());
        assertEquals(a.gray(), b.gray());
        assertTrue(a.truth().flicker() > 0 && a.truth().cdc() > 0, "the moving square changes the picture");
        assertEquals(b.smoothingOn().cdc() / b.truth().cdc(), b.smoothingOn().cdcRatio(), 0.0);
        assertEquals(b.smoothingOff().flicker() / b.truth().flicker(), b.smoothingOff().flickerRatio(), 0.0);
    }

    @Test
    void knowingTheTrueChromaBeatsGray() {
        List<RgbImage> clip = ColorClips.still(W, H, 4);
        ClipScores s = new VideoEvaluation(new TrueChromaColorizer(W, H, clip.get(0).rgb())).score("known", clip);
        assertTrue(s.smoothingOff().psnr() > s.gray().psnr() + 15, s.toString());
        assertTrue(s.smoothingOn().psnr() > s.gray().psnr() + 15, s.toString());
        assertEquals(s.truth().colourfulness(), s.smoothingOn().colourfulness(), 1.0);
        assertTrue(s.smoothingOn().chromaError() < 0.2 * s.gray().chromaError(), s.toString());
    }

    /** The "smoothing on" colours are those the shipped topology sends for the same frames, bit for bit. */
    @Test
    void smoothingOnIsWhatTheTopologyDelivers() {
        List<RgbImage> clip = ColorClips.moving(W, H, 10, 3);
        SmoothingSettings settings = new SmoothingSettings(true, 0.7f, 5f);
        ClipScores s = new VideoEvaluation(new JitteryColorizer(12, 8, 15f), settings).score("clip", clip);

        List<RgbImage> delivered = throughTopology(clip, new JitteryColorizer(12, 8, 15f), settings);
        double psnr = 0;
        double cf = 0;
        for (int t = 0; t < clip.size(); t++) {
            psnr += Psnr.of(delivered.get(t), clip.get(t));
            cf += Colourfulness.of(delivered.get(t));
        }
        assertEquals(psnr / clip.size(), s.smoothingOn().psnr(), 0.0);
        assertEquals(cf / clip.size(), s.smoothingOn().colourfulness(), 0.0);
        assertEquals(Cdc.of(delivered), s.smoothingOn().cdc(), 0.0);
        assertEquals(Flicker.ofRgb(delivered), s.smoothingOn().flicker(), 0.0);
        assertTrue(s.smoothingOff().psnr() != s.smoothingOn().psnr(), "the variants differ: " + s);
    }

    private List<RgbImage> throughTopology(List<RgbImage> clip, Colorizer colorizer, SmoothingSettings settings) {
        Topics topics = Topics.withPrefix("eval.");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "evaluation-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, tmp.resolve("state").toString());
        List<RgbImage> out = new ArrayList<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(ColorizeTopology.build(topics, colorizer, settings),
                props)) {
            TestInputTopic<String, GrayRecord> in = driver.createInputTopic(topics.grayFrames().name(),
                    topics.grayFrames().keySerde().serializer(), topics.grayFrames().valueSerde().serializer());
            TestOutputTopic<String, ColorRecord> color = driver.createOutputTopic(topics.colorFrames().name(),
                    topics.colorFrames().keySerde().deserializer(), topics.colorFrames().valueSerde().deserializer());
            for (int t = 0; t < clip.size(); t++) {
                GrayFrame f = new GrayFrame("clip", t, 0, t * 40_000L, W, H,
                        ImageColorizer.lightnessCodes(clip.get(t)));
                in.pipeInput(f.key(), f);
            }
            for (ColorRecord r : color.readValuesToList()) {
                ColorFrame c = (ColorFrame) r;
                out.add(ImageColorizer.recombine(c.luma(), W, H, c.chroma(), c.chromaWidth(), c.chromaHeight()));
            }
        }
        assertEquals(clip.size(), out.size());
        return out;
    }

    @Test
    void badClipsAreClearErrors() {
        VideoEvaluation eval = new VideoEvaluation(ConstantChromaColorizer.gray(4, 4));
        var one = assertThrows(IllegalArgumentException.class, () -> eval.score("short", ColorClips.still(W, H, 1)));
        assertTrue(one.getMessage().contains("short") && one.getMessage().contains("at least two"), one.getMessage());
        List<RgbImage> mixed = new ArrayList<>(ColorClips.still(W, H, 2));
        mixed.add(RgbImage.filled(W / 2, H, 1, 2, 3));
        var sizes = assertThrows(IllegalArgumentException.class, () -> eval.score("mixed", mixed));
        assertTrue(sizes.getMessage().contains("24x32"), sizes.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new VideoEvaluation(ConstantChromaColorizer.gray(4, 4), SmoothingSettings.OFF));
    }

    @Test
    void reportsClipsOfAFolderAndTheirMeans() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("clips"));
        ColorClips.writeMp4(dir.resolve("b-moving.mp4"), ColorClips.moving(W, H, 8, 2), 25);
        ColorClips.writeMp4(dir.resolve("a-still.mp4"), ColorClips.still(W, H, 6), 25);
        Files.writeString(dir.resolve("notes.txt"), "not a clip");
        List<Path> clips = VideoEvaluation.clips(dir);
        assertEquals(List.of(dir.resolve("a-still.mp4"), dir.resolve("b-moving.mp4")), clips);

        Path out = tmp.resolve("out");
        VideoEvaluationReport report = new VideoEvaluation(new JitteryColorizer(8, 6, 10f)).evaluate(clips, 5, out);
        assertEquals(2, report.clips().size());
        assertEquals(List.of(5, 5), report.clips().stream().map(ClipScores::frames).toList());
        ClipScores a = report.clips().get(0);
        ClipScores b = report.clips().get(1);
        var sum = report.summary();
        assertEquals((a.truth().cdc() + b.truth().cdc()) / 2, sum.truth().cdc(), 1e-15);
        assertEquals((a.smoothingOn().cdc() + b.smoothingOn().cdc()) / 2, sum.smoothingOn().cdc(), 1e-15);
        assertEquals(sum.smoothingOff().flicker() / sum.truth().flicker(), sum.smoothingOff().flickerRatio(), 1e-12);
        assertEquals(Math.abs(sum.smoothingOn().colourfulness() - sum.truth().colourfulness()), sum.deltaCfOn(), 0.0);

        String md = Files.readString(out.resolve(VideoEvaluation.MARKDOWN));
        assertEquals(report.markdown(), md);
        assertTrue(md.contains("| measure | gray | ours, smoothing off | ours, smoothing on | truth |"), md);
        assertTrue(md.contains("| CDC ÷ truth (target ≤ 1.1) |") && md.contains("| a-still.mp4 | 5 | 48×32 |"), md);

        JsonNode json = new ObjectMapper().readTree(out.resolve(VideoEvaluation.JSON).toFile());
        assertEquals(2, json.get("summary").get("clips").asInt());
        assertEquals(SmoothingSettings.DEFAULT.weight(), json.get("smoothing").get("weight").asDouble(), 1e-6);
        assertEquals("b-moving.mp4", json.get("clips").get(1).get("clip").asText());
        assertEquals(b.smoothingOff().cdcRatio(), json.get("clips").get(1).get("smoothingOff").get("cdcRatio")
                .asDouble(), 0.0);
        assertTrue(json.get("summary").get("smoothingOn").has("flickerRatio"));
    }

    @Test
    void aBrokenClipIsNamedAfterTheOthersAreReported() throws Exception {
        Path good = ColorClips.writeMp4(tmp.resolve("good.mp4"), ColorClips.moving(W, H, 4, 2), 25);
        Path bad = Files.writeString(tmp.resolve("bad.mp4"), "no video here");
        Path out = tmp.resolve("out");
        var e = assertThrows(IOException.class, () -> new VideoEvaluation(ConstantChromaColorizer.gray(4, 4))
                .evaluate(List.of(bad, good), ColorClipReader.ALL_FRAMES, out));
        assertTrue(e.getMessage().startsWith("1 clip(s) failed (1 done)") && e.getMessage().contains("bad.mp4"),
                e.getMessage());
        JsonNode json = new ObjectMapper().readTree(out.resolve(VideoEvaluation.JSON).toFile());
        assertEquals(1, json.get("clips").size());
        assertEquals(1, json.get("failures").size());
    }

    @Test
    void aFolderWithoutClipsIsAnError() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        var e = assertThrows(NoSuchFileException.class, () -> VideoEvaluation.clips(empty));
        assertTrue(e.getMessage().contains("no .mp4"), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> VideoEvaluation.clips(tmp.resolve("absent")));
    }
}
