package io.github.hrwebhookhub.signing;

import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * Greenhouse: {@code Signature: sha256 <hex>} (a space, not {@code =}) of the raw body. Greenhouse writes characters
 * such as {@code <} as JSON unicode escapes and signs the body with the escapes in place, so only the bytes exactly as
 * received verify; a body decoded and re-encoded does not.
 */
@Component
public class GreenhouseScheme implements SignatureScheme {

    static final String HEADER = "Signature";
    private static final String PREFIX = "sha256 ";

    @Override
    public String name() {
        return "greenhouse";
    }

    @Override
    public byte[] key(String secret) {
        return Utf8Secret.key(name(), secret);
    }

    @Override
    public List<String> eventIdLocations() {
        return List.of("header:Greenhouse-Event-ID", "sha256");
    }

    @Override
    public List<String> eventTypeLocations() {
        return List.of("jsonpath:$.action");
    }

    /**
     * Greenhouse has no "offer accepted" hook: accepting an offer fires {@code hire_candidate}. {@code offer_approved}
     * is an internal approval, not the candidate's acceptance, so it is deliberately not mapped.
     */
    @Override
    public Map<String, String> typeMap() {
        return Map.of(
                "new_candidate_application", "candidate.applied",
                "candidate_stage_change", "candidate.stage_advanced",
                "reject_candidate", "candidate.rejected",
                "hire_candidate", "candidate.hired");
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
