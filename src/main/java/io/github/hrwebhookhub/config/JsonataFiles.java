package io.github.hrwebhookhub.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Payload mappings kept as JSONata files under routes/mappings/: compiled once, with a problem for every file that
 * does not compile saying where (file, line, column) and what is wrong.
 */
public final class JsonataFiles {

    /** One compiled mapping file. */
    public record Mapping(Path file, Jsonata expression) {

        /** Applies the mapping to a JSON document. */
        public JsonNode apply(JsonNode input, ObjectMapper json) {
            Object result;
            try {
                result = expression.evaluate(json.convertValue(input, Object.class));
            } catch (JException e) {
                throw new IllegalStateException(file.getFileName() + ": " + e.getMessage(), e);
            }
            return result == null ? json.nullNode() : json.valueToTree(result);
        }
    }

    private JsonataFiles() {
    }

    /**
     * Every {@code *.jsonata} file under {@code dir}, by its path relative to {@code dir} without the extension
     * (e.g. {@code greenhouse/candidate.hired}). A file that does not compile adds a problem and is left out.
     */
    public static Map<String, Mapping> compileAll(Path dir, List<String> problems) {
        Map<String, Mapping> compiled = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return compiled;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.getFileName().toString().endsWith(".jsonata")).sorted().toList();
        } catch (IOException e) {
            problems.add(dir + ": cannot be read (" + e.getMessage() + ")");
            return compiled;
        }
        for (Path file : files) {
            String key = dir.relativize(file).toString().replace('\\', '/');
            key = key.substring(0, key.length() - ".jsonata".length());
            try {
                compiled.put(key, compile(file));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        return compiled;
    }

    /** @throws IllegalArgumentException "file:line:column: what is wrong" */
    public static Mapping compile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read (" + e.getMessage() + ")");
        }
        try {
            return new Mapping(file, Jsonata.jsonata(text));
        } catch (JException e) {
            // the parser reports the offset just past the offending token: point at the token itself
            throw new IllegalArgumentException(file + ":" + where(text, e.getLocation() - 1) + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": not a valid JSONata expression (" + e.getMessage() + ")");
        }
    }

    /** "line:column" (1-based) of a character offset. */
    static String where(String text, int offset) {
        int at = Math.max(0, Math.min(offset, text.length()));
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < at; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return line + ":" + (at - lineStart + 1);
    }
}
