package io.github.hrwebhookhub.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

/** Builds the CloudEvents 1.0 envelope every accepted event becomes. */
@Component
public class CanonicalEvents {

    private final ObjectMapper json;

    public CanonicalEvents(ObjectMapper json) {
        this.json = json;
    }

    /** {@code evt_} + 128 bits of SHA-256(source, source event id): the same event always gets the same id. */
    public static String eventId(String source, String sourceEventId) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(source.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(sourceEventId.getBytes(StandardCharsets.UTF_8));
            return "evt_" + HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The envelope. {@code data} is the source mapping's canonical record when there is one (the vendor's payload is
     * then kept beside it as {@code sourcedata}, for audit); otherwise the payload's {@code data} object when it has
     * one (the hub's own format), else the whole payload. A mapping that failed is named in {@code mappingerror}, so
     * that the schema guard parks the event instead of passing raw vendor data on.
     */
    public ObjectNode envelope(String id, String source, String sourceEventId, String vendorType, String canonicalType,
                               String time, Instant receivedAt, JsonNode payload, JsonNode mapped, String mappingError) {
        ObjectNode event = json.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", id);
        event.put("source", "/webhooks/" + source);
        event.put("type", canonicalType);
        if (time != null) {
            event.put("time", time);
        }
        event.put("datacontenttype", "application/json");
        event.put("receivedat", receivedAt.toString());
        event.put("sourceeventid", sourceEventId);
        event.put("sourcetype", vendorType);
        if (mapped != null) {
            event.set("data", mapped);
            event.set("sourcedata", payload);
        } else {
            JsonNode data = payload.get("data");
            event.set("data", data != null && data.isObject() ? data : payload);
        }
        if (mappingError != null) {
            event.set("sourcedata", payload);
            event.put("mappingerror", mappingError);
        }
        return event;
    }

    /** The envelope of a payload that needs no source mapping. */
    public ObjectNode envelope(String id, String source, String sourceEventId, String vendorType, String canonicalType,
                               String time, Instant receivedAt, JsonNode payload) {
        return envelope(id, source, sourceEventId, vendorType, canonicalType, time, receivedAt, payload, null, null);
    }
}
