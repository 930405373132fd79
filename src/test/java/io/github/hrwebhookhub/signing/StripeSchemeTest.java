package io.github.hrwebhookhub.signing;

import static io.github.hrwebhookhub.signing.SchemeTestSupport.context;
import static io.github.hrwebhookhub.signing.SchemeTestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/**
 * Stripe. The payload and secret are stripe/stripe-python's tests/test_webhook.py fixtures (DUMMY_WEBHOOK_PAYLOAD,
 * DUMMY_WEBHOOK_SECRET); those tests sign at run time, so the signature for a fixed timestamp was computed with
 * openssl (see SIGNATURE).
 */
class StripeSchemeTest {

    private static final String SECRET = "whsec_test_secret";
    private static final String BODY = """
            {
              "id": "evt_test_webhook",
              "object": "event",
              "data": { "object": { "id": "rdr_123", "object": "terminal.reader" } }
            }""";
    private static final long TIMESTAMP = 1700000000;
    // printf '%s' "1700000000.$BODY" | openssl dgst -sha256 -hmac 'whsec_test_secret'
    private static final String SIGNATURE = "3bfab77baf5f7b6991a46c9b53b6547d7afc56148b10468fcad9f35c1992ffbd";
    private static final Instant NOW = Instant.ofEpochSecond(TIMESTAMP + 10);

    private final StripeScheme scheme = new StripeScheme();

    private void verify(String body, String header, Instant now, String secret) throws InvalidSignatureException {
        scheme.verify(request(body, "Stripe-Signature", header), context(scheme, now, null, secret));
    }

    private void verify(String header) throws InvalidSignatureException {
        verify(BODY, header, NOW, SECRET);
    }

    @Test
    void vectorVerifies() {
        assertThatCode(() -> verify("t=" + TIMESTAMP + ",v1=" + SIGNATURE)).doesNotThrowAnyException();
    }

    @Test
    void anyOfSeveralV1SignaturesMayMatch() {
        assertThatCode(() -> verify("t=" + TIMESTAMP + ",v1=" + SIGNATURE + ",v1=bad_signature")).doesNotThrowAnyException();
        assertThatCode(() -> verify("t=" + TIMESTAMP + ",v1=" + "00".repeat(32) + ",v1=" + SIGNATURE + ",v0=" + "11".repeat(32)))
                .doesNotThrowAnyException();
    }

    @Test
    void v0SignatureIsIgnoredEvenWhenItMatches() {
        assertThatThrownBy(() -> verify("t=" + TIMESTAMP + ",v0=" + SIGNATURE)).isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void tamperedBodyFails() {
        assertThatThrownBy(() -> verify(BODY.replace("rdr_123", "rdr_124"), "t=" + TIMESTAMP + ",v1=" + SIGNATURE, NOW, SECRET))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void bodyWithoutItsNewlinesAndIndentationFails() {
        String compact = BODY.replaceAll("\\s*\\n\\s*", "");
        assertThatThrownBy(() -> verify(compact, "t=" + TIMESTAMP + ",v1=" + SIGNATURE, NOW, SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessage("no signature matches");
    }

    @Test
    void wrongSecretFails() {
        assertThatThrownBy(() -> verify(BODY, "t=" + TIMESTAMP + ",v1=" + SIGNATURE, NOW, "whsec_other_secret"))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void timestampIsPartOfWhatIsSigned() {
        assertThatThrownBy(() -> verify("t=" + (TIMESTAMP + 1) + ",v1=" + SIGNATURE)).isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void secretIsUsedAsUtf8NotBase64Decoded() {
        // A whsec_ secret whose tail happens to be valid base64: a verifier that decodes it would compute this.
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        assertThat(scheme.key(secret)).isEqualTo(secret.getBytes(StandardCharsets.UTF_8));
        byte[] decodedKey = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        String wrong = HexFormat.of().formatHex(Macs.hmacSha256(decodedKey, (TIMESTAMP + "." + BODY).getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> verify(BODY, "t=" + TIMESTAMP + ",v1=" + wrong, NOW, secret))
                .isInstanceOf(InvalidSignatureException.class).hasMessage("no signature matches");
    }

    @Test
    void oldTimestampFailsButFutureOneIsAcceptedAsStripeDoes() {
        assertThatThrownBy(() -> verify(BODY, "t=" + TIMESTAMP + ",v1=" + SIGNATURE, Instant.ofEpochSecond(TIMESTAMP + 301), SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("tolerance");
        assertThatCode(() -> verify(BODY, "t=" + TIMESTAMP + ",v1=" + SIGNATURE, Instant.ofEpochSecond(TIMESTAMP - 3600), SECRET))
                .doesNotThrowAnyException();
    }

    @Test
    void malformedHeadersAreInvalidSignatures() {
        for (String header : new String[] {"i'm not even a real signature header", "bad_header", "",
                "v1=" + SIGNATURE, "t=,v1=" + SIGNATURE, "t=yesterday,v1=" + SIGNATURE, "t=99999999999999999999,v1=" + SIGNATURE,
                "t=" + TIMESTAMP, "t=" + TIMESTAMP + ",v1=zz", "t=" + TIMESTAMP + ",t=" + TIMESTAMP + ",v1=" + SIGNATURE}) {
            assertThatThrownBy(() -> verify(header)).as(header).isInstanceOf(InvalidSignatureException.class);
        }
        assertThatThrownBy(() -> scheme.verify(request(BODY), context(scheme, NOW, null, SECRET)))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void signatureHeaderSentTwiceFails() {
        String header = "t=" + TIMESTAMP + ",v1=" + SIGNATURE;
        assertThatThrownBy(() -> scheme.verify(request(BODY, "Stripe-Signature", header, "Stripe-Signature", header),
                context(scheme, NOW, null, SECRET))).isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void apiKeyInsteadOfSigningSecretIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> scheme.key("sk_test_example_api_key"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whsec_").hasMessageNotContaining("example_api_key");
    }

    @Test
    void eventIdAndTypeComeFromTheBody() {
        assertThat(scheme.eventIdLocations()).containsExactly("jsonpath:$.id");
        assertThat(scheme.eventTypeLocations()).containsExactly("jsonpath:$.type");
    }
}
