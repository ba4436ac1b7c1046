package io.colorstream.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.cli.ModelOption;
import io.colorstream.model.SavedModelColorizer;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The two shipped models, loaded as the pipeline loads them, colour two Kodak photos better than leaving them
 * gray (both are among the photos the default model helps; docs/evaluation/kodak), the live one at its 160-pixel
 * input. A live model exported at the wrong size, or one that lost its colour, fails here.
 */
class ShippedModelsTest {

    private static EvaluationReport.ImageScores score(Path model, String photo) throws Exception {
        RgbImage truth = ImageFiles.read(Path.of("src/test/resources/photos", photo));
        try (SavedModelColorizer colorizer = SavedModelColorizer.load(model)) {
            return new ImageEvaluation(colorizer).score(photo, truth);
        }
    }

    @Test
    void bothShippedModelsColourBetterThanGray() throws Exception {
        try (SavedModelColorizer live = SavedModelColorizer.load(Path.of(ModelOption.LIVE))) {
            assertEquals(160, live.width());
            assertEquals(160, live.height());
        }
        for (String photo : new String[] {"kodim22.png", "kodim23.png"}) {
            EvaluationReport.ImageScores full = score(Path.of(ModelOption.DEFAULT), photo);
            EvaluationReport.ImageScores live = score(Path.of(ModelOption.LIVE), photo);
            System.out.printf(Locale.ROOT, "%s: gray %.2f dB, default %.2f, live %.2f%n", photo, full.gray().psnr(),
                    full.ours().psnr(), live.ours().psnr());
            assertTrue(full.ours().psnr() > full.gray().psnr() + 0.5, photo + " default: " + full.ours().psnr());
            assertTrue(live.ours().psnr() > live.gray().psnr() + 0.5, photo + " live: " + live.ours().psnr());
            assertTrue(live.ours().colourfulness() > 5, photo + " live model keeps colour");
        }
    }
}
