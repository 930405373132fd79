package io.github.hrwebhookhub.signing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

/**
 * Stripe: {@code Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...]}, HMAC-SHA256 over {@code t.body}. Any
 * {@code v1} may match; {@code v0} (test-mode legacy) never counts. The {@code whsec_...} secret is the key as it is,
 * UTF-8 bytes, never base64-decoded.
 */
@Component
public class StripeScheme implements SignatureScheme {

    private static final String HEADER = "Stripe-Signature";
    private static final String SECRET_PREFIX = "whsec_";

    @Override
    public String name() {
        return "stripe";
    }

    @Override
    public byte[] key(String secret) {
        // An API key (sk_..., rk_...) pasted here would fail every request; say so at startup instead.
        if (!secret.startsWith(SECRET_PREFIX) || secret.length() == SECRET_PREFIX.length()) {
            throw new IllegalArgumentException("a stripe secret must be the endpoint's signing secret, which starts with "
                    + SECRET_PREFIX + " (not an API key)");
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public List<String> eventIdLocations() {
        return List.of("jsonpath:$.id");
    }

    @Override
    public List<String> eventTypeLocations() {
        return List.of("jsonpath:$.type");
    }

    @Override
    public void verify(SignedRequest request, VerificationContext context) throws InvalidSignatureException {
        String header = request.header(HEADER);
        if (header == null || header.isBlank()) {
            throw new InvalidSignatureException("missing signature header");
        }
        if (request.headerCount(HEADER) > 1) {
            throw new InvalidSignatureException("signature header sent more than once");
        }
        String timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String item : header.split(",")) {
            int equals = item.indexOf('=');
            if (equals < 0) {
                continue;
            }
            String name = item.substring(0, equals).trim();
            String value = item.substring(equals + 1).trim();
            if (name.equals("t")) {
                if (timestamp != null) {
                    throw new InvalidSignatureException("more than one timestamp in signature header");
                }
                timestamp = value;
            } else if (name.equals("v1")) {
                byte[] signature = Macs.fromHex(value);
                if (signature != null) {
                    signatures.add(signature);
                }
                if (signatures.size() > SignatureMatch.MAX_SIGNATURES) {
                    throw new InvalidSignatureException("too many signatures");
                }
            }
        }
        long seconds = notTooOld(timestamp, context);
        if (signatures.isEmpty()) {
            throw new InvalidSignatureException("no v1 signature");
        }
        // Stripe's libraries sign the parsed number, so a sent "t=0123" is checked as "123".
        byte[] prefix = (seconds + ".").getBytes(StandardCharsets.UTF_8);
        if (!SignatureMatch.any("HmacSHA256", context.keys(), signatures, prefix, request.body())) {
            throw new InvalidSignatureException("no signature matches");
        }
    }

    /** Stripe's libraries reject only old timestamps; one from the future (clock skew) is accepted. */
    private static long notTooOld(String timestamp, VerificationContext context) throws InvalidSignatureException {
        if (timestamp == null || timestamp.isEmpty()) {
            throw new InvalidSignatureException("missing timestamp");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw new InvalidSignatureException("timestamp is not a number");
        }
        if (seconds < context.now().getEpochSecond() - context.tolerance().toSeconds()) {
            throw new InvalidSignatureException("timestamp outside tolerance");
        }
        return seconds;
    }
}
