package io.github.hrwebhookhub.signing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.hrwebhookhub.config.HubProperties;

/** Builds requests and contexts for verifier unit tests. */
final class SchemeTestSupport {

    private SchemeTestSupport() {
    }

    static SignedRequest request(String body, String... headerPairs) {
        return request(body.getBytes(StandardCharsets.UTF_8), headerPairs);
    }

    static SignedRequest request(byte[] body, String... headerPairs) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.computeIfAbsent(headerPairs[i], k -> new java.util.ArrayList<>()).add(headerPairs[i + 1]);
        }
        return new SignedRequest(headers, body);
    }

    static VerificationContext context(SignatureScheme scheme, Instant now, HubProperties.Source source, String... secrets) {
        List<byte[]> keys = java.util.Arrays.stream(secrets).map(scheme::key).toList();
        return new VerificationContext(keys, Duration.ofMinutes(5), now, source == null ? new HubProperties.Source() : source);
    }
}
