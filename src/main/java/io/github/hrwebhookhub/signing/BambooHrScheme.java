package io.github.hrwebhookhub.signing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * BambooHR: {@code X-BambooHR-Signature} is the hex HMAC-SHA256 of the raw body followed directly by the
 * {@code X-BambooHR-Timestamp} value (body first, no separator), keyed by the webhook's private key. BambooHR names no
 * tolerance; the source's (default 5 minutes) is applied so a captured request cannot be replayed later.
 */
@Component
public class BambooHrScheme implements SignatureScheme {

    static final String SIGNATURE = "X-BambooHR-Signature";
    static final String TIMESTAMP = "X-BambooHR-Timestamp";

    @Override
    public String name() {
        return "bamboohr";
    }

    @Override
    public byte[] key(String secret) {
        return Utf8Secret.key(name(), secret);
    }

    /** BambooHR gives no event id. */
    @Override
    public List<String> eventIdLocations() {
        return List.of("sha256");
    }

    /** Event-based webhooks carry {@code type}; the older field-based ones carry an {@code action} per employee. */
    @Override
    public List<String> eventTypeLocations() {
        return List.of("jsonpath:$.type", "jsonpath:$.employees[0].action");
    }

    /**
     * {@code employee.deleted} is left unmapped: deleting a record (often a correction) is not a termination, and
     * telling payroll otherwise would be worse than parking it on hr.unrouted.
     */
    @Override
    public Map<String, String> typeMap() {
        return Map.of(
                "employee.created", "employee.created",
                "employee.updated", "employee.status_changed",
                "Created", "employee.created",
                "Updated", "employee.status_changed");
    }

    @Override
    public void verify(SignedRequest request, VerificationContext context) throws InvalidSignatureException {
        byte[] candidate = SignatureHeaders.hex(SignatureHeaders.single(request, SIGNATURE), SIGNATURE);
        String timestamp = SignatureHeaders.single(request, TIMESTAMP);
        context.checkTimestamp(timestamp);
        byte[] signedTimestamp = timestamp.getBytes(StandardCharsets.UTF_8);
        if (!Macs.anyKeyMatches("HmacSHA256", context.keys(), candidate, request.body(), signedTimestamp)) {
            throw new InvalidSignatureException("no signature matches");
        }
    }
}
