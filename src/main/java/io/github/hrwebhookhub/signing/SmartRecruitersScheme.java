package io.github.hrwebhookhub.signing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * SmartRecruiters: {@code smartrecruiters-signature: v1=<hex>[;v1=<hex>...]}, HMAC-SHA256 over the timestamp, body,
 * {@code event-id}, {@code event-name}, {@code event-version} and {@code link} joined by {@code .} (a missing header
 * is an empty string). The subscription secret key is used as UTF-8.
 */
@Component
public class SmartRecruitersScheme implements SignatureScheme {

    private static final String SIGNATURE = "smartrecruiters-signature";
    private static final String TIMESTAMP = "smartrecruiters-timestamp";
    private static final List<String> SIGNED_AFTER_BODY = List.of("event-id", "event-name", "event-version", "link");
    private static final String V1 = "v1=";

    @Override
    public String name() {
        return "smartrecruiters";
    }

    @Override
    public List<String> eventIdLocations() {
        return List.of("header:event-id");
    }

    @Override
    public List<String> eventTypeLocations() {
        return List.of("header:event-name");
    }

    /**
     * Only the application lifecycle is mapped: a new application, and a status change (SmartRecruiters sends one
     * event name for every status, so a source whose statuses mean more can override it with its own type-map).
     */
    @Override
    public Map<String, String> typeMap() {
        return Map.of(
                "application.created", "candidate.applied",
                "application.status.updated", "candidate.stage_advanced");
    }

    @Override
    public void verify(SignedRequest request, VerificationContext context) throws InvalidSignatureException {
        String header = request.header(SIGNATURE);
        if (header == null || header.isBlank()) {
            throw new InvalidSignatureException("missing signature header");
        }
        // The event id and name are signed and also read downstream: two values would make them ambiguous.
        if (request.headerCount(SIGNATURE) > 1 || request.headerCount(TIMESTAMP) > 1
                || SIGNED_AFTER_BODY.stream().anyMatch(name -> request.headerCount(name) > 1)) {
            throw new InvalidSignatureException("a signed header was sent more than once");
        }
        String timestamp = request.header(TIMESTAMP);
        context.checkTimestamp(timestamp);
        List<byte[]> signatures = new ArrayList<>();
        for (String entry : header.split(";")) {
            String trimmed = entry.trim();
            if (trimmed.startsWith(V1)) {
                byte[] signature = Macs.fromHex(trimmed.substring(V1.length()));
                if (signature != null) {
                    signatures.add(signature);
                }
            }
            if (signatures.size() > SignatureMatch.MAX_SIGNATURES) {
                throw new InvalidSignatureException("too many signatures");
            }
        }
        if (signatures.isEmpty()) {
            throw new InvalidSignatureException("no v1 signature");
        }
        if (!SignatureMatch.any("HmacSHA256", context.keys(), signatures,
                (timestamp + ".").getBytes(StandardCharsets.UTF_8), request.body(), signedAfterBody(request))) {
            throw new InvalidSignatureException("no signature matches");
        }
    }

    private static byte[] signedAfterBody(SignedRequest request) {
        StringBuilder tail = new StringBuilder();
        for (String name : SIGNED_AFTER_BODY) {
            String value = request.header(name);
            tail.append('.').append(value == null ? "" : value);
        }
        return tail.toString().getBytes(StandardCharsets.UTF_8);
    }
}
