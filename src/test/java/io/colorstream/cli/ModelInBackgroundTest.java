package io.colorstream.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.colorstream.testing.ConstantChromaColorizer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The model loaded and warmed on a thread of its own: handed over warm, its failure kept, never left open. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ModelInBackgroundTest {

    @Test
    void theModelIsHandedOverWarmedForTheGivenBatchSizesAndClosedWithIt() throws Exception {
        ConstantChromaColorizer model = ConstantChromaColorizer.gray(8, 8);
        ModelInBackground m = ModelInBackground.start(() -> model, 4, 1);
        assertSame(model, m.get());
        assertArrayEquals(new int[] {4, 1}, model.warmUps().get(0));
        assertFalse(model.closed());
        m.close();
        assertTrue(model.closed());
    }

    @Test
    void aFailureToLoadIsThrownAsItWasAndClosingAfterItIsQuiet() throws Exception {
        SettingsException bad = new SettingsException("no colorizer model at /nowhere");
        ModelInBackground m = ModelInBackground.start(() -> {
            throw bad;
        }, 4);
        assertSame(bad, assertThrows(SettingsException.class, m::get));
        m.close();
    }

    @Test
    void aModelThatFailsToWarmUpIsClosedAndItsFailureThrown() throws Exception {
        ConstantChromaColorizer model = ConstantChromaColorizer.gray(8, 8)
                .failWarmUpWith(new IllegalStateException("out of memory in the first call"));
        ModelInBackground m = ModelInBackground.start(() -> model, 4);
        IllegalStateException e = assertThrows(IllegalStateException.class, m::get);
        assertTrue(e.getMessage().contains("first call"), e.getMessage());
        assertTrue(model.closed(), "a model that failed is not left open");
    }

    @Test
    void closingWhileTheModelLoadsWaitsForItAndClosesIt() throws Exception {
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ConstantChromaColorizer model = ConstantChromaColorizer.gray(8, 8);
        ModelInBackground m = ModelInBackground.start(() -> {
            loading.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return model;
        }, 1);
        assertTrue(loading.await(10, TimeUnit.SECONDS));
        Thread closer = new Thread(() -> {
            try {
                m.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        closer.start();
        closer.join(300);
        assertTrue(closer.isAlive(), "close waits for the model it must close");
        release.countDown();
        closer.join(10_000);
        assertFalse(closer.isAlive());
        assertTrue(model.closed(), "the model loaded after close was asked for is closed all the same");
    }
}
