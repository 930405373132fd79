package io.github.hrwebhookhub.signing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.springframework.stereotype.Component;

/**
 * Standard Webhooks: HMAC-SHA256 over {@code id.timestamp.body}, header {@code webhook-signature} holding
 * space-separated {@code v1,<base64>} entries; the secret is {@code whsec_} + base64 of the key.
 */
@Component
public class StandardWebhooksScheme implements SignatureScheme {

    private static final String SECRET_PREFIX = "whsec_";

    @Override
    public String name() {
        return "standard-webhooks";
    }

    /** Header names for id, timestamp and signature; Svix and Finch reuse the scheme under other names. */
    protected List<String> headerNames() {
        return List.of("webhook-id", "webhook-timestamp", "webhook-signature");
    }

    @Override
    public byte[] key(String secret) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        try {
            byte[] key = Base64.getDecoder().decode(encoded);
            if (key.length == 0) {
                throw new IllegalArgumentException("a " + name() + " secret must not be empty");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a " + name() + " secret must be " + SECRET_PREFIX
                    + " followed by base64 (the key bytes); this one is not valid base64");
        }
    }

    @Override
    public List<String> eventIdLocations() {
        return List.of("header:" + headerNames().get(0), "jsonpath:$.id");
    }

    @Override
    public void verify(SignedRequest request, VerificationContext context) throws InvalidSignatureException {
        List<String> names = headerNames();
        String id = request.header(names.get(0));
        String timestamp = request.header(names.get(1));
        String signatures = request.header(names.get(2));
        if (id == null || id.isBlank() || signatures == null || signatures.isBlank()) {
            throw new InvalidSignatureException("missing signature headers");
        }
        for (String name : names) {
            if (request.headerCount(name) > 1) {
                throw new InvalidSignatureException("a signature header was sent more than once");
            }
        }
        context.checkTimestamp(timestamp);
        List<byte[]> candidates = new ArrayList<>();
        for (String entry : signatures.trim().split(" +")) {
            int comma = entry.indexOf(',');
            if (comma > 0 && entry.substring(0, comma).equals("v1")) {
                try {
                    candidates.add(Base64.getDecoder().decode(entry.substring(comma + 1)));
                } catch (IllegalArgumentException ignored) {
                    // a malformed entry cannot match; another entry still may
                }
            }
            if (candidates.size() > 16) {
                throw new InvalidSignatureException("too many signatures");
            }
        }
        byte[] prefix = (id + "." + timestamp.trim() + ".").getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] candidate : candidates) {
            match |= Macs.anyKeyMatches("HmacSHA256", context.keys(), candidate, prefix, request.body());
        }
        if (!match) {
            throw new InvalidSignatureException("no signature matches");
        }
    }

    /** Signs like a Standard Webhooks sender: the value of {@code webhook-signature} for one key. */
    public static String sign(byte[] key, String id, long timestamp, byte[] body) {
        byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        return "v1," + Base64.getEncoder().encodeToString(Macs.hmacSha256(key, prefix, body));
    }
}
