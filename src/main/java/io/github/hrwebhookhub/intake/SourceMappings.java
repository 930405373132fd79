package io.github.hrwebhookhub.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.hrwebhookhub.config.HubProperties;
import io.github.hrwebhookhub.config.JsonataFiles;
import org.springframework.stereotype.Component;

/**
 * Source mappings: JSONata files under {@code routes/mappings/sources/<profile>/<canonical type>.jsonata} that turn
 * a vendor's payload into the canonical record of that type (the envelope's {@code data}). A source uses the profile
 * named by its {@code mapping} setting, or by default the one named like its signature scheme (greenhouse, lever,
 * ...). The hub's own format needs none: its {@code data} is taken as sent.
 */
@Component
public class SourceMappings {

    public static final String NONE = "none";

    private final Path dir;
    private final Map<String, JsonataFiles.Mapping> mappings;
    private final TreeSet<String> profiles = new TreeSet<>();
    private final ObjectMapper json;

    public SourceMappings(HubProperties hub, ObjectMapper json) {
        this.json = json;
        this.dir = hub.routesDir().resolve("mappings").resolve("sources");
        List<String> problems = new ArrayList<>();
        this.mappings = JsonataFiles.compileAll(dir, problems, hub.reloadMappings());
        mappings.keySet().forEach(key -> profiles.add(key.contains("/") ? key.substring(0, key.indexOf('/')) : key));
        hub.sources().forEach((name, source) -> {
            String mapping = source.mapping();
            if (mapping != null && !mapping.equals(NONE) && !profiles.contains(mapping)) {
                problems.add("hub.sources." + name + ".mapping: no source mapping '" + mapping + "' under " + dir
                        + (profiles.isEmpty() ? "" : " (there are: " + String.join(", ", profiles) + ")"));
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException("source mappings refused:\n  " + String.join("\n  ", problems));
        }
    }

    /** The mapping profile a source uses, if any. */
    public Optional<String> profile(Sources.Source source) {
        String configured = source.settings().mapping();
        if (configured != null) {
            return configured.equals(NONE) ? Optional.empty() : Optional.of(configured);
        }
        String scheme = source.scheme().name();
        return profiles.contains(scheme) ? Optional.of(scheme) : Optional.empty();
    }

    /**
     * The canonical record for a payload, when the source's profile has a mapping for the canonical type.
     *
     * @throws IllegalStateException when the mapping fails or does not produce a JSON object
     */
    public Optional<JsonNode> map(Sources.Source source, String canonicalType, JsonNode payload) {
        Optional<String> profile = profile(source);
        if (profile.isEmpty()) {
            return Optional.empty();
        }
        JsonataFiles.Mapping mapping = mappings.get(profile.get() + "/" + canonicalType);
        if (mapping == null) {
            return Optional.empty();
        }
        JsonNode record = mapping.apply(payload, json);
        if (!record.isObject()) {
            throw new IllegalStateException("mappings/sources/" + profile.get() + "/" + canonicalType
                    + ".jsonata did not produce a JSON object");
        }
        return Optional.of(record);
    }

    /**
     * Maps a stored envelope's vendor payload ({@code sourcedata}) again with the current mapping files: how a
     * quarantined event picks up a fixed mapping when it is replayed. Envelopes without one are left as they are.
     */
    public void remap(ObjectNode envelope, Sources sources) {
        JsonNode payload = envelope.get("sourcedata");
        String sourceName = envelope.path("source").asText().replaceFirst("^/webhooks/", "");
        Optional<Sources.Source> source = sources.find(sourceName);
        if (payload == null || source.isEmpty()) {
            return;
        }
        try {
            Optional<JsonNode> record = map(source.get(), envelope.path("type").asText(), payload);
            if (record.isPresent()) {
                envelope.set("data", record.get());
                envelope.remove("mappingerror");
            }
        } catch (IllegalStateException e) {
            envelope.put("mappingerror", e.getMessage());
        }
    }

    public Path dir() {
        return dir;
    }
}
