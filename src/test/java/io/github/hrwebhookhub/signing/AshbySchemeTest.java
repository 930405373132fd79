package io.github.hrwebhookhub.signing;

import static io.github.hrwebhookhub.signing.SchemeTestSupport.context;
import static io.github.hrwebhookhub.signing.SchemeTestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/**
 * Ashby: {@code sha256=<hex>} of the raw body. The sample follows Ashby's "Common Payload Data" envelope
 * (developers.ashbyhq.com/docs/common-payload-data). The example in Ashby's "Authenticating Webhooks" page omits its
 * payload, so the signature is computed independently with openssl.
 */
class AshbySchemeTest {

    private static final String SECRET = "ashby-test-secret";
    private static final byte[] BODY = VendorSamples.bytes("ashby", "candidateStageChange.json");
    // openssl dgst -sha256 -hmac 'ashby-test-secret' < src/test/resources/vendor-samples/ashby/candidateStageChange.json
    private static final String HEX = "4eb1340eb321e7f74c234008f7cc4e5ca3467e950779e409fc25f32f01125564";

    private final AshbyScheme scheme = new AshbyScheme();

    private void verify(SignedRequest request, String secret) throws InvalidSignatureException {
        scheme.verify(request, context(scheme, Instant.now(), null, secret));
    }

    @Test
    void prefixedHexOfTheBodyVerifies() {
        assertThatCode(() -> verify(request(BODY, "Ashby-Signature", "sha256=" + HEX), SECRET)).doesNotThrowAnyException();
    }

    @Test
    void tamperedBodyFails() {
        byte[] tampered = VendorSamples.text("ashby", "candidateStageChange.json").replace("Technical Interview", "Offer")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> verify(request(tampered, "Ashby-Signature", "sha256=" + HEX), SECRET))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void wrongSecretFails() {
        // openssl dgst -sha256 -hmac 'another-secret' < .../ashby/candidateStageChange.json: valid, but for another secret
        String otherSecretsSignature = "sha256=b25eca2fb4d8a87f56c1ef1df996b7cf3b8f98342f23a4fa81c0d1a45019da3a";
        assertThatThrownBy(() -> verify(request(BODY, "Ashby-Signature", otherSecretsSignature), SECRET))
                .isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> verify(request(BODY, "Ashby-Signature", "sha256=" + HEX), "another-secret"))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void missingOrGreenhouseStylePrefixFails() {
        for (String wrong : new String[] {HEX, "sha256 " + HEX, "sha1=" + HEX, "SHA256=" + HEX}) {
            assertThatThrownBy(() -> verify(request(BODY, "Ashby-Signature", wrong), SECRET))
                    .as(wrong).isInstanceOf(InvalidSignatureException.class);
        }
    }

    @Test
    void malformedRepeatedOrMissingHeaderIsAnInvalidSignatureNotAnError() {
        for (String bad : new String[] {"sha256=", "sha256=zz", "sha256=abc", "=", ""}) {
            assertThatThrownBy(() -> verify(request(BODY, "Ashby-Signature", bad), SECRET))
                    .as(bad).isInstanceOf(InvalidSignatureException.class);
        }
        assertThatThrownBy(() -> verify(request(BODY), SECRET)).isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> verify(request(BODY, "Ashby-Signature", "sha256=" + HEX, "Ashby-Signature", "sha256=" + HEX), SECRET))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void eventIdIsTheWebhookActionIdAndTypeIsTheAction() {
        String sample = VendorSamples.text("ashby", "candidateStageChange.json");
        assertThat(VendorSamples.read(sample, scheme.eventIdLocations().get(0))).isEqualTo("75395d87-4044-4dc4-bc29-0cec185e5f06");
        assertThat(VendorSamples.read(sample, scheme.eventTypeLocations().get(0))).isEqualTo("candidateStageChange");
    }

    @Test
    void typeMapCoversSubmitStageChangeAndHire() {
        assertThat(scheme.typeMap())
                .containsEntry("applicationSubmit", "candidate.applied")
                .containsEntry("candidateStageChange", "candidate.stage_advanced")
                .containsEntry("candidateHire", "candidate.hired");
    }
}
