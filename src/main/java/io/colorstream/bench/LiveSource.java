package io.colorstream.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;

/**
 * A live feed on the loopback for the live bench: an HTTP server that sends an MPEG-TS file's packets (copied,
 * not re-encoded, so the feed costs the machine next to nothing) to its first client at the file's own pace, each
 * packet no earlier than its decoding time after the first, as a camera would. Remembers when each video frame
 * left, so the time to its colour segment can be measured.
 *
 * <p>The file is opened and the output started before any client connects: JavaCV opens inputs and outputs under
 * one lock, and the flow's ingest waiting for its first bytes under that lock would otherwise stall this output's
 * start (and so itself) until its timeout.
 */
public final class LiveSource implements AutoCloseable {
    private static final byte[] END = new byte[0];

    private final FFmpegFrameGrabber grabber;
    private final FFmpegFrameRecorder recorder;
    private final HttpServer server;
    private final BlockingQueue<byte[]> bytes = new LinkedBlockingQueue<>();
    private final long[] sentAtNanos;
    private final AtomicInteger sent = new AtomicInteger();
    private volatile Throwable failure;
    private volatile boolean finished;

    /** @param frames the file's video frames (how many send times to keep) */
    public LiveSource(Path tsFile, int frames) throws IOException {
        this.sentAtNanos = new long[frames];
        grabber = new FFmpegFrameGrabber(tsFile.toFile());
        grabber.start();
        OutputStream queue = new OutputStream() {
            @Override
            public void write(int b) {
                bytes.add(new byte[] {(byte) b});
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes.add(Arrays.copyOfRange(b, off, off + len));
            }
        };
        recorder = new FFmpegFrameRecorder(queue, grabber.getImageWidth(), grabber.getImageHeight(),
                grabber.getAudioChannels());
        recorder.setFormat("mpegts");
        recorder.start(grabber.getFormatContext());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/live", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked: a feed has no length
            Thread camera = new Thread(this::send, "live-source");
            camera.setDaemon(true);
            camera.start();
            try (OutputStream body = exchange.getResponseBody()) {
                for (byte[] b = bytes.take(); b != END; b = bytes.take()) {
                    body.write(b);
                    if (bytes.isEmpty()) {
                        body.flush();
                    }
                }
            } catch (Throwable e) {
                failure = e;
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/live";
    }

    private void send() {
        try {
            int video = grabber.getVideoStream();
            double tb = grabber.getFormatContext().streams(video).time_base().num()
                    / (double) grabber.getFormatContext().streams(video).time_base().den();
            long start = System.nanoTime();
            long firstDts = Long.MIN_VALUE;
            AVPacket p;
            while ((p = grabber.grabPacket()) != null) {
                if (p.stream_index() == video) {
                    if (firstDts == Long.MIN_VALUE) {
                        firstDts = p.dts();
                    }
                    long due = start + Math.round((p.dts() - firstDts) * tb * 1e9);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                boolean isVideo = p.stream_index() == video;
                recorder.recordPacket(p);
                if (isVideo) {
                    int n = sent.getAndIncrement();
                    if (n < sentAtNanos.length) {
                        sentAtNanos[n] = System.nanoTime();
                    }
                }
            }
            recorder.stop();
        } catch (Throwable e) {
            failure = e;
        } finally {
            finished = true;
            bytes.add(END);
        }
    }

    public int framesSent() {
        return sent.get();
    }

    public long sentAtNanos(int frame) {
        return sentAtNanos[frame];
    }

    public boolean finished() {
        return finished;
    }

    public Throwable failure() {
        return failure;
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
        recorder.release();
        grabber.release();
    }
}
