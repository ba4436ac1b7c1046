package io.colorstream.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colorstream.model.SaturatedColorizer;
import io.colorstream.quality.SweepReport.Point;
import io.colorstream.testing.ConstantChromaColorizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SaturationSweepTest {
    @TempDir
    Path tmp;

    @Test
    void eachRowIsWhatAPlainEvaluationAtThatSaturationGives() throws IOException {
        Path images = ImageEvaluationTest.folderOf(tmp, 3);
        double[] factors = {0.0, 1.0, 1.5, 4.0}; // 4 × 40 clamps at the wire's 127
        ConstantChromaColorizer model = new ConstantChromaColorizer(8, 8, 40, -25);
        SweepReport sweep = new SaturationSweep(model, factors).evaluate(images, tmp.resolve("sweep"), -5);
        assertEquals(3, model.calls(), "the model runs once per image, not once per saturation");
        assertEquals(3, sweep.images());
        for (int k = 0; k < factors.length; k++) {
            var plain = new ImageEvaluation(factors[k] == 1 ? model : new SaturatedColorizer(model, factors[k]), 0, 10)
                    .evaluate(images, tmp.resolve("plain" + k)).summary();
            Point p = sweep.points().get(k);
            assertEquals(factors[k], p.saturation());
            assertEquals(plain.ours().psnr(), p.psnr(), 1e-9, "PSNR at " + factors[k]);
            assertEquals(plain.ours().colourfulness(), p.colourfulness(), 1e-9, "colourfulness at " + factors[k]);
            assertEquals(plain.castOurs(), p.cast(), 1e-9, "cast at " + factors[k]);
            assertEquals(plain.harmedShare(), p.harmedShare(), 1e-12, "harmed at " + factors[k]);
            assertEquals(plain.gray().psnr(), sweep.grayPsnr(), 1e-9);
            assertEquals(plain.truth().colourfulness(), sweep.truthColourfulness(), 1e-9);
        }
        assertEquals(0.0, sweep.points().get(0).colourfulness(), 0.0, "saturation 0 is gray");
        assertEquals(sweep.grayPsnr(), sweep.points().get(0).psnr(), 1e-9);
        assertTrue(sweep.points().get(3).colourfulness() > sweep.points().get(2).colourfulness());
        JsonNode json = new ObjectMapper().readTree(tmp.resolve("sweep").resolve(SaturationSweep.JSON).toFile());
        assertEquals(4, json.get("points").size());
        assertTrue(Files.readString(tmp.resolve("sweep").resolve(SaturationSweep.MARKDOWN))
                .contains("| saturation | PSNR, RGB (dB) |"));
    }

    @Test
    void readsOffThePsnrWhereTheColourfulnessCrossesTheTarget() {
        // Truth colourfulness 30: signed ΔCF −12, −10, 0, +6 at saturations 0.8, 1.0, 1.2, 1.4.
        List<Point> points = List.of(new Point(0.8, 30.5, 18), new Point(1.0, 30.0, 20), new Point(1.2, 28.0, 30),
                new Point(1.4, 27.0, 36));
        SweepReport report = new SweepReport("set", 2, 29.0, 30.0, points, -5, List.of());
        assertEquals(-10.0, report.signedDeltaCf(1), 1e-12);
        assertEquals(29.0, report.psnrAtTarget().getAsDouble(), 1e-12); // halfway from −10 to 0
        assertEquals(1.1, report.saturationAtTarget().getAsDouble(), 1e-12);
        assertTrue(report.markdown().contains("At ΔCF -5.0 (interpolated): PSNR 29.00 dB, +0.00 over gray."),
                report.markdown());
        assertEquals(27.5, new SweepReport("set", 2, 29.0, 30.0, points, 3, List.of()).psnrAtTarget().getAsDouble(),
                1e-12);

        SweepReport unreached = new SweepReport("set", 2, 29.0, 30.0, points, -15, List.of());
        assertTrue(unreached.psnrAtTarget().isEmpty());
        assertTrue(unreached.markdown().contains("not between the swept saturations' (-12.00 to +6.00)"),
                unreached.markdown());
        assertTrue(unreached.json().contains("\"psnrAtTarget\" : null"), unreached.json());
    }

    @Test
    void refusesABadListOfSaturations() {
        var model = ConstantChromaColorizer.gray(4, 4);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SaturationSweep(model, 1.0)).getMessage()
                .contains("at least two"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SaturationSweep.checked(1.0, 1.2, 1.1))
                .getMessage().contains("must increase, got 1.2 then 1.1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SaturationSweep.checked(1.0, 5.0))
                .getMessage().contains("between 0 and 4, got 5.0"));
        assertEquals(0, model.calls());
    }
}
