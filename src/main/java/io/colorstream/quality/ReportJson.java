package io.colorstream.quality;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** How every evaluation report writes its JSON: the same layout of failures, indented, one trailing newline. */
final class ReportJson {
    private ReportJson() {
    }

    /** The failures as {@code [{file, reason}]}. */
    static List<Map<String, String>> failures(List<ImageFailure> failures) {
        return failures.stream().map(f -> Map.of("file", f.file().toString(), "reason", f.reason())).toList();
    }

    /**
     * {@code root} as indented JSON. Jackson writes non-finite numbers as the strings {@code "Infinity"} /
     * {@code "NaN"}, so the output stays valid JSON.
     */
    static String write(Map<String, Object> root) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
