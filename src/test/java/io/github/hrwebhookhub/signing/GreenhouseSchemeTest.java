package io.github.hrwebhookhub.signing;

import static io.github.hrwebhookhub.signing.SchemeTestSupport.context;
import static io.github.hrwebhookhub.signing.SchemeTestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/**
 * Greenhouse, against the "Application created" sample from grnhse/greenhouse-api-docs
 * (source/includes/webhooks/_application_events.md), shortened, with {@code <} and {@code >} written as the JSON unicode
 * escapes Greenhouse sends.
 * Greenhouse publishes no secret/body/signature triple, so the vector is computed independently with openssl.
 */
class GreenhouseSchemeTest {

    private static final String SECRET = "greenhouse-test-secret";
    private static final byte[] BODY = VendorSamples.bytes("greenhouse", "new_candidate_application.json");
    // openssl dgst -sha256 -hmac 'greenhouse-test-secret' < src/test/resources/vendor-samples/greenhouse/new_candidate_application.json
    private static final String HEX = "d4f48010cd40e82ad069ffba32be151e3b6f720ba05025ba109cc999cb787b25";
    private static final String SIGNATURE = "sha256 " + HEX;

    private final GreenhouseScheme scheme = new GreenhouseScheme();

    private void verify(SignedRequest request, String secret) throws InvalidSignatureException {
        scheme.verify(request, context(scheme, Instant.now(), null, secret));
    }

    @Test
    void signatureOverTheRawBodyVerifies() {
        assertThatCode(() -> verify(request(BODY, "Signature", SIGNATURE), SECRET)).doesNotThrowAnyException();
    }

    @Test
    void anyOfSeveralConfiguredSecretsMayMatch() {
        assertThatCode(() -> scheme.verify(request(BODY, "Signature", SIGNATURE),
                context(scheme, Instant.now(), null, "retired-secret", SECRET))).doesNotThrowAnyException();
    }

    @Test
    void tamperedBodyFails() {
        byte[] tampered = VendorSamples.text("greenhouse", "new_candidate_application.json")
                .replace("\"Jane\"", "\"Janet\"").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> verify(request(tampered, "Signature", SIGNATURE), SECRET))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void bodyWithItsUnicodeEscapesDecodedFails() {
        String decoded = VendorSamples.text("greenhouse", "new_candidate_application.json")
                .replace("\\u003c", "<").replace("\\u003e", ">");
        assertThat(decoded).contains("<p>Directions");
        assertThatThrownBy(() -> verify(request(decoded, "Signature", SIGNATURE), SECRET))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void wrongSecretFails() {
        assertThatThrownBy(() -> verify(request(BODY, "Signature", SIGNATURE), "another-secret"))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void equalsSignInsteadOfTheSpaceFails() {
        assertThatThrownBy(() -> verify(request(BODY, "Signature", "sha256=" + HEX), SECRET))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void hexWithoutTheAlgorithmFails() {
        assertThatThrownBy(() -> verify(request(BODY, "Signature", HEX), SECRET))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void malformedHeadersAreInvalidSignaturesNotErrors() {
        for (String bad : new String[] {"sha256 not-hex", "sha256 ", "sha256 abc", "", "   "}) {
            assertThatThrownBy(() -> verify(request(BODY, "Signature", bad), SECRET))
                    .as(bad).isInstanceOf(InvalidSignatureException.class);
        }
        assertThatThrownBy(() -> verify(request(BODY), SECRET)).isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void signatureHeaderSentTwiceIsRefused() {
        assertThatThrownBy(() -> verify(request(BODY, "Signature", SIGNATURE, "Signature", SIGNATURE), SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("more than once");
    }

    @Test
    void failureMessagesNeverEchoTheSignatureOrSecret() {
        assertThatThrownBy(() -> verify(request(BODY, "Signature", SIGNATURE), "another-secret"))
                .hasMessageNotContaining(HEX).hasMessageNotContaining("another-secret");
    }

    @Test
    void emptySecretIsRefusedAtStartup() {
        assertThatThrownBy(() -> scheme.key("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("greenhouse");
    }

    @Test
    void eventIdComesFromTheHeaderAndTypeFromTheActionField() {
        assertThat(scheme.eventIdLocations()).containsExactly("header:Greenhouse-Event-ID", "sha256");
        String sample = VendorSamples.text("greenhouse", "new_candidate_application.json");
        assertThat(VendorSamples.read(sample, scheme.eventTypeLocations().get(0))).isEqualTo("new_candidate_application");
    }

    @Test
    void typeMapCoversTheApplicationLifecycle() {
        assertThat(scheme.typeMap())
                .containsEntry("new_candidate_application", "candidate.applied")
                .containsEntry("candidate_stage_change", "candidate.stage_advanced")
                .containsEntry("reject_candidate", "candidate.rejected")
                .containsEntry("hire_candidate", "candidate.hired")
                .doesNotContainKey("offer_approved");
    }
}
