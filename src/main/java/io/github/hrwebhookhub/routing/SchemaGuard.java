package io.github.hrwebhookhub.routing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.github.hrwebhookhub.HubHeaders;
import io.github.hrwebhookhub.config.HubProperties;
import io.github.hrwebhookhub.audit.AuditTrail;
import io.github.hrwebhookhub.metrics.HubMetrics;
import io.github.hrwebhookhub.store.PayloadCipher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The schema guard: before an event is routed, its canonical record (the envelope's {@code data}) is checked against
 * {@code routes/schemas/<canonical type>.schema.json}. An event that breaks its schema (a vendor changed its payload,
 * or its source mapping failed) goes to no destination: it is parked, sealed, on {@code hr.quarantine} with the
 * violations, until ops replay it once the mapping or the schema is fixed. Types without a schema pass unchecked.
 *
 * <p>Schema files are read again when they change (looked at once a second at most), so a fixed schema applies to
 * the next events and to replays without a restart.
 */
@Component("schemaGuard")
public class SchemaGuard {

    public static final String QUARANTINE = "hubQuarantine";
    public static final String VIOLATIONS = "hubViolations";
    private static final int MAX_VIOLATIONS_LENGTH = 2000;
    private static final Logger LOG = LoggerFactory.getLogger(SchemaGuard.class);
    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    private static final long RECHECK_MILLIS = 1000;

    private record Loaded(long modified, JsonSchema schema) {
    }

    private final Path dir;
    private final ObjectMapper json;
    private final Map<String, Loaded> schemas = new ConcurrentHashMap<>();
    private final Map<String, Long> lastChecked = new ConcurrentHashMap<>();
    private final AuditTrail audit;
    private final HubMetrics metrics;
    private final PayloadCipher cipher;

    public SchemaGuard(HubProperties hub, ObjectMapper json, AuditTrail audit, HubMetrics metrics, PayloadCipher cipher) {
        this.dir = hub.routesDir().resolve("schemas");
        this.json = json;
        this.audit = audit;
        this.metrics = metrics;
        this.cipher = cipher;
        List<String> problems = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".schema.json")).sorted().toList()) {
                    try {
                        load(file);
                    } catch (RuntimeException e) {
                        problems.add(file + ": " + e.getMessage());
                    }
                }
            } catch (IOException e) {
                problems.add(dir + ": cannot be read (" + e.getMessage() + ")");
            }
        }
        if (Files.isDirectory(dir)) {
            // the schemas name the canonical types: a type-map to anything else is a typo
            hub.sources().forEach((source, settings) -> settings.typeMap().forEach((vendorType, canonicalType) -> {
                if (!Files.isRegularFile(dir.resolve(canonicalType + ".schema.json"))) {
                    problems.add("hub.sources." + source + ".type-map." + vendorType + ": '" + canonicalType
                            + "' is not a canonical type (no " + dir.resolve(canonicalType + ".schema.json") + ")");
                }
            }));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("schemas refused:\n  " + String.join("\n  ", problems));
        }
    }

    /** Sets {@link #QUARANTINE} (and {@link #VIOLATIONS}) on an event whose canonical record breaks its schema. */
    public void check(Exchange exchange) throws IOException {
        Message in = exchange.getMessage();
        List<String> violations = violations(json.readTree(in.getBody(String.class)));
        in.setHeader(QUARANTINE, !violations.isEmpty());
        if (!violations.isEmpty()) {
            String joined = String.join("; ", violations);
            in.setHeader(VIOLATIONS, joined.length() > MAX_VIOLATIONS_LENGTH ? joined.substring(0, MAX_VIOLATIONS_LENGTH) + "..." : joined);
        }
    }

    /** What is wrong with an envelope's canonical record; empty when it passes (or its type has no schema). */
    public List<String> violations(JsonNode envelope) {
        List<String> violations = new ArrayList<>();
        if (envelope.hasNonNull("mappingerror")) {
            violations.add("source mapping failed: " + envelope.get("mappingerror").asText());
            return violations;
        }
        String type = envelope.path("type").asText();
        JsonSchema schema = schema(type);
        if (schema == null) {
            return violations;
        }
        Set<ValidationMessage> messages = schema.validate(envelope.path("data"));
        messages.stream().map(ValidationMessage::getMessage).distinct().sorted().forEach(violations::add);
        return violations;
    }

    /** The route's step for a quarantined event: recorded, counted, and its body sealed for its stay on the queue. */
    public void park(Exchange exchange) {
        Message in = exchange.getMessage();
        String eventId = in.getHeader(HubHeaders.EVENT_ID, String.class);
        String violations = in.getHeader(VIOLATIONS, String.class);
        audit.quarantined(exchange, violations);
        metrics.quarantined(in.getHeader(HubHeaders.SOURCE));
        in.setBody(cipher.sealToText(in.getBody(String.class)));
        in.setHeader(HubHeaders.SEALED, true);
        LOG.warn("event {} of type {} quarantined: its canonical record breaks its schema", eventId, in.getHeader(HubHeaders.TYPE));
    }

    private JsonSchema schema(String type) {
        if (!TYPE.matcher(type).matches()) {
            return null;
        }
        // the file system is asked at most once a second per type: not twice per event on the router's path
        long now = System.currentTimeMillis();
        Long checked = lastChecked.get(type);
        if (checked != null && now - checked < RECHECK_MILLIS) {
            Loaded cached = schemas.get(type);
            return cached == null ? null : cached.schema();
        }
        lastChecked.put(type, now);
        Path file = dir.resolve(type + ".schema.json");
        if (!Files.isRegularFile(file)) {
            schemas.remove(type);
            return null;
        }
        Loaded loaded = schemas.get(type);
        try {
            long modified = Files.getLastModifiedTime(file).toMillis();
            if (loaded == null || loaded.modified() != modified) {
                loaded = load(file);
            }
        } catch (IOException | RuntimeException e) {
            if (loaded == null) {
                throw new IllegalStateException("schema " + file + " cannot be used: " + e.getMessage(), e);
            }
            LOG.warn("schema {} changed but cannot be read ({}); keeping the previous version", file, e.getMessage());
        }
        return loaded.schema();
    }

    private Loaded load(Path file) {
        try {
            long modified = Files.getLastModifiedTime(file).toMillis();
            // a fresh factory each time: a factory caches schemas by location, so a changed file would not be seen
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(file.toUri());
            schema.initializeValidators();
            String name = file.getFileName().toString();
            Loaded loaded = new Loaded(modified, schema);
            schemas.put(name.substring(0, name.length() - ".schema.json".length()), loaded);
            return loaded;
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
