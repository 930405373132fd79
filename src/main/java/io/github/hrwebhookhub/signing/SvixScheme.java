package io.github.hrwebhookhub.signing;

import java.util.List;

import org.springframework.stereotype.Component;

/**
 * Svix: Standard Webhooks under {@code svix-id}, {@code svix-timestamp} and {@code svix-signature}. Svix's own
 * libraries also accept the {@code webhook-*} names, so a request carrying only those is verified under them.
 */
@Component
public class SvixScheme extends StandardWebhooksScheme {

    // Verifies requests that use the webhook-* names; the keys come from the context, so decoding is shared.
    private final StandardWebhooksScheme standardNames = new StandardWebhooksScheme();

    @Override
    public String name() {
        return "svix";
    }

    @Override
    protected List<String> headerNames() {
        return List.of("svix-id", "svix-timestamp", "svix-signature");
    }

    @Override
    public List<String> eventIdLocations() {
        return List.of("header:svix-id", "header:webhook-id", "jsonpath:$.id");
    }

    @Override
    public void verify(SignedRequest request, VerificationContext context) throws InvalidSignatureException {
        // One name set per request: mixing svix-id with webhook-signature is not something Svix sends.
        if (request.headerCount("svix-signature") == 0 && request.headerCount("webhook-signature") > 0) {
            standardNames.verify(request, context);
        } else {
            super.verify(request, context);
        }
    }
}
