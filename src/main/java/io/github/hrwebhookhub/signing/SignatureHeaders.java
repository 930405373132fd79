package io.github.hrwebhookhub.signing;

/** Reads the one header a vendor signs with, refusing it when it is missing or sent more than once. */
final class SignatureHeaders {

    private SignatureHeaders() {
    }

    /**
     * The header's only value, trimmed. A second copy is refused rather than guessed at: which copy a proxy or
     * framework keeps differs, and an attacker could add one.
     */
    static String single(SignedRequest request, String name) throws InvalidSignatureException {
        if (request.headerCount(name) > 1) {
            throw new InvalidSignatureException(name + " sent more than once");
        }
        String value = request.header(name);
        if (value == null || value.isBlank()) {
            throw new InvalidSignatureException("missing " + name);
        }
        return value.trim();
    }

    /** The value after a fixed prefix such as {@code sha256=}; anything else is a malformed header. */
    static String afterPrefix(String value, String prefix, String name) throws InvalidSignatureException {
        if (!value.startsWith(prefix)) {
            throw new InvalidSignatureException(name + " without the expected prefix");
        }
        return value.substring(prefix.length());
    }

    /** Hex digits as bytes; anything that is not hex is a malformed header, never another exception. */
    static byte[] hex(String value, String name) throws InvalidSignatureException {
        byte[] bytes = Macs.fromHex(value);
        if (bytes == null || bytes.length == 0) {
            throw new InvalidSignatureException(name + " is not hex");
        }
        return bytes;
    }
}
