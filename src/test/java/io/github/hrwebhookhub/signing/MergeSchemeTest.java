package io.github.hrwebhookhub.signing;

import static io.github.hrwebhookhub.signing.SchemeTestSupport.context;
import static io.github.hrwebhookhub.signing.SchemeTestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/**
 * Merge: base64url HMAC-SHA256 of the raw body. The sample follows the hook / linked_account / data payload shown in
 * Merge's help centre (article 5389453), with an Employee as data. Merge publishes no vector, so the signature is
 * computed independently with openssl.
 */
class MergeSchemeTest {

    private static final String SECRET = "merge-test-signature-key";
    private static final byte[] BODY = VendorSamples.bytes("merge", "Employee.changed.json");
    // openssl dgst -sha256 -hmac 'merge-test-signature-key' -binary < src/test/resources/vendor-samples/merge/Employee.changed.json | base64 | tr '+/' '-_'
    private static final String PADDED = "iQU3-OGLmRhsUeFJNmoF-k5N140Xye25qTMch9a7VJo=";
    private static final String UNPADDED = "iQU3-OGLmRhsUeFJNmoF-k5N140Xye25qTMch9a7VJo";
    // the same MAC in standard base64 (without the tr): '+' is not base64url
    private static final String STANDARD_BASE64 = "iQU3+OGLmRhsUeFJNmoF+k5N140Xye25qTMch9a7VJo=";

    private final MergeScheme scheme = new MergeScheme();

    private void verify(SignedRequest request, String secret) throws InvalidSignatureException {
        scheme.verify(request, context(scheme, Instant.now(), null, secret));
    }

    @Test
    void paddedSignatureVerifies() {
        assertThatCode(() -> verify(request(BODY, "X-Merge-Webhook-Signature", PADDED), SECRET)).doesNotThrowAnyException();
    }

    @Test
    void unpaddedSignatureVerifies() {
        assertThatCode(() -> verify(request(BODY, "X-Merge-Webhook-Signature", UNPADDED), SECRET)).doesNotThrowAnyException();
    }

    @Test
    void standardBase64IsNotBase64urlAndFails() {
        assertThatThrownBy(() -> verify(request(BODY, "X-Merge-Webhook-Signature", STANDARD_BASE64), SECRET))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void hexEncodingFails() {
        String hex = java.util.HexFormat.of().formatHex(java.util.Base64.getUrlDecoder().decode(PADDED));
        assertThatThrownBy(() -> verify(request(BODY, "X-Merge-Webhook-Signature", hex), SECRET))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void tamperedBodyFails() {
        byte[] tampered = VendorSamples.text("merge", "Employee.changed.json").replace("ACTIVE", "INACTIVE")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> verify(request(tampered, "X-Merge-Webhook-Signature", PADDED), SECRET))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void wrongSecretFails() {
        assertThatThrownBy(() -> verify(request(BODY, "X-Merge-Webhook-Signature", PADDED), "another-key"))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void malformedRepeatedOrMissingHeaderIsAnInvalidSignatureNotAnError() {
        for (String bad : new String[] {"!!!", "a", "iQU3=OGL", "", "===="}) {
            assertThatThrownBy(() -> verify(request(BODY, "X-Merge-Webhook-Signature", bad), SECRET))
                    .as(bad).isInstanceOf(InvalidSignatureException.class);
        }
        assertThatThrownBy(() -> verify(request(BODY), SECRET)).isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> verify(request(BODY, "X-Merge-Webhook-Signature", PADDED, "X-Merge-Webhook-Signature", UNPADDED), SECRET))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void eventIdIsTheBodyHashAndTypeIsTheHookEvent() {
        assertThat(scheme.eventIdLocations()).containsExactly("sha256");
        String sample = VendorSamples.text("merge", "Employee.changed.json");
        assertThat(VendorSamples.read(sample, scheme.eventTypeLocations().get(0))).isEqualTo("Employee.changed");
    }

    @Test
    void typeMapCoversEmployeeLifecycleAndApplications() {
        assertThat(scheme.typeMap())
                .containsEntry("Employee.added", "employee.created")
                .containsEntry("Employee.changed", "employee.status_changed")
                .containsEntry("Employee.removed", "employee.terminated")
                .containsEntry("Employment.changed", "compensation.changed")
                .containsEntry("Application.added", "candidate.applied");
    }
}
