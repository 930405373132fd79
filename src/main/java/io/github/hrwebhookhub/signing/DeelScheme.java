package io.github.hrwebhookhub.signing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * Deel: {@code x-deel-signature} is the hex HMAC-SHA256 of {@code "POST"} followed by the raw body, keyed by the
 * webhook's signing key. The method prefix is part of what Deel signs; without it nothing verifies.
 */
@Component
public class DeelScheme implements SignatureScheme {

    static final String HEADER = "x-deel-signature";
    private static final byte[] METHOD = "POST".getBytes(StandardCharsets.US_ASCII);

    @Override
    public String name() {
        return "deel";
    }

    @Override
    public byte[] key(String secret) {
        return Utf8Secret.key(name(), secret);
    }

    @Override
    public List<String> eventIdLocations() {
        return List.of("jsonpath:$.data.meta.event_id", "sha256");
    }

    @Override
    public List<String> eventTypeLocations() {
        return List.of("jsonpath:$.data.meta.event_type");
    }

    /**
     * {@code contract.terminated} does not appear in Deel's public pages; it is listed so that a termination sent under
     * that name is routed rather than parked. A signed contract is the hub's signed document.
     */
    @Override
    public Map<String, String> typeMap() {
        return Map.of(
                "contract.created", "employee.created",
                "contract.signed", "document.signed",
                "contract.status.updated", "employee.status_changed",
                "contract.terminated", "employee.terminated");
    }

    @Override
    public void verify(SignedRequest request, VerificationContext context) throws InvalidSignatureException {
        byte[] candidate = SignatureHeaders.hex(SignatureHeaders.single(request, HEADER), HEADER);
        if (!Macs.anyKeyMatches("HmacSHA256", context.keys(), candidate, METHOD, request.body())) {
            throw new InvalidSignatureException("no signature matches");
        }
    }
}
