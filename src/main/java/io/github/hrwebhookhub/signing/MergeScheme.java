package io.github.hrwebhookhub.signing;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * Merge: {@code X-Merge-Webhook-Signature} is the base64url HMAC-SHA256 of the raw body, keyed by the organisation's
 * signature key. Merge does not say whether it pads, so both forms are accepted.
 */
@Component
public class MergeScheme implements SignatureScheme {

    static final String HEADER = "X-Merge-Webhook-Signature";

    @Override
    public String name() {
        return "merge";
    }

    @Override
    public byte[] key(String secret) {
        return Utf8Secret.key(name(), secret);
    }

    /**
     * {@code hook.id} names the webhook configuration, not the event, so it repeats. Merge suggests the signature as a
     * unique id; the hash of the signed body is equally unique and keeps signatures out of stored ids.
     */
    @Override
    public List<String> eventIdLocations() {
        return List.of("sha256");
    }

    @Override
    public List<String> eventTypeLocations() {
        return List.of("jsonpath:$.hook.event");
    }

    /**
     * Merge reports model changes, not business events. {@code Employee.removed} (the record left the upstream HRIS) is
     * read as a termination; {@code Candidate.added} is left out because a sourced candidate has not applied, and the
     * application itself arrives as {@code Application.added}. A source's type-map overrides any of these.
     */
    @Override
    public Map<String, String> typeMap() {
        return Map.of(
                "Employee.added", "employee.created",
                "Employee.changed", "employee.status_changed",
                "Employee.removed", "employee.terminated",
                "Employment.changed", "compensation.changed",
                "Application.added", "candidate.applied");
    }

    @Override
    public void verify(SignedRequest request, VerificationContext context) throws InvalidSignatureException {
        byte[] candidate = decode(SignatureHeaders.single(request, HEADER));
        if (!Macs.anyKeyMatches("HmacSHA256", context.keys(), candidate, request.body())) {
            throw new InvalidSignatureException("no signature matches");
        }
    }

    /** Java's URL-safe decoder takes the value with or without {@code =} padding; '+' or '/' are refused. */
    private static byte[] decode(String value) throws InvalidSignatureException {
        try {
            return Base64.getUrlDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidSignatureException(HEADER + " is not base64url");
        }
    }
}
