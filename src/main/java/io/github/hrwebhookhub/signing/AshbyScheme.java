package io.github.hrwebhookhub.signing;

import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/** Ashby: {@code Ashby-Signature: sha256=<hex>} of the raw body, keyed by the webhook's secret token. */
@Component
public class AshbyScheme implements SignatureScheme {

    static final String HEADER = "Ashby-Signature";
    private static final String PREFIX = "sha256=";

    @Override
    public String name() {
        return "ashby";
    }

    @Override
    public byte[] key(String secret) {
        return Utf8Secret.key(name(), secret);
    }

    /** Ashby's {@code webhookActionId} is the same across retries of one event, which is what deduplication needs. */
    @Override
    public List<String> eventIdLocations() {
        return List.of("jsonpath:$.webhookActionId", "sha256");
    }

    @Override
    public List<String> eventTypeLocations() {
        return List.of("jsonpath:$.action");
    }

    /** Ashby has no offer-accepted or rejection hook of its own; those arrive as application updates, left unmapped. */
    @Override
    public Map<String, String> typeMap() {
        return Map.of(
                "applicationSubmit", "candidate.applied",
                "candidateStageChange", "candidate.stage_advanced",
                "candidateHire", "candidate.hired");
    }

    @Override
    public void verify(SignedRequest request, VerificationContext context) throws InvalidSignatureException {
        String header = SignatureHeaders.single(request, HEADER);
        byte[] candidate = SignatureHeaders.hex(SignatureHeaders.afterPrefix(header, PREFIX, HEADER), HEADER);
        if (!Macs.anyKeyMatches("HmacSHA256", context.keys(), candidate, request.body())) {
            throw new InvalidSignatureException("no signature matches");
        }
    }
}
