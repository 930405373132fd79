package io.github.hrwebhookhub.signing;

import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * Workable: {@code X-Workable-Signature} is the hex HMAC-SHA256 of the raw body. Workable's text does not name the
 * encoding; every public integration uses hex.
 */
@Component
public class WorkableScheme implements SignatureScheme {

    static final String HEADER = "X-Workable-Signature";

    @Override
    public String name() {
        return "workable";
    }

    @Override
    public byte[] key(String secret) {
        return Utf8Secret.key(name(), secret);
    }

    /**
     * The body hash: the top-level {@code id} of a Workable payload is not documented as an event id, and if it were
     * the candidate's id, a later {@code candidate_moved} would be taken for a duplicate of {@code candidate_created}.
     */
    @Override
    public List<String> eventIdLocations() {
        return List.of("sha256");
    }

    @Override
    public List<String> eventTypeLocations() {
        return List.of("jsonpath:$.event_type");
    }

    /**
     * Employee hooks stay unmapped: Workable's {@code employee_created} describes a draft record that is published
     * later ({@code employee_published}), so neither is clearly the hub's {@code employee.created}.
     */
    @Override
    public Map<String, String> typeMap() {
        return Map.of(
                "candidate_created", "candidate.applied",
                "candidate_moved", "candidate.stage_advanced");
    }

    @Override
    public void verify(SignedRequest request, VerificationContext context) throws InvalidSignatureException {
        byte[] candidate = SignatureHeaders.hex(SignatureHeaders.single(request, HEADER), HEADER);
        if (!Macs.anyKeyMatches("HmacSHA256", context.keys(), candidate, request.body())) {
            throw new InvalidSignatureException("no signature matches");
        }
    }
}
