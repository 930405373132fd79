package io.github.hrwebhookhub.signing;

import static io.github.hrwebhookhub.signing.SchemeTestSupport.context;
import static io.github.hrwebhookhub.signing.SchemeTestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

/**
 * Deel: hex HMAC-SHA256 of {@code "POST"} followed by the raw body. The body is the {@code contract.status.updated}
 * example from developer.deel.com ("Event Payload"), shortened; Deel's header example has no matching body, so the
 * signatures are computed independently with openssl.
 */
class DeelSchemeTest {

    private static final String SECRET = "deel-signing-key";
    private static final byte[] BODY = VendorSamples.bytes("deel", "contract.status.updated.json");
    // { printf '%s' POST; cat src/test/resources/vendor-samples/deel/contract.status.updated.json; } | openssl dgst -sha256 -hmac 'deel-signing-key'
    private static final String SIGNATURE = "1b8e309eed25fc6eda44b913d6a99645d2ff4f445fb838ee0b22c1139662b7e2";
    // openssl dgst -sha256 -hmac 'deel-signing-key' < src/test/resources/vendor-samples/deel/contract.status.updated.json
    private static final String WITHOUT_POST_PREFIX = "a9a3e3f523e2de48816377e10c2c82933e5d0f262f892a0d2fbb390c7a6960bd";

    private final DeelScheme scheme = new DeelScheme();

    private void verify(SignedRequest request, String secret) throws InvalidSignatureException {
        scheme.verify(request, context(scheme, Instant.now(), null, secret));
    }

    @Test
    void signatureOverPostAndBodyVerifies() {
        assertThatCode(() -> verify(request(BODY, "x-deel-signature", SIGNATURE), SECRET)).doesNotThrowAnyException();
    }

    @Test
    void signatureOverTheBodyAloneFails() {
        assertThatThrownBy(() -> verify(request(BODY, "x-deel-signature", WITHOUT_POST_PREFIX), SECRET))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void tamperedBodyFails() {
        byte[] tampered = VendorSamples.text("deel", "contract.status.updated.json").replace("\"123\"", "\"1230\"")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> verify(request(tampered, "x-deel-signature", SIGNATURE), SECRET))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void wrongSecretFails() {
        assertThatThrownBy(() -> verify(request(BODY, "x-deel-signature", SIGNATURE), "another-key"))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void prefixedOrBase64SignatureFails() {
        String base64 = java.util.Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex(SIGNATURE));
        for (String wrong : new String[] {"sha256=" + SIGNATURE, base64}) {
            assertThatThrownBy(() -> verify(request(BODY, "x-deel-signature", wrong), SECRET))
                    .as(wrong).isInstanceOf(InvalidSignatureException.class);
        }
    }

    @Test
    void missingRepeatedOrMalformedHeaderIsAnInvalidSignatureNotAnError() {
        assertThatThrownBy(() -> verify(request(BODY), SECRET)).isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> verify(request(BODY, "x-deel-signature", "POST"), SECRET)).isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> verify(request(BODY, "x-deel-signature", SIGNATURE, "x-deel-signature", SIGNATURE), SECRET))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void eventTypeComesFromMetaAndIdFallsBackToTheBodyHashWhenMetaHasNoEventId() {
        String sample = VendorSamples.text("deel", "contract.status.updated.json");
        assertThat(VendorSamples.read(sample, scheme.eventTypeLocations().get(0))).isEqualTo("contract.status.updated");
        assertThat(scheme.eventIdLocations()).containsExactly("jsonpath:$.data.meta.event_id", "sha256");
        assertThat(JsonPath.parse(sample).read("$.data.meta", java.util.Map.class)).doesNotContainKey("event_id");
    }

    @Test
    void typeMapCoversContractLifecycle() {
        assertThat(scheme.typeMap())
                .containsEntry("contract.created", "employee.created")
                .containsEntry("contract.status.updated", "employee.status_changed")
                .containsEntry("contract.signed", "document.signed");
    }
}
