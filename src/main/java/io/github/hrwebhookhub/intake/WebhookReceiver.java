package io.github.hrwebhookhub.intake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.hrwebhookhub.HubHeaders;
import io.github.hrwebhookhub.config.HubProperties;
import io.github.hrwebhookhub.signing.InvalidSignatureException;
import io.github.hrwebhookhub.signing.SignedRequest;
import io.github.hrwebhookhub.signing.VerificationContext;
import io.github.hrwebhookhub.audit.AuditTrail;
import io.vertx.core.http.HttpServerRequest;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * First step of the intake route: finds the source, checks the content type, verifies the signature over the raw
 * bytes, parses the JSON, reads the event id and type, and replaces the message with the canonical envelope. Every
 * failure is a {@link WebhookRejection} carrying the sender's status.
 */
@Component("webhookReceiver")
public class WebhookReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookReceiver.class);
    private static final int MAX_ID_LENGTH = 512;
    private static final int MAX_TYPE_LENGTH = 200;

    private final Sources sources;
    private final ClientAddress clientAddress;
    private final CanonicalEvents canonicalEvents;
    private final SourceMappings sourceMappings;
    private final ObjectMapper json;
    private final Clock clock;
    private final int maxDepth;

    public WebhookReceiver(Sources sources, ClientAddress clientAddress, CanonicalEvents canonicalEvents,
                           SourceMappings sourceMappings, Clock clock, HubProperties hub) {
        this.sources = sources;
        this.sourceMappings = sourceMappings;
        this.clientAddress = clientAddress;
        this.canonicalEvents = canonicalEvents;
        this.clock = clock;
        this.maxDepth = hub.limits().maxJsonDepth();
        // The intake's own parser: bounded nesting and number sizes against hostile bodies (strings are already
        // bounded by the body size limit).
        this.json = new ObjectMapper(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth).maxNumberLength(100).build())
                .build())
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** Exchange properties carried from one intake step to the next. */
    private static final String PROFILE = "hubSourceProfile";
    private static final String SIGNED = "hubSignedRequest";
    private static final String RECEIVED_AT = "hubReceivedAtInstant";

    /**
     * Step "source": the source profile named in the path (404), the client's address and its allow-from list (403),
     * the source's rate limit (429).
     */
    public void identifySource(Exchange exchange) {
        Message in = exchange.getIn();
        exchange.setProperty(RECEIVED_AT, clock.instant());
        String sourceName = in.getHeader("source", String.class);
        Sources.Source source = sources.find(sourceName)
                .orElseThrow(() -> new WebhookRejection(404, "unknown_source", null, "unknown source"));
        exchange.setProperty(HubHeaders.SOURCE, source.name());
        exchange.setProperty(PROFILE, source);

        String client = in instanceof PlatformHttpMessage http ? clientAddress.of(http.getRequest())
                : in instanceof HttpMessage vertx ? clientAddress.of(vertx.getRequest()) : "unknown";
        exchange.setProperty(AuditTrail.CLIENT_ADDRESS, client);
        if (!source.allowFrom().isEmpty() && !Cidr.anyContains(source.allowFrom(), client)) {
            throw new WebhookRejection(403, "forbidden", null, "client address not in allow-from");
        }
        if (source.rateLimit() != null && !source.rateLimit().acquirePermission()) {
            long seconds = Math.max(1, (source.rateLimit().getRateLimiterConfig().getLimitRefreshPeriod().toMillis() + 999) / 1000);
            throw new WebhookRejection(429, "rate_limited", "over this source's rate limit", "over the rate limit", Long.toString(seconds));
        }
    }

    /** Step "guard": the request as sent (headers and raw body bytes) and its content type (415). */
    public void checkRequest(Exchange exchange) {
        Message in = exchange.getIn();
        Sources.Source source = exchange.getProperty(PROFILE, Sources.Source.class);
        SignedRequest signed;
        if (in instanceof HttpMessage vertx) {
            signed = new SignedRequest(headers(vertx.getRequest()), rawBody(null, in));
        } else {
            HttpServletRequest request = in instanceof PlatformHttpMessage http ? http.getRequest() : null;
            signed = new SignedRequest(headers(request, in), rawBody(request, in));
        }
        exchange.setProperty(SIGNED, signed);
        exchange.setProperty(AuditTrail.SCHEME, source.scheme().name());
        if (source.scheme().expectsJson() && !isJson(signed.header("Content-Type"))) {
            throw new WebhookRejection(415, "unsupported_media_type", "Content-Type must be application/json",
                    "content type is not JSON");
        }
    }

    /** Step "signature": the source's scheme over the raw bytes (401). */
    public void verifySignature(Exchange exchange) {
        Sources.Source source = exchange.getProperty(PROFILE, Sources.Source.class);
        SignedRequest signed = exchange.getProperty(SIGNED, SignedRequest.class);
        Instant receivedAt = exchange.getProperty(RECEIVED_AT, Instant.class);
        try {
            source.scheme().verify(signed, new VerificationContext(source.keys(), source.settings().tolerance(),
                    receivedAt, source.settings()));
        } catch (InvalidSignatureException e) {
            throw new WebhookRejection(401, "invalid_signature", null, e.getMessage());
        }
        exchange.setProperty(AuditTrail.VERIFIED_AT, clock.millis());
    }

    /**
     * Step "canonical": JSON, event id and type (400), the source mapping; the message becomes the canonical
     * CloudEvents envelope with the hub's headers, and what the audit trail records of the request travels with it.
     */
    public void toCanonical(Exchange exchange) {
        Message in = exchange.getIn();
        Sources.Source source = exchange.getProperty(PROFILE, Sources.Source.class);
        SignedRequest signed = exchange.getProperty(SIGNED, SignedRequest.class);
        Instant receivedAt = exchange.getProperty(RECEIVED_AT, Instant.class);
        Canonical canonical = canonicalise(source, signed, receivedAt);
        String eventId = canonical.eventId();
        exchange.setProperty(HubHeaders.EVENT_ID, eventId);
        exchange.removeProperty(SIGNED);
        exchange.removeProperty(PROFILE);

        // Request headers stop here: they must neither reach the broker nor be echoed in the response.
        in.removeHeaders("*");
        in.setHeader(HubHeaders.EVENT_ID, eventId);
        in.setHeader(HubHeaders.SOURCE, source.name());
        in.setHeader(HubHeaders.SOURCE_EVENT_ID, canonical.sourceEventId());
        in.setHeader(HubHeaders.TYPE, canonical.canonicalType());
        in.setHeader(HubHeaders.RECEIVED_AT, receivedAt.toEpochMilli());
        in.setHeader(HubHeaders.ARTEMIS_DUPLICATE_ID, eventId);
        // the router records the received and verified steps from these, once the event is durable
        in.setHeader(HubHeaders.CLIENT_ADDRESS, exchange.getProperty(AuditTrail.CLIENT_ADDRESS, "unknown", String.class));
        in.setHeader(HubHeaders.SCHEME, source.scheme().name());
        in.setHeader(HubHeaders.VERIFIED_AT, exchange.getProperty(AuditTrail.VERIFIED_AT, clock.millis(), Long.class));
        if (canonical.time() != null) {
            in.setHeader(HubHeaders.SOURCE_TIME, canonical.time());
        }
        in.setBody(canonical.envelope().toString());
        LOG.debug("verified event {} from {} type {}", eventId, source.name(), canonical.canonicalType());
    }

    /** An event in its canonical form, and what it was made from. */
    public record Canonical(String eventId, String sourceEventId, String vendorType, String canonicalType, String time,
                            ObjectNode envelope) {
    }

    /**
     * Parses a request body of the source and builds its canonical envelope: event id and type (after the source's
     * type-map), the sender's time, the CloudEvents envelope. The signature is not looked at here: the intake
     * verifies it first, the ops dry-run does not need it.
     */
    public Canonical canonicalise(Sources.Source source, SignedRequest signed, Instant receivedAt) {
        JsonNode payload = parse(signed.body());
        String sourceEventId = EventFields.read(source.idLocations(), signed, payload);
        if (sourceEventId == null) {
            throw WebhookRejection.badRequest("missing_event_id", "no event id at " + String.join(" or ", source.idLocations()));
        }
        if (sourceEventId.length() > MAX_ID_LENGTH) {
            throw WebhookRejection.badRequest("invalid_event_id", "event id longer than " + MAX_ID_LENGTH + " characters");
        }
        String vendorType = EventFields.read(source.typeLocations(), signed, payload);
        if (vendorType == null) {
            throw WebhookRejection.badRequest("missing_event_type", "no event type at " + String.join(" or ", source.typeLocations()));
        }
        if (vendorType.length() > MAX_TYPE_LENGTH) {
            throw WebhookRejection.badRequest("invalid_event_type", "event type longer than " + MAX_TYPE_LENGTH + " characters");
        }
        String canonicalType = source.canonicalType(vendorType);
        String eventId = CanonicalEvents.eventId(source.name(), sourceEventId);
        String time = eventTime(payload, signed);
        JsonNode mapped = null;
        String mappingError = null;
        try {
            mapped = sourceMappings.map(source, canonicalType, payload).orElse(null);
        } catch (IllegalStateException e) {
            // the event is signed and safe with us: accepted, and parked by the schema guard until the mapping is fixed
            mappingError = e.getMessage();
            LOG.warn("event {} from {}: source mapping for {} failed; it will be quarantined", eventId, source.name(), canonicalType);
        }
        return new Canonical(eventId, sourceEventId, vendorType, canonicalType, time, canonicalEvents.envelope(eventId,
                source.name(), sourceEventId, vendorType, canonicalType, time, receivedAt, payload, mapped, mappingError));
    }

    private static Map<String, List<String>> headers(HttpServletRequest request, Message in) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (request != null) {
            for (String name : Collections.list(request.getHeaderNames())) {
                headers.put(name, Collections.list(request.getHeaders(name)));
            }
            // the Content-Type as the sender sent it, which the request may mask from Camel's binding
            Object contentType = request.getAttribute(RawBodyFilter.CONTENT_TYPE);
            headers.keySet().removeIf(name -> name.equalsIgnoreCase("Content-Type"));
            if (contentType != null) {
                headers.put("Content-Type", List.of((String) contentType));
            }
        } else {
            in.getHeaders().forEach((name, value) -> headers.put(name, List.of(String.valueOf(value))));
        }
        return headers;
    }

    /** The headers of a request to the Vert.x intake server, as sent. */
    private static Map<String, List<String>> headers(HttpServerRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : request.headers().names()) {
            headers.put(name, request.headers().getAll(name));
        }
        return headers;
    }

    private static byte[] rawBody(HttpServletRequest request, Message in) {
        Object raw = request == null ? null : request.getAttribute(RawBodyFilter.RAW_BODY);
        if (raw instanceof byte[] bytes) {
            return bytes;
        }
        byte[] body = in.getBody(byte[].class);
        return body == null ? new byte[0] : body;
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
    }

    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw WebhookRejection.badRequest("invalid_json", "body is empty");
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw WebhookRejection.badRequest("invalid_encoding", "body is not valid UTF-8");
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (StreamConstraintsException e) {
            throw WebhookRejection.badRequest("invalid_json", "body nests deeper than " + maxDepth
                    + " levels or has an over-long number");
        } catch (JsonProcessingException e) {
            // The parser's own message may quote the body; say only where it broke.
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw WebhookRejection.badRequest("invalid_json", "body is not valid JSON" + where);
        } catch (IOException e) {
            throw WebhookRejection.badRequest("invalid_json", "body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw WebhookRejection.badRequest("invalid_json", "body must be a JSON object");
        }
        return node;
    }

    /** The sender's own event time where it gives one: a body timestamp, or the signed webhook-timestamp. */
    private static String eventTime(JsonNode payload, SignedRequest request) {
        JsonNode timestamp = payload.get("timestamp");
        if (timestamp != null && timestamp.isTextual()) {
            try {
                return OffsetDateTime.parse(timestamp.asText()).toInstant().toString();
            } catch (DateTimeParseException ignored) {
                // not an RFC 3339 time; fall through
            }
        }
        String header = request.header("webhook-timestamp");
        if (header != null) {
            try {
                return Instant.ofEpochSecond(Long.parseLong(header.trim())).toString();
            } catch (NumberFormatException ignored) {
                // verification already rejected anything unusable
            }
        }
        return null;
    }
}
