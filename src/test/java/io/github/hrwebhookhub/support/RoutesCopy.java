package io.github.hrwebhookhub.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A copy of the repository's routes/ folder (routes, mappings, schemas) for a test to edit; routes/ itself is never edited. */
public final class RoutesCopy {

    private RoutesCopy() {
    }

    /** Copies routes/ into {@code dir}/routes and returns that folder. */
    public static Path into(Path dir) throws IOException {
        Path from = Path.of("routes");
        Path to = dir.resolve("routes");
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
        return to;
    }

    /** Replaces text in a copied file, failing if the text is not there (the file changed under the test). */
    public static void replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertThat(text).as("%s holds the text to change", file.getFileName()).contains(from);
        Files.writeString(file, text.replace(from, to));
    }
}
