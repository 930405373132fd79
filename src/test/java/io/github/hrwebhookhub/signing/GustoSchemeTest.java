package io.github.hrwebhookhub.signing;

import static io.github.hrwebhookhub.signing.SchemeTestSupport.context;
import static io.github.hrwebhookhub.signing.SchemeTestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/**
 * Gusto: hex HMAC-SHA256 of the raw body keyed by the subscription's verification_token. The body is the
 * {@code employee.created} example from docs.gusto.com ("Employee Events"); Gusto's own signature sample is cut off, so
 * the signature is computed independently with openssl.
 */
class GustoSchemeTest {

    private static final String SECRET = "gusto-verification-token";
    private static final byte[] BODY = VendorSamples.bytes("gusto", "employee.created.json");
    // openssl dgst -sha256 -hmac 'gusto-verification-token' < src/test/resources/vendor-samples/gusto/employee.created.json
    private static final String SIGNATURE = "ca8a4f0d44c5ed026e413ea62166952a9a8dcea967a4e28c930039e4537a92db";

    private final GustoScheme scheme = new GustoScheme();

    private void verify(SignedRequest request, String secret) throws InvalidSignatureException {
        scheme.verify(request, context(scheme, Instant.now(), null, secret));
    }

    @Test
    void hexSignatureOfTheBodyVerifies() {
        assertThatCode(() -> verify(request(BODY, "X-Gusto-Signature", SIGNATURE), SECRET)).doesNotThrowAnyException();
    }

    @Test
    void headerNameIsCaseInsensitive() {
        assertThatCode(() -> verify(request(BODY, "x-gusto-signature", SIGNATURE), SECRET)).doesNotThrowAnyException();
    }

    @Test
    void tamperedBodyFails() {
        byte[] tampered = VendorSamples.text("gusto", "employee.created.json").replace("employee.created", "employee.terminated")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> verify(request(tampered, "X-Gusto-Signature", SIGNATURE), SECRET))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void wrongSecretFails() {
        assertThatThrownBy(() -> verify(request(BODY, "X-Gusto-Signature", SIGNATURE), "another-token"))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void base64OrPrefixedSignatureFails() {
        String base64 = java.util.Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex(SIGNATURE));
        for (String wrong : new String[] {base64, "sha256=" + SIGNATURE}) {
            assertThatThrownBy(() -> verify(request(BODY, "X-Gusto-Signature", wrong), SECRET))
                    .as(wrong).isInstanceOf(InvalidSignatureException.class);
        }
    }

    @Test
    void missingRepeatedOrMalformedHeaderIsAnInvalidSignatureNotAnError() {
        assertThatThrownBy(() -> verify(request(BODY), SECRET)).isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> verify(request(BODY, "X-Gusto-Signature", "g00d"), SECRET)).isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> verify(request(BODY, "X-Gusto-Signature", SIGNATURE, "X-Gusto-Signature", SIGNATURE), SECRET))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void eventIdIsTheUuidAndTypeIsEventType() {
        String sample = VendorSamples.text("gusto", "employee.created.json");
        assertThat(VendorSamples.read(sample, scheme.eventIdLocations().get(0))).isEqualTo("03ffbf0c-48a9-4f1c-932a-546413a26ad1");
        assertThat(VendorSamples.read(sample, scheme.eventTypeLocations().get(0))).isEqualTo("employee.created");
    }

    @Test
    void typeMapCoversEmployeeCompensationAndPayroll() {
        assertThat(scheme.typeMap())
                .containsEntry("employee.created", "employee.created")
                .containsEntry("employee.terminated", "employee.terminated")
                .containsEntry("employee_job_compensation.updated", "compensation.changed")
                .containsEntry("payroll.paid", "payroll.record_updated");
    }
}
