package io.github.hrwebhookhub.signing;

import static io.github.hrwebhookhub.signing.SchemeTestSupport.context;
import static io.github.hrwebhookhub.signing.SchemeTestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/**
 * BambooHR signs the body followed by the timestamp. The body is the event-based JSON sample from
 * documentation.bamboohr.com/docs/event-based-webhooks; BambooHR publishes no signature vector, so the signatures are
 * computed independently with openssl.
 */
class BambooHrSchemeTest {

    private static final String SECRET = "bamboohr-private-key";
    private static final byte[] BODY = VendorSamples.bytes("bamboohr", "employee.updated.json");
    private static final String TIMESTAMP = "1769885000";
    // { cat src/test/resources/vendor-samples/bamboohr/employee.updated.json; printf '%s' 1769885000; } | openssl dgst -sha256 -hmac 'bamboohr-private-key'
    private static final String SIGNATURE = "480a598f2f9c0dd7aa28780306943b500c05c08bd019bf0ada72bd9bbe47292a";
    // { printf '%s' 1769885000; cat src/test/resources/vendor-samples/bamboohr/employee.updated.json; } | openssl dgst -sha256 -hmac 'bamboohr-private-key'
    private static final String REVERSED_ORDER_SIGNATURE = "7a384b98e9c314e50704b49968a949d9195ff16a91246f3777e1de59b98cb495";
    private static final Instant NOW = Instant.ofEpochSecond(Long.parseLong(TIMESTAMP) + 10);

    private final BambooHrScheme scheme = new BambooHrScheme();

    private void verify(SignedRequest request, String secret, Instant now) throws InvalidSignatureException {
        scheme.verify(request, context(scheme, now, null, secret));
    }

    private static SignedRequest signed(byte[] body, String signature, String timestamp) {
        return request(body, "X-BambooHR-Signature", signature, "X-BambooHR-Timestamp", timestamp);
    }

    @Test
    void bodyThenTimestampVerifies() {
        assertThatCode(() -> verify(signed(BODY, SIGNATURE, TIMESTAMP), SECRET, NOW)).doesNotThrowAnyException();
    }

    @Test
    void timestampThenBodyFails() {
        assertThatThrownBy(() -> verify(signed(BODY, REVERSED_ORDER_SIGNATURE, TIMESTAMP), SECRET, NOW))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void staleTimestampFailsEvenWithAValidSignature() {
        Instant sixMinutesLater = Instant.ofEpochSecond(Long.parseLong(TIMESTAMP) + 360);
        assertThatThrownBy(() -> verify(signed(BODY, SIGNATURE, TIMESTAMP), SECRET, sixMinutesLater))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("tolerance");
    }

    @Test
    void timestampFromTheFutureFails() {
        Instant sixMinutesEarlier = Instant.ofEpochSecond(Long.parseLong(TIMESTAMP) - 360);
        assertThatThrownBy(() -> verify(signed(BODY, SIGNATURE, TIMESTAMP), SECRET, sixMinutesEarlier))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("tolerance");
    }

    @Test
    void changedTimestampFails() {
        assertThatThrownBy(() -> verify(signed(BODY, SIGNATURE, "1769885001"), SECRET, NOW))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void tamperedBodyFails() {
        byte[] tampered = VendorSamples.text("bamboohr", "employee.updated.json").replace("67890", "67891")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> verify(signed(tampered, SIGNATURE, TIMESTAMP), SECRET, NOW))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void wrongSecretFails() {
        assertThatThrownBy(() -> verify(signed(BODY, SIGNATURE, TIMESTAMP), "another-key", NOW))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void prefixedSignatureFails() {
        assertThatThrownBy(() -> verify(signed(BODY, "sha256=" + SIGNATURE, TIMESTAMP), SECRET, NOW))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void missingOrMalformedHeadersAreInvalidSignaturesNotErrors() {
        SignedRequest[] bad = {
            request(BODY),
            request(BODY, "X-BambooHR-Signature", SIGNATURE),
            request(BODY, "X-BambooHR-Timestamp", TIMESTAMP),
            signed(BODY, "not-hex", TIMESTAMP),
            signed(BODY, SIGNATURE, "yesterday"),
            signed(BODY, SIGNATURE, ""),
        };
        for (SignedRequest request : bad) {
            assertThatThrownBy(() -> verify(request, SECRET, NOW)).isInstanceOf(InvalidSignatureException.class);
        }
    }

    @Test
    void repeatedSignatureOrTimestampHeaderIsRefused() {
        assertThatThrownBy(() -> verify(request(BODY, "X-BambooHR-Signature", SIGNATURE, "X-BambooHR-Signature", SIGNATURE,
                "X-BambooHR-Timestamp", TIMESTAMP), SECRET, NOW)).isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> verify(request(BODY, "X-BambooHR-Signature", SIGNATURE,
                "X-BambooHR-Timestamp", TIMESTAMP, "X-BambooHR-Timestamp", "1769885001"), SECRET, NOW))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void eventIdIsTheBodyHashAndTypeComesFromThePayload() {
        assertThat(scheme.eventIdLocations()).containsExactly("sha256");
        String sample = VendorSamples.text("bamboohr", "employee.updated.json");
        assertThat(VendorSamples.read(sample, scheme.eventTypeLocations().get(0))).isEqualTo("employee.updated");
    }

    @Test
    void typeMapCoversCreatedAndUpdatedButNotDeleted() {
        assertThat(scheme.typeMap())
                .containsEntry("employee.created", "employee.created")
                .containsEntry("employee.updated", "employee.status_changed")
                .doesNotContainKey("employee.deleted");
    }
}
