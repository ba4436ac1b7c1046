package io.colorstream.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.model.ColorSpace;
import io.colorstream.testing.ClipGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShotDetectorTest {
    private static final int W = 160;
    private static final int H = 90;

    @TempDir
    Path tmp;

    @Test
    void findsTheCutsOfAnEncodedFilmExactly() throws IOException {
        ClipGenerator.Clip clip = ClipGenerator.gray(320, 180, 25, 12, 20, 9);
        Path file = clip.writeTo(tmp.resolve("three-shots.mp4"));
        ShotDetector detector = new ShotDetector();
        List<Integer> shots = new ArrayList<>();
        try (FilmDecoder decoder = FilmDecoder.open(file.toString())) {
            decoder.decode((seq, pts, luma) -> shots.add(detector.shotOf(luma)));
        }
        assertArrayEquals(new int[] {12, 32}, cuts(shots));
        assertArrayEquals(clip.shotOfFrames(), shots.stream().mapToInt(Integer::intValue).toArray());
        assertEquals(3, detector.shots());
    }

    @Test
    void cutBetweenDifferentScenesIsFoundAtItsFrame() {
        Random rnd = new Random(7);
        ShotDetector detector = new ShotDetector();
        List<Integer> shots = new ArrayList<>();
        for (int f = 0; f < 20; f++) {
            shots.add(detector.shotOf(scene(f < 10 ? 0 : 1, f, 1.0, 3, rnd)));
        }
        assertArrayEquals(new int[] {10}, cuts(shots));
        assertTrue(detector.lastDistance() < ShotSettings.DEFAULT_THRESHOLD, "within a shot frames are close");
    }

    @Test
    void exposureFlickerDoesNotCut() {
        Random rnd = new Random(11);
        ShotDetector detector = new ShotDetector();
        List<Integer> shots = new ArrayList<>();
        double maxDistance = 0;
        for (int f = 0; f < 60; f++) {
            double gain = 1 + 0.3 * (2 * rnd.nextDouble() - 1); // ±30 % exposure, frame to frame
            shots.add(detector.shotOf(scene(0, f, gain, 3, rnd)));
            maxDistance = Math.max(maxDistance, detector.lastDistance());
        }
        assertArrayEquals(new int[0], cuts(shots), "flicker is not a cut");
        // The flicker is really there: the raw histograms move a lot, only the normalized ones stay put.
        assertTrue(rawDistance(scene(0, 0, 0.7, 0, rnd), scene(0, 0, 1.3, 0, rnd)) > ShotSettings.DEFAULT_THRESHOLD);
        assertTrue(maxDistance < ShotSettings.DEFAULT_THRESHOLD, "max distance " + maxDistance);
    }

    @Test
    void aSingleOverexposedFrameDoesNotCut() {
        Random rnd = new Random(3);
        ShotDetector detector = new ShotDetector();
        List<Integer> shots = new ArrayList<>();
        for (int f = 0; f < 30; f++) {
            shots.add(detector.shotOf(scene(2, f, f == 15 ? 1.6 : 1.0, 3, rnd)));
        }
        assertArrayEquals(new int[0], cuts(shots));
    }

    @Test
    void flickerDoesNotHideARealCut() {
        Random rnd = new Random(5);
        ShotDetector detector = new ShotDetector();
        List<Integer> shots = new ArrayList<>();
        for (int f = 0; f < 40; f++) {
            double gain = 1 + 0.2 * (2 * rnd.nextDouble() - 1);
            shots.add(detector.shotOf(scene(f < 25 ? 1 : 0, f, gain, 3, rnd)));
        }
        assertArrayEquals(new int[] {25}, cuts(shots));
    }

    @Test
    void noCutComesSoonerThanTheMinimumShotLength() {
        // Scenes change at frames 8, 11, 14, 22 and 24; the changes at 11 and 24 come 3 and 2 frames after one.
        int[] sceneOfFrame = new int[32];
        int[][] runs = {{0, 8}, {1, 3}, {2, 3}, {3, 8}, {0, 2}, {1, 8}};
        int at = 0;
        for (int[] run : runs) {
            for (int i = 0; i < run[1]; i++) {
                sceneOfFrame[at++] = run[0];
            }
        }
        assertArrayEquals(new int[] {8, 11, 14, 22, 24}, detect(sceneOfFrame, new ShotSettings(0.5, 1)),
                "without the rule every change cuts");
        assertArrayEquals(new int[] {8, 14, 22}, detect(sceneOfFrame, new ShotSettings(0.5, 5)));
    }

    @Test
    void settingsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new ShotSettings(0, 5));
        assertThrows(IllegalArgumentException.class, () -> new ShotSettings(2.5, 5));
        assertThrows(IllegalArgumentException.class, () -> new ShotSettings(0.5, 0));
        assertEquals(ShotSettings.DEFAULT_THRESHOLD, ShotSettings.defaults().threshold());
    }

    private static int[] detect(int[] sceneOfFrame, ShotSettings settings) {
        Random rnd = new Random(1);
        ShotDetector detector = new ShotDetector(settings);
        List<Integer> shots = new ArrayList<>();
        for (int f = 0; f < sceneOfFrame.length; f++) {
            shots.add(detector.shotOf(scene(sceneOfFrame[f], f, 1.0, 2, rnd)));
        }
        return cuts(shots);
    }

    /** Frame numbers where the shot index changes. */
    private static int[] cuts(List<Integer> shots) {
        List<Integer> cuts = new ArrayList<>();
        for (int i = 1; i < shots.size(); i++) {
            if (!shots.get(i).equals(shots.get(i - 1))) {
                assertEquals(shots.get(i - 1) + 1, shots.get(i), "shots count up by one");
                cuts.add(i);
            }
        }
        return cuts.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * A synthetic frame of L codes: scene 0 a dark horizontal gradient, 1 a bright vertical one, 2 a radial
     * one, 3 stripes; a disc drifts with the frame number; {@code gain} scales linear light (exposure) and
     * {@code grain} adds Gaussian noise of that many L codes.
     */
    private static byte[] scene(int scene, int frame, double gain, double grain, Random rnd) {
        byte[] luma = new byte[W * H];
        double k = Math.cbrt(gain); // L* + 16 scales with the cube root of linear light
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double u = (double) x / W;
                double v = (double) y / H;
                double l = switch (scene) {
                    case 0 -> 15 + 35 * u;
                    case 1 -> 70 + 25 * v;
                    case 2 -> 85 - 100 * Math.hypot(u - 0.5, v - 0.5);
                    default -> Math.sin((x + y) * 0.2) > 0 ? 75 : 25;
                };
                double dx = x - (40 + frame);
                double dy = y - 45;
                if (dx * dx + dy * dy < 100) {
                    l = 92;
                }
                l = (l + 16) * k - 16;
                luma[y * W + x] = (byte) ColorSpace.lCode(l + grain * rnd.nextGaussian() / 2.55);
            }
        }
        return luma;
    }

    private static double rawDistance(byte[] a, byte[] b) {
        double[] ha = new double[64];
        double[] hb = new double[64];
        for (int i = 0; i < a.length; i++) {
            ha[(a[i] & 0xFF) / 4] += 1.0 / a.length;
            hb[(b[i] & 0xFF) / 4] += 1.0 / b.length;
        }
        double d = 0;
        for (int i = 0; i < 64; i++) {
            d += Math.abs(ha[i] - hb[i]);
        }
        return d;
    }
}
