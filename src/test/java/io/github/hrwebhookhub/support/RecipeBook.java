package io.github.hrwebhookhub.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recipes of routes/README.md as its reader sees them: the fenced code blocks under each {@code ###} heading, in
 * order. A block inside a list item loses the item's indentation, as Markdown renders it.
 */
public final class RecipeBook {

    private final Map<String, List<String>> blocks = new LinkedHashMap<>();

    private RecipeBook() {
    }

    public static RecipeBook routesReadme() throws IOException {
        return parse(Files.readString(Path.of("routes", "README.md")));
    }

    static RecipeBook parse(String markdown) {
        RecipeBook book = new RecipeBook();
        List<String> current = null;
        StringBuilder block = null;
        int fenceIndent = 0;
        for (String line : markdown.split("\n", -1)) {
            String trimmed = line.strip();
            if (block == null && line.startsWith("### ")) {
                current = new ArrayList<>();
                book.blocks.put(line.substring(4).strip(), current);
            } else if (block == null && trimmed.startsWith("```")) {
                block = new StringBuilder();
                fenceIndent = line.indexOf('`');
            } else if (block != null && trimmed.equals("```")) {
                if (current != null) {
                    current.add(block.toString());
                }
                block = null;
            } else if (block != null) {
                int strip = 0;
                while (strip < fenceIndent && strip < line.length() && line.charAt(strip) == ' ') {
                    strip++;
                }
                block.append(line.substring(strip)).append('\n');
            }
        }
        return book;
    }

    /** The code blocks of the recipe whose heading starts with this text. */
    public List<String> blocks(String headingStart) {
        return blocks.entrySet().stream().filter(e -> e.getKey().startsWith(headingStart)).findFirst()
                .map(Map.Entry::getValue)
                .orElseThrow(() -> new AssertionError("routes/README.md has no recipe headed '" + headingStart + "...'"));
    }

    /** One code block of a recipe, by its position (0 = the first). */
    public String block(String headingStart, int index) {
        List<String> found = blocks(headingStart);
        if (index >= found.size()) {
            throw new AssertionError("the recipe '" + headingStart + "...' of routes/README.md has " + found.size()
                    + " code blocks, the test reads block " + (index + 1));
        }
        return found.get(index);
    }

    /** The text with each line's common leading spaces replaced by {@code indent} spaces. */
    public static String indented(String text, int indent) {
        int common = text.lines().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty()) {
                out.append(" ".repeat(indent)).append(line.substring(Math.min(common, line.length() - line.stripLeading().length())));
            }
            out.append('\n');
        }
        return out.substring(0, out.length() - 1);
    }
}
