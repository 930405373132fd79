package io.github.hrwebhookhub.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.github.hrwebhookhub.config.HubProperties;
import io.github.hrwebhookhub.support.HubConfig;
import io.github.hrwebhookhub.intake.EventFieldsAccess;

/** Builds requests and contexts for verifier unit tests. */
final class SchemeTestSupport {

    /** The tolerance every test context uses, the hub's default. */
    static final Duration TOLERANCE = Duration.ofMinutes(5);

    private static final ObjectMapper JSON = new ObjectMapper();

    private SchemeTestSupport() {
    }

    static SignedRequest request(String body, String... headerPairs) {
        return request(body.getBytes(StandardCharsets.UTF_8), headerPairs);
    }

    static SignedRequest request(byte[] body, String... headerPairs) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.computeIfAbsent(headerPairs[i], k -> new ArrayList<>()).add(headerPairs[i + 1]);
        }
        return new SignedRequest(headers, body);
    }

    static VerificationContext context(SignatureScheme scheme, Instant now, HubProperties.Source source, String... secrets) {
        List<byte[]> keys = Arrays.stream(secrets).map(scheme::key).toList();
        return new VerificationContext(keys, TOLERANCE, now, source == null ? HubConfig.source() : source);
    }

    /** The event id the intake reads from this request, from the scheme's locations. */
    static String eventId(SignatureScheme scheme, SignedRequest request) {
        return EventFieldsAccess.read(scheme.eventIdLocations(), request, json(request.body()));
    }

    /** The event type the intake reads from this request, from the scheme's locations. */
    static String eventType(SignatureScheme scheme, SignedRequest request) {
        return EventFieldsAccess.read(scheme.eventTypeLocations(), request, json(request.body()));
    }

    /** The body as JSON; a body that is not JSON has no fields to read. */
    private static JsonNode json(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node == null ? MissingNode.getInstance() : node;
        } catch (IOException notJson) {
            return MissingNode.getInstance();
        }
    }
}
