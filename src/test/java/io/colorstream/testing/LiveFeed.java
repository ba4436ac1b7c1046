package io.colorstream.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * A live source on the loopback, as a camera or a broadcast arrives: an HTTP server that, to its first client,
 * sends a clip encoded by FFmpeg (H.264 in MPEG-TS, chunked, no length) at the clip's frame rate, in real time:
 * frame n is encoded no earlier than n / fps seconds after the client connected. Knows how many frames it has
 * sent, and when it has sent them all.
 *
 * <p>The encoder is started before any client connects: JavaCV opens inputs and outputs under one lock, so an
 * encoder starting while the client's decoder waits for its first bytes would wait for that decoder (a deadlock
 * until the client's timeout). Frames are encoded into a queue that the server copies to the client.
 */
public final class LiveFeed implements AutoCloseable {
    private static final byte[] END = new byte[0];

    private final HttpServer server;
    private final ClipGenerator.Clip clip;
    private final FFmpegFrameRecorder recorder;
    private final BlockingQueue<byte[]> bytes = new LinkedBlockingQueue<>();
    private final AtomicInteger sent = new AtomicInteger();
    private final long[] sentAtNanos;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Throwable failure;

    public LiveFeed(ClipGenerator.Clip clip) throws IOException {
        this.clip = clip;
        this.sentAtNanos = new long[clip.frameCount()];
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
        recorder = new FFmpegFrameRecorder(queue, clip.width(), clip.height(), 0);
        recorder.setFormat("mpegts");
        recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(clip.fps());
        recorder.setGopSize(clip.fps());
        recorder.setVideoOption("preset", "veryfast");
        recorder.setVideoOption("tune", "zerolatency"); // a camera sends each frame as it is taken
        recorder.setVideoOption("crf", "12");
        recorder.start();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/live", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked: the length is unknown
            Thread camera = new Thread(this::film, "live-feed-camera");
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
            } finally {
                done.countDown();
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/live";
    }

    /** Encodes the clip in real time into the queue, then ends it. */
    private void film() {
        int w = clip.width();
        int h = clip.height();
        try (Frame frame = new Frame(w, h, Frame.DEPTH_UBYTE, 1)) {
            byte[] bgr = new byte[w * h * 3];
            ByteBuffer pixels = (ByteBuffer) frame.image[0];
            long start = System.nanoTime();
            int n = 0;
            int[] shots = clip.shotFrames();
            for (int shot = 0; shot < shots.length; shot++) {
                for (int t = 0; t < shots[shot]; t++, n++) {
                    long wait = start + Math.round(n * 1e9 / clip.fps()) - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    clip.pixelsBgr(shot, t, bgr);
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            pixels.put(y * frame.imageStride + x, bgr[3 * (y * w + x)]);
                        }
                    }
                    recorder.record(frame);
                    sentAtNanos[n] = System.nanoTime();
                    sent.incrementAndGet();
                }
            }
            recorder.stop();
        } catch (Throwable e) {
            failure = e;
        } finally {
            bytes.add(END);
        }
    }

    /** Frames sent so far. */
    public int framesSent() {
        return sent.get();
    }

    /** Whether every frame has been sent and the stream closed. */
    public boolean finished() {
        return done.getCount() == 0;
    }

    /** When frame n left (System.nanoTime), or 0 if it has not. */
    public long sentAtNanos(int n) {
        return sentAtNanos[n];
    }

    public void awaitEnd(long timeout, TimeUnit unit) throws Exception {
        if (!done.await(timeout, unit)) {
            throw new IllegalStateException("the feed did not end within " + timeout + " " + unit);
        }
        if (failure != null) {
            throw new IllegalStateException("the feed failed: " + failure, failure);
        }
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
        recorder.release();
    }
}
