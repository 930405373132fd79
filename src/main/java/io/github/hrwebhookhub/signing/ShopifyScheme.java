package io.github.hrwebhookhub.signing;

import java.util.Base64;
import java.util.List;

import org.springframework.stereotype.Component;

/**
 * Shopify: {@code X-Shopify-Hmac-Sha256} is the base64 HMAC-SHA256 of the raw body, keyed with the app's client secret
 * as UTF-8. No timestamp is signed, so replays are caught only by the event-id deduplication.
 */
@Component
public class ShopifyScheme implements SignatureScheme {

    private static final String HEADER = "X-Shopify-Hmac-Sha256";

    @Override
    public String name() {
        return "shopify";
    }

    /** Shopify names X-Shopify-Event-Id as the duplicate-detection key; the webhook id is a fallback. */
    @Override
    public List<String> eventIdLocations() {
        return List.of("header:X-Shopify-Event-Id", "header:X-Shopify-Webhook-Id");
    }

    @Override
    public List<String> eventTypeLocations() {
        return List.of("header:X-Shopify-Topic");
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
        byte[] candidate;
        try {
            candidate = Base64.getDecoder().decode(header.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidSignatureException("signature is not base64");
        }
        if (!Macs.anyKeyMatches("HmacSHA256", context.keys(), candidate, request.body())) {
            throw new InvalidSignatureException("no signature matches");
        }
    }
}
