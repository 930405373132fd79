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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Payload mappings kept as JSONata files under routes/mappings/: compiled once, with a problem for every file that
 * does not compile saying where (file, line, column) and what is wrong.
 */
public final class JsonataFiles {

    /**
     * One compiled mapping file. With {@code reload} (the dev profile) a changed file is compiled again before it is
     * next applied; a change that does not compile is refused with where and why, and the previous version stays.
     */
    public static final class Mapping {

        private static final Logger LOG = LoggerFactory.getLogger(Mapping.class);

        private final Path file;
        private final boolean reload;
        private volatile Jsonata expression;
        private volatile long modified;

        Mapping(Path file, Jsonata expression, long modified, boolean reload) {
            this.file = file;
            this.expression = expression;
            this.modified = modified;
            this.reload = reload;
        }

        public Path file() {
            return file;
        }

        /** Applies the mapping to a JSON document. */
        public JsonNode apply(JsonNode input, ObjectMapper json) {
            if (reload) {
                reloadIfChanged();
            }
            Object result;
            try {
                result = expression.evaluate(json.convertValue(input, Object.class));
            } catch (JException e) {
                throw new IllegalStateException(file.getFileName() + ": " + e.getMessage(), e);
            }
            return result == null ? json.nullNode() : json.valueToTree(result);
        }

        private synchronized void reloadIfChanged() {
            long now = lastModified(file);
            if (now == modified) {
                return;
            }
            modified = now;
            try {
                expression = compile(file, false).expression;
                LOG.info("mapping {} reloaded", file);
            } catch (IllegalArgumentException refused) {
                LOG.warn("mapping change refused, the previous version stays: {}", refused.getMessage());
            }
        }
    }

    private JsonataFiles() {
    }

    /**
     * Every {@code *.jsonata} file under {@code dir}, by its path relative to {@code dir} without the extension
     * (e.g. {@code greenhouse/candidate.hired}). A file that does not compile adds a problem and is left out.
     */
    public static Map<String, Mapping> compileAll(Path dir, List<String> problems) {
        return compileAll(dir, problems, false);
    }

    /** As {@link #compileAll(Path, List)}; with {@code reload}, changed files are compiled again when next applied. */
    public static Map<String, Mapping> compileAll(Path dir, List<String> problems, boolean reload) {
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
                compiled.put(key, compile(file, reload));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        return compiled;
    }

    /** @throws IllegalArgumentException "file:line:column: what is wrong" */
    public static Mapping compile(Path file, boolean reload) {
        long modified = lastModified(file);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read (" + e.getMessage() + ")");
        }
        try {
            return new Mapping(file, Jsonata.jsonata(text), modified, reload);
        } catch (JException e) {
            // the parser reports the offset just past the offending token: point at the token itself
            throw new IllegalArgumentException(file + ":" + where(text, e.getLocation() - 1) + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": not a valid JSONata expression (" + e.getMessage() + ")");
        }
    }

    private static long lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return -1;
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
