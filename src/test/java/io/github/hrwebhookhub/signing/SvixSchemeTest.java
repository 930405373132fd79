package io.github.hrwebhookhub.signing;

import static io.github.hrwebhookhub.signing.SchemeTestSupport.context;
import static io.github.hrwebhookhub.signing.SchemeTestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Svix, checked against the vector in svix/svix-webhooks python/tests/test_webhooks.py (test_sign_function). */
class SvixSchemeTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330;
    private static final String BODY = "{\"test\": 2432232314}";
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static final Instant NOW = Instant.ofEpochSecond(TIMESTAMP + 10);

    private final SvixScheme scheme = new SvixScheme();

    private void verify(SignedRequest request, String secret) throws InvalidSignatureException {
        scheme.verify(request, context(scheme, NOW, null, secret));
    }

    private static SignedRequest svix(String body, long timestamp, String signature) {
        return request(body, "svix-id", ID, "svix-timestamp", "" + timestamp, "svix-signature", signature);
    }

    @Test
    void referenceVectorVerifiesUnderSvixHeaders() {
        assertThatCode(() -> verify(svix(BODY, TIMESTAMP, SIGNATURE), SECRET)).doesNotThrowAnyException();
    }

    @Test
    void referenceVectorVerifiesUnderWebhookHeaders() {
        SignedRequest standard = request(BODY, "webhook-id", ID, "webhook-timestamp", "" + TIMESTAMP, "webhook-signature", SIGNATURE);
        assertThatCode(() -> verify(standard, SECRET)).doesNotThrowAnyException();
    }

    @Test
    void secretWithoutWhsecPrefixIsTheSameKey() {
        assertThatCode(() -> verify(svix(BODY, TIMESTAMP, SIGNATURE), SECRET.substring("whsec_".length())))
                .doesNotThrowAnyException();
    }

    @Test
    void tamperedBodyFails() {
        assertThatThrownBy(() -> verify(svix("{\"test\": 2432232315}", TIMESTAMP, SIGNATURE), SECRET))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void bodyWithWhitespaceRemovedFails() {
        assertThatThrownBy(() -> verify(svix("{\"test\":2432232314}", TIMESTAMP, SIGNATURE), SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessage("no signature matches");
    }

    @Test
    void wrongSecretFails() {
        assertThatThrownBy(() -> verify(svix(BODY, TIMESTAMP, SIGNATURE), "whsec_" + java.util.Base64.getEncoder().encodeToString("another key".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void secretUsedAsRawStringBytesFails() {
        String wrong = StandardWebhooksScheme.sign(SECRET.getBytes(StandardCharsets.UTF_8), ID, TIMESTAMP,
                BODY.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> verify(svix(BODY, TIMESTAMP, wrong), SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessage("no signature matches");
    }

    @Test
    void anyOfSeveralSpaceSeparatedSignaturesMayMatch() {
        // The list used by svix's test_multi_sig_payload_is_valid.
        String several = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= "
                + SIGNATURE + " v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
        assertThatCode(() -> verify(svix(BODY, TIMESTAMP, several), SECRET)).doesNotThrowAnyException();
    }

    @Test
    void onlyV1EntriesCount() {
        assertThatThrownBy(() -> verify(svix(BODY, TIMESTAMP, SIGNATURE.replace("v1,", "v2,")), SECRET))
                .isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> verify(svix(BODY, TIMESTAMP, SIGNATURE.substring("v1,".length())), SECRET))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void timestampMoreThanToleranceAwayFailsEitherWay() {
        for (long ts : new long[] {NOW.getEpochSecond() - 301, NOW.getEpochSecond() + 301}) {
            String signature = StandardWebhooksScheme.sign(scheme.key(SECRET), ID, ts, BODY.getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> verify(svix(BODY, ts, signature), SECRET))
                    .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("tolerance");
        }
    }

    @Test
    void malformedHeadersAreInvalidSignatures() {
        assertThatThrownBy(() -> verify(request(BODY, "svix-timestamp", "" + TIMESTAMP, "svix-signature", SIGNATURE), SECRET))
                .isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> verify(request(BODY, "svix-id", ID, "svix-signature", SIGNATURE), SECRET))
                .isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> verify(request(BODY, "svix-id", ID, "svix-timestamp", "hello", "svix-signature", SIGNATURE), SECRET))
                .isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> verify(request(BODY, "svix-id", ID, "svix-timestamp", "" + TIMESTAMP), SECRET))
                .isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> verify(svix(BODY, TIMESTAMP, "v1,!!!not-base64 v1,"), SECRET))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void signatureHeaderSentTwiceFails() {
        SignedRequest twice = request(BODY, "svix-id", ID, "svix-timestamp", "" + TIMESTAMP,
                "svix-signature", SIGNATURE, "svix-signature", SIGNATURE);
        assertThatThrownBy(() -> verify(twice, SECRET)).isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void secretThatIsNotBase64IsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> scheme.key("whsec_not*base64*at*all"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("svix").hasMessageNotContaining("not*base64*at*all");
    }

    @Test
    void eventIdComesFromTheSvixIdHeaderFirst() {
        assertThat(scheme.name()).isEqualTo("svix");
        assertThat(scheme.eventIdLocations()).startsWith("header:svix-id", "header:webhook-id");
    }
}
