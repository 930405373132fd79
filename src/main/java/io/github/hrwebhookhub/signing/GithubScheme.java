package io.github.hrwebhookhub.signing;

import java.util.List;

import org.springframework.stereotype.Component;

/** GitHub: {@code X-Hub-Signature-256: sha256=<hex>} of the raw body, secret used as UTF-8; no timestamp. */
@Component
public class GithubScheme implements SignatureScheme {

    private static final String PREFIX = "sha256=";

    @Override
    public String name() {
        return "github";
    }

    @Override
    public List<String> eventIdLocations() {
        return List.of("header:X-GitHub-Delivery");
    }

    @Override
    public List<String> eventTypeLocations() {
        return List.of("header:X-GitHub-Event");
    }

    @Override
    public void verify(SignedRequest request, VerificationContext context) throws InvalidSignatureException {
        String header = request.header("X-Hub-Signature-256");
        if (header == null || !header.startsWith(PREFIX) || request.headerCount("X-Hub-Signature-256") > 1) {
            throw new InvalidSignatureException("missing or malformed signature header");
        }
        byte[] candidate = Macs.fromHex(header.substring(PREFIX.length()));
        if (candidate == null || !Macs.anyKeyMatches("HmacSHA256", context.keys(), candidate, request.body())) {
            throw new InvalidSignatureException("no signature matches");
        }
    }
}
