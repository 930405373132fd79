package io.github.hrwebhookhub.signing;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a verifier sees of a request: its headers (case-insensitive) and the body bytes exactly as received.
 */
public final class SignedRequest {

    private final Map<String, List<String>> headers;
    private final byte[] body;

    public SignedRequest(Map<String, List<String>> headers, byte[] body) {
        this.headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        this.headers.putAll(headers);
        this.body = body;
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** How many values a header has; a signature header sent twice is suspicious. */
    public int headerCount(String name) {
        List<String> values = headers.get(name);
        return values == null ? 0 : values.size();
    }

    public byte[] body() {
        return body;
    }
}
