package io.github.hrwebhookhub.signing;

import static io.github.hrwebhookhub.signing.SchemeTestSupport.context;
import static io.github.hrwebhookhub.signing.SchemeTestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/**
 * Workable: hex HMAC-SHA256 of the raw body. Workable publishes no vector or full sample payload, so the body uses the
 * envelope fields seen in public integrations and the signature is computed independently with openssl.
 */
class WorkableSchemeTest {

    private static final String SECRET = "workable-account-token";
    private static final String BODY = "{\"id\":\"9fa2c1\",\"event_type\":\"candidate_created\",\"fired_at\":\"2024-03-01T10:15:00Z\","
            + "\"resource_type\":\"candidate\",\"data\":{\"id\":\"3e4b2a\",\"name\":\"Jane Smith\",\"stage\":\"Applied\","
            + "\"job\":{\"shortcode\":\"A1B2C3D4\",\"title\":\"Data Scientist\"}}}";
    // printf '%s' "$BODY" | openssl dgst -sha256 -hmac 'workable-account-token'
    private static final String SIGNATURE = "4b2bb1eacf9987a6e5fa6c284082cc1ef91b3a8d92b130df1c16d34e42683095";

    private final WorkableScheme scheme = new WorkableScheme();

    private void verify(SignedRequest request, String secret) throws InvalidSignatureException {
        scheme.verify(request, context(scheme, Instant.now(), null, secret));
    }

    @Test
    void hexSignatureOfTheBodyVerifies() {
        assertThatCode(() -> verify(request(BODY, "X-Workable-Signature", SIGNATURE), SECRET)).doesNotThrowAnyException();
    }

    @Test
    void upperCaseHexVerifiesToo() {
        assertThatCode(() -> verify(request(BODY, "X-Workable-Signature", SIGNATURE.toUpperCase()), SECRET))
                .doesNotThrowAnyException();
    }

    @Test
    void tamperedBodyFails() {
        assertThatThrownBy(() -> verify(request(BODY.replace("Applied", "Hired"), "X-Workable-Signature", SIGNATURE), SECRET))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void reSerialisedBodyFails() {
        assertThatThrownBy(() -> verify(request(BODY.replace(",", ", "), "X-Workable-Signature", SIGNATURE), SECRET))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void wrongSecretFails() {
        assertThatThrownBy(() -> verify(request(BODY, "X-Workable-Signature", SIGNATURE), "another-token"))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void base64OrPrefixedSignatureFails() {
        String base64 = java.util.Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex(SIGNATURE));
        for (String wrong : new String[] {base64, "sha256=" + SIGNATURE}) {
            assertThatThrownBy(() -> verify(request(BODY, "X-Workable-Signature", wrong), SECRET))
                    .as(wrong).isInstanceOf(InvalidSignatureException.class);
        }
    }

    @Test
    void missingRepeatedOrMalformedHeaderIsAnInvalidSignatureNotAnError() {
        assertThatThrownBy(() -> verify(request(BODY), SECRET)).isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> verify(request(BODY, "X-Workable-Signature", "xyz"), SECRET)).isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> verify(request(BODY, "X-Workable-Signature", SIGNATURE, "X-Workable-Signature", SIGNATURE), SECRET))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void eventIdIsTheBodyHashAndTypeIsEventType() {
        assertThat(scheme.eventIdLocations()).containsExactly("sha256");
        assertThat(VendorSamples.read(BODY, scheme.eventTypeLocations().get(0))).isEqualTo("candidate_created");
    }

    @Test
    void typeMapCoversCreatedAndMovedCandidates() {
        assertThat(scheme.typeMap())
                .containsEntry("candidate_created", "candidate.applied")
                .containsEntry("candidate_moved", "candidate.stage_advanced");
    }
}
