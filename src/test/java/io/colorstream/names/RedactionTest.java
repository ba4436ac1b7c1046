package io.colorstream.names;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class RedactionTest {
    @Test
    void passwordsAndCredentialParametersAreMasked() {
        assertEquals("rtsp://cam:***@10.0.0.5:554/stream", Redaction.url("rtsp://cam:s3cr3t@10.0.0.5:554/stream"));
        assertEquals("http://host/live.m3u8?token=***&q=1", Redaction.url("http://host/live.m3u8?token=abc&q=1"));
        assertEquals("https://h/v?X-Amz-Signature=***", Redaction.url("https://h/v?X-Amz-Signature=deadbeef"));
        assertEquals("srt://h:9000?passphrase=***", Redaction.url("srt://h:9000?passphrase=longsecret"));
        assertEquals("rtsp://user@host/s", Redaction.url("rtsp://user@host/s"), "a user name alone stays");
        assertEquals("/films/reel:1@a.mp4", Redaction.url("/films/reel:1@a.mp4"), "paths are not URLs");
    }

    @Test
    void aMessageQuotingTheInputLosesTheSecret() {
        String in = "rtsp://op:hunter2@cam/1";
        String m = Redaction.in("cannot open " + in + ": Connection refused", in);
        assertFalse(m.contains("hunter2"), m);
    }
}
