package io.github.hrwebhookhub.delivery;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hrwebhookhub.config.HubProperties;
import io.github.hrwebhookhub.config.JsonataFiles;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * Destination mappings kept as files: each folder under {@code routes/mappings/destinations/} is a mapping named
 * like the folder, holding one JSONata file per canonical type ({@code employee.created.jsonata}, ...) and optionally
 * {@code default.jsonata} for the other types. A destination uses one with {@code mapping: <folder name>}. The input
 * is the canonical envelope; the output is the JSON document POSTed to the destination.
 */
@Component
public class FileMappings {

    public static final String DEFAULT = "default";

    private final List<PayloadMapping> mappings = new ArrayList<>();

    public FileMappings(HubProperties hub, ObjectMapper json) {
        Path dir = hub.routesDir().resolve("mappings").resolve("destinations");
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, JsonataFiles.Mapping>> byFolder = new TreeMap<>();
        JsonataFiles.compileAll(dir, problems, hub.reloadMappings()).forEach((key, mapping) -> {
            int slash = key.indexOf('/');
            if (slash < 0 || key.indexOf('/', slash + 1) >= 0) {
                problems.add(mapping.file() + ": destination mappings go in a folder per mapping: mappings/destinations/<mapping>/<type>.jsonata");
                return;
            }
            byFolder.computeIfAbsent(key.substring(0, slash), folder -> new TreeMap<>()).put(key.substring(slash + 1), mapping);
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException("destination mappings refused:\n  " + String.join("\n  ", problems));
        }
        byFolder.forEach((name, byType) -> mappings.add(new FileMapping(name, byType, json)));
    }

    public List<PayloadMapping> mappings() {
        return mappings;
    }

    /** One folder of mapping files. */
    static final class FileMapping implements PayloadMapping {

        private final String name;
        private final Map<String, JsonataFiles.Mapping> byType;
        private final ObjectMapper json;

        FileMapping(String name, Map<String, JsonataFiles.Mapping> byType, ObjectMapper json) {
            this.name = name;
            this.byType = byType;
            this.json = json;
        }

        @Override
        public String name() {
            return name;
        }

        /** The canonical types with their own file (besides {@code default}). */
        Set<String> types() {
            Set<String> types = new TreeSet<>(byType.keySet());
            types.remove(DEFAULT);
            return types;
        }

        @Override
        public JsonNode map(JsonNode canonicalEvent) {
            String type = canonicalEvent.path("type").asText();
            JsonataFiles.Mapping mapping = byType.getOrDefault(type, byType.get(DEFAULT));
            if (mapping == null) {
                throw new IllegalStateException("mapping '" + name + "' has no " + type + ".jsonata and no " + DEFAULT + ".jsonata");
            }
            JsonNode input = canonicalEvent;
            if (canonicalEvent instanceof ObjectNode event && event.has("sourcedata")) {
                ObjectNode copy = event.deepCopy();
                copy.remove("sourcedata");
                input = copy;
            }
            return mapping.apply(input, json);
        }
    }
}
