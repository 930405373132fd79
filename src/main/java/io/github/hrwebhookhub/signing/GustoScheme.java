package io.github.hrwebhookhub.signing;

import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * Gusto: {@code X-Gusto-Signature} is the hex HMAC-SHA256 of the raw body, keyed by the webhook subscription's
 * {@code verification_token}. Gusto's own sample is cut off; hex is what public integrations use.
 */
@Component
public class GustoScheme implements SignatureScheme {

    static final String HEADER = "X-Gusto-Signature";

    @Override
    public String name() {
        return "gusto";
    }

    @Override
    public byte[] key(String secret) {
        return Utf8Secret.key(name(), secret);
    }

    /** {@code uuid} identifies the event (the entity has its own {@code entity_uuid}); older payloads lack it. */
    @Override
    public List<String> eventIdLocations() {
        return List.of("jsonpath:$.uuid", "sha256");
    }

    @Override
    public List<String> eventTypeLocations() {
        return List.of("jsonpath:$.event_type");
    }

    /**
     * {@code employee.terminated} is when the termination is recorded (its effective date may be later), which is when
     * payroll needs to know. {@code payroll.paid} marks the payroll's records as final.
     */
    @Override
    public Map<String, String> typeMap() {
        return Map.of(
                "employee.created", "employee.created",
                "employee.terminated", "employee.terminated",
                "employee_job_compensation.created", "compensation.changed",
                "employee_job_compensation.updated", "compensation.changed",
                "payroll.paid", "payroll.record_updated");
    }

    @Override
    public void verify(SignedRequest request, VerificationContext context) throws InvalidSignatureException {
        byte[] candidate = SignatureHeaders.hex(SignatureHeaders.single(request, HEADER), HEADER);
        if (!Macs.anyKeyMatches("HmacSHA256", context.keys(), candidate, request.body())) {
            throw new InvalidSignatureException("no signature matches");
        }
    }
}
