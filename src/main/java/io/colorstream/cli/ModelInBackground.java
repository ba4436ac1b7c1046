package io.colorstream.cli;

import io.colorstream.model.Colorizer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Loads and warms the model on a thread of its own while the caller starts everything else (for {@code run}, the
 * embedded broker and the topics): loading takes 1.5–4 s and the first model call another second on two cores,
 * time that otherwise comes before the first frame. {@link #get()} waits for it; {@link #close()} closes the model
 * once it is loaded, whether or not anyone took it.
 */
final class ModelInBackground implements AutoCloseable {
    private final CompletableFuture<Colorizer> loading = new CompletableFuture<>();

    private ModelInBackground() {
    }

    /**
     * @param load       opens the model (the caller's {@link ModelOption#load()}); its failure is what {@link #get()}
     *                   throws
     * @param batchSizes the frames per model call the flow will use: each is run once ({@link Colorizer#warmUp})
     */
    static ModelInBackground start(Supplier<Colorizer> load, int... batchSizes) {
        ModelInBackground m = new ModelInBackground();
        Thread t = new Thread(() -> {
            Colorizer c = null;
            try {
                c = load.get();
                c.warmUp(batchSizes);
                m.loading.complete(c);
            } catch (Throwable e) {
                if (c != null) {
                    c.close();
                }
                m.loading.completeExceptionally(e);
            }
        }, "model-load");
        t.setDaemon(true); // a failed start-up elsewhere must not wait on the JVM's exit for it
        t.start();
        return m;
    }

    /** The loaded, warmed model; a failure to load it is thrown as it was thrown while loading. */
    Colorizer get() throws InterruptedException {
        try {
            return loading.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Closes the model, waiting for it if it is still loading (its native memory must not outlive the run). */
    @Override
    public void close() throws InterruptedException {
        try {
            loading.get().close();
        } catch (ExecutionException failed) {
            // nothing was opened, or it was closed where it failed
        }
    }
}
