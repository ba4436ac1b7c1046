package io.colorstream.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class VideoIdsTest {
    private static final String HASH = "-[0-9a-f]{16}";

    @Test
    void fileIdIsItsCleanedBaseNamePlusAHash() {
        String id = VideoIds.from("/films/The Great Train Robbery (1903).MP4");
        assertTrue(id.matches("the-great-train-robbery-1903" + HASH), id);
    }

    @Test
    void sameNameInTwoFoldersGivesTwoIdsAndTheSameFileTheSameId() {
        String a = VideoIds.from("/archive/a/reel1.mp4");
        String b = VideoIds.from("/archive/b/reel1.mp4");
        assertTrue(a.startsWith("reel1-") && b.startsWith("reel1-"));
        assertNotEquals(a, b);
        assertEquals(a, VideoIds.from("/archive/a/reel1.mp4"));
        assertEquals(a, VideoIds.from("/archive/a/../a/reel1.mp4"), "the same file, however it is reached");
    }

    @Test
    void urlIdIsHostAndPathWithoutCredentialsOrQuery() {
        String id = VideoIds.from("rtsp://viewer:s3cret@Cam-3.Example.org:554/live/stream1?token=abc");
        assertTrue(id.matches("cam-3.example.org-live-stream1" + HASH), id);
        assertFalse(id.contains("s3cret") || id.contains("viewer") || id.contains("token"));
        assertNotEquals(id, VideoIds.from("rtsp://viewer:s3cret@cam-3.example.org:554/live/stream2"));
    }

    @Test
    void everyDerivedIdIsValidShortAndHasNoSlash() {
        List<String> inputs = List.of("film.mkv", "./a/b/c.avi", "/tmp/.hidden.mov", "###.mp4", "..",
                "/films/" + "very-long-name-".repeat(10) + ".mp4", "http://host/", "http://example.com/a b/c d.mp4",
                "Ünïcødé film.mp4", "rtsp://10.0.0.5/");
        for (String input : inputs) {
            String id = VideoIds.from(input);
            assertTrue(VideoIds.isValid(id), input + " → " + id);
            assertTrue(id.length() <= VideoIds.MAX_LENGTH, id);
            assertFalse(id.contains("/"), id);
            assertTrue(id.matches(".*" + HASH), "ends with the hash: " + id);
        }
        assertTrue(VideoIds.from("###.mp4").matches("video" + HASH), "nothing readable left: a generic name");
    }

    @Test
    void givenIdIsKeptWhenValid() {
        assertEquals("reel-7_final.v2", VideoIds.resolve("/films/x.mp4", "reel-7_final.v2"));
        assertEquals("a", VideoIds.validated("a"));
        assertEquals("9".repeat(64), VideoIds.validated("9".repeat(64)));
    }

    @Test
    void givenIdIsRefusedWithTheRuleWhenInvalid() {
        for (String bad : List.of("reel/1", "Reel1", "", "-reel", ".reel", "reel 1", "x".repeat(65), "réel")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> VideoIds.resolve("film.mp4", bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'") && e.getMessage().contains("a-z, 0-9"),
                    e.getMessage());
        }
    }

    @Test
    void passwordsAreRedactedForMessages() {
        assertEquals("rtsp://cam:***@10.0.0.5/live", InputNames.redacted("rtsp://cam:pw@10.0.0.5/live"));
        assertEquals("http://host/x.mp4", InputNames.redacted("http://host/x.mp4"));
        assertEquals("/films/a:b@c.mp4", InputNames.redacted("/films/a:b@c.mp4"), "file paths are left alone");
        assertEquals("film.mp4", InputNames.shortName("/films/film.mp4"));
    }
}
