package io.github.hrwebhookhub.signing;

import static io.github.hrwebhookhub.signing.SchemeTestSupport.context;
import static io.github.hrwebhookhub.signing.SchemeTestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Standard Webhooks, checked against the vector the specification's reference libraries test with. */
class StandardWebhooksSchemeTest {

    // standard-webhooks/standard-webhooks reference library tests
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330;
    private static final String BODY = "{\"test\": 2432232314}";
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static final Instant NOW = Instant.ofEpochSecond(TIMESTAMP + 10);

    private final StandardWebhooksScheme scheme = new StandardWebhooksScheme();

    private void verify(SignedRequest request, String... secrets) throws InvalidSignatureException {
        scheme.verify(request, context(scheme, NOW, null, secrets.length == 0 ? new String[] {SECRET} : secrets));
    }

    @Test
    void signMatchesTheReferenceVector() {
        assertThat(StandardWebhooksScheme.sign(scheme.key(SECRET), ID, TIMESTAMP, BODY.getBytes(StandardCharsets.UTF_8))).isEqualTo(SIGNATURE);
    }

    @Test
    void referenceVectorVerifies() {
        assertThatCode(() -> verify(request(BODY, "webhook-id", ID, "webhook-timestamp", "" + TIMESTAMP, "webhook-signature", SIGNATURE)))
                .doesNotThrowAnyException();
    }

    @Test
    void anyOfSeveralSpaceSeparatedSignaturesMayMatch() {
        String several = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v1a,abc " + SIGNATURE;
        assertThatCode(() -> verify(request(BODY, "webhook-id", ID, "webhook-timestamp", "" + TIMESTAMP, "webhook-signature", several)))
                .doesNotThrowAnyException();
    }

    @Test
    void onlyV1EntriesCount() {
        String wrongVersion = SIGNATURE.replace("v1,", "v2,");
        assertThatThrownBy(() -> verify(request(BODY, "webhook-id", ID, "webhook-timestamp", "" + TIMESTAMP, "webhook-signature", wrongVersion)))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void reSerialisedBodyFails() {
        assertThatThrownBy(() -> verify(request("{\"test\":2432232314}", "webhook-id", ID, "webhook-timestamp", "" + TIMESTAMP,
                "webhook-signature", SIGNATURE))).isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void secretUsedAsRawStringBytesFails() {
        byte[] rawStringKey = SECRET.getBytes(StandardCharsets.UTF_8);
        String wrong = StandardWebhooksScheme.sign(rawStringKey, ID, TIMESTAMP, BODY.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> verify(request(BODY, "webhook-id", ID, "webhook-timestamp", "" + TIMESTAMP, "webhook-signature", wrong)))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void secondSecretDuringRotationVerifies() {
        assertThatCode(() -> verify(request(BODY, "webhook-id", ID, "webhook-timestamp", "" + TIMESTAMP, "webhook-signature", SIGNATURE),
                "whsec_" + java.util.Base64.getEncoder().encodeToString("old key that no longer signs".getBytes()), SECRET))
                .doesNotThrowAnyException();
    }

    @Test
    void timestampOutsideToleranceFailsEitherWay() {
        for (long ts : new long[] {TIMESTAMP - 400, TIMESTAMP + 400}) {
            String signature = StandardWebhooksScheme.sign(scheme.key(SECRET), ID, ts, BODY.getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> verify(request(BODY, "webhook-id", ID, "webhook-timestamp", "" + ts, "webhook-signature", signature)))
                    .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("tolerance");
        }
    }

    @Test
    void nonNumericTimestampFails() {
        assertThatThrownBy(() -> verify(request(BODY, "webhook-id", ID, "webhook-timestamp", "yesterday", "webhook-signature", SIGNATURE)))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void invalidBase64InSignatureFailsWithoutError() {
        assertThatThrownBy(() -> verify(request(BODY, "webhook-id", ID, "webhook-timestamp", "" + TIMESTAMP, "webhook-signature", "v1,!!!not-base64")))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void secretThatIsNotBase64IsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> scheme.key("whsec_this is not base64!"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid base64");
    }
}
