package io.github.hrwebhookhub.signing;

import static io.github.hrwebhookhub.signing.SchemeTestSupport.context;
import static io.github.hrwebhookhub.signing.SchemeTestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Zoom. Zoom's documentation gives the construction but no worked example, so the vector was computed with openssl. */
class ZoomSchemeTest {

    private static final String SECRET = "zoom-secret-token-example";
    private static final String TIMESTAMP = "1626230692";
    private static final String BODY = "{\"event\":\"meeting.started\",\"event_ts\":1626230691572,\"payload\":{\"account_id\":"
            + "\"AAAAAABBBB\",\"object\":{\"id\":\"1234567890\",\"host_id\":\"x1yCzABCDEfg23HiJKl4mN\",\"topic\":\"My Meeting\",\"type\":2}}}";
    // printf '%s' "v0:1626230692:$BODY" | openssl dgst -sha256 -hmac 'zoom-secret-token-example'
    private static final String SIGNATURE = "v0=c17c1ec35a1e7a5bfe46ef43e87f6a21a4c9a9b93e452ea00ab1867acfa4cfec";
    private static final Instant NOW = Instant.ofEpochSecond(Long.parseLong(TIMESTAMP) + 2);

    private final ZoomScheme scheme = new ZoomScheme();

    private void verify(String body, String signature, String timestamp, Instant now, String secret) throws InvalidSignatureException {
        scheme.verify(request(body, "x-zm-signature", signature, "x-zm-request-timestamp", timestamp),
                context(scheme, now, null, secret));
    }

    private void verify(String body, String signature) throws InvalidSignatureException {
        verify(body, signature, TIMESTAMP, NOW, SECRET);
    }

    @Test
    void vectorVerifies() {
        assertThatCode(() -> verify(BODY, SIGNATURE)).doesNotThrowAnyException();
    }

    @Test
    void tamperedBodyFails() {
        assertThatThrownBy(() -> verify(BODY.replace("My Meeting", "My Meetinf"), SIGNATURE)).isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void reSerialisedJsonFails() {
        assertThatThrownBy(() -> verify(BODY.replace(":", ": "), SIGNATURE)).isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void wrongSecretFails() {
        assertThatThrownBy(() -> verify(BODY, SIGNATURE, TIMESTAMP, NOW, "another-secret-token"))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void signatureWithoutV0PrefixOrNotHexFails() {
        for (String signature : new String[] {SIGNATURE.substring(3), SIGNATURE.replace("v0=", "v1="), "v0=xyz", "v0=" + "ab".repeat(31)}) {
            assertThatThrownBy(() -> verify(BODY, signature)).as(signature).isInstanceOf(InvalidSignatureException.class);
        }
    }

    @Test
    void timestampIsPartOfWhatIsSigned() {
        assertThatThrownBy(() -> verify(BODY, SIGNATURE, "1626230693", NOW, SECRET)).isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void timestampOutsideToleranceFailsEitherWay() {
        assertThatThrownBy(() -> verify(BODY, SIGNATURE, TIMESTAMP, NOW.plusSeconds(400), SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("tolerance");
        assertThatThrownBy(() -> verify(BODY, SIGNATURE, TIMESTAMP, NOW.minusSeconds(400), SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("tolerance");
    }

    @Test
    void malformedHeadersAreInvalidSignatures() {
        assertThatThrownBy(() -> scheme.verify(request(BODY, "x-zm-request-timestamp", TIMESTAMP), context(scheme, NOW, null, SECRET)))
                .isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> scheme.verify(request(BODY, "x-zm-signature", SIGNATURE), context(scheme, NOW, null, SECRET)))
                .isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> verify(BODY, SIGNATURE, "1626230692000x", NOW, SECRET)).isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> scheme.verify(request(BODY, "x-zm-signature", SIGNATURE, "x-zm-request-timestamp", TIMESTAMP,
                "x-zm-request-timestamp", TIMESTAMP), context(scheme, NOW, null, SECRET))).isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void eventTypeIsTheEventFieldAndTheIdIsTheBodyHash() {
        assertThat(scheme.eventTypeLocations()).containsExactly("jsonpath:$.event");
        assertThat(scheme.eventIdLocations()).containsExactly("sha256");
    }
}
