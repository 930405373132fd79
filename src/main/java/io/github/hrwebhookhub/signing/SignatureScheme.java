package io.github.hrwebhookhub.signing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One sender's signature profile. A new vendor is a new small class implementing this, annotated {@code @Component}.
 */
public interface SignatureScheme {

    /** The {@code scheme} name used in {@code hub.sources.<name>.scheme}. */
    String name();

    /** Checks the request against the source's keys; throws when no key produces the sent signature. */
    void verify(SignedRequest request, VerificationContext context) throws InvalidSignatureException;

    /**
     * Turns a configured secret into MAC key bytes. Throws {@link IllegalArgumentException} with a clear message for a
     * secret the scheme cannot use, so that startup fails instead of every request.
     */
    default byte[] key(String secret) {
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    /** Where the sender's event id lives, tried in order: header:NAME, jsonpath:EXPR or sha256 (of the raw body). */
    default List<String> eventIdLocations() {
        return List.of("jsonpath:$.id", "sha256");
    }

    /** Where the sender's event type lives. */
    default List<String> eventTypeLocations() {
        return List.of("jsonpath:$.type");
    }

    /**
     * The vendor's event names mapped to the hub's canonical types (docs/configuration.md); a source's own {@code type-map}
     * entries override these. Names not listed pass through unchanged (and end up on hr.unrouted unless routed).
     */
    default Map<String, String> typeMap() {
        return Map.of();
    }

    /** Whether the scheme's bodies are JSON (so a non-JSON content type gets 415). */
    default boolean expectsJson() {
        return true;
    }
}
