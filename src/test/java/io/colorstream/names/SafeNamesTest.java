package io.colorstream.names;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SafeNamesTest {
    @Test
    void hashIsSixtyFourBitsOfSha256() {
        // SHA-256("abc") = ba7816bf8f01cfea 414140de5dae2223 …
        assertEquals("ba7816bf8f01cfea", SafeNames.hash("abc"));
        assertEquals(16, SafeNames.hash("").length());
    }

    @Test
    void namesThatHadToChangeNeverCollideWhereThe32BitHashDid() {
        // "Aa" and "BB" share String.hashCode, as did the ids the old sanitizer hashed with it.
        assertEquals("Aa".hashCode(), "BB".hashCode());
        assertNotEquals(SafeNames.fileName("x/Aa"), SafeNames.fileName("x/BB"));
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            assertTrue(names.add(SafeNames.fileName("reel/" + i)), "unique for reel/" + i);
        }
    }

    @Test
    void plainIdsStayAndOthersBecomeSafeFileNames() {
        assertEquals("reel-01_a.v2", SafeNames.fileName("reel-01_a.v2"));
        String odd = SafeNames.fileName("../etc/passwd");
        assertTrue(odd.matches("[A-Za-z0-9_-][A-Za-z0-9._-]*"), odd);
        assertTrue(SafeNames.fileName("x".repeat(300)).length() <= 80 + 1 + SafeNames.HASH_CHARS);
        assertThrows(IllegalArgumentException.class, () -> SafeNames.fileName(""));
    }
}
