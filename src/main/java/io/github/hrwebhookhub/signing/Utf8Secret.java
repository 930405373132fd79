package io.github.hrwebhookhub.signing;

import java.nio.charset.StandardCharsets;

/** The vendors that use their secret as a plain string: the key is its UTF-8 bytes. */
final class Utf8Secret {

    private Utf8Secret() {
    }

    /** Refuses an empty secret at startup; the JDK would otherwise fail on every request with "Empty key". */
    static byte[] key(String scheme, String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("a " + scheme + " secret must not be empty");
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }
}
