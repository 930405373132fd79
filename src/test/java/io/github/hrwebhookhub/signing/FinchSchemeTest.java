package io.github.hrwebhookhub.signing;

import static io.github.hrwebhookhub.signing.SchemeTestSupport.context;
import static io.github.hrwebhookhub.signing.SchemeTestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;

/** Finch, checked against the vector in Finch-API/finch-api-python tests/api_resources/test_webhooks.py. */
class FinchSchemeTest {

    private static final String SECRET = "5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH";
    private static final String ID = "msg_2Lh9KRb0pzN4LePd3XiA4v12Axj";
    private static final long TIMESTAMP = 1676312382;
    private static final String BODY = "{\"company_id\":\"720be419-0293-4d32-a707-32179b0827ab\"}";
    private static final String SIGNATURE = "m7y0TV2C+hlHxU42wCieApTSTaA8/047OAplBqxIV/s=";
    private static final Instant NOW = Instant.ofEpochSecond(TIMESTAMP);

    private final FinchScheme scheme = new FinchScheme();

    private void verify(SignedRequest request, Instant now, String secret) throws InvalidSignatureException {
        scheme.verify(request, context(scheme, now, null, secret));
    }

    private static SignedRequest finch(String body, String signatureHeader) {
        // Header names cased as the Finch SDK test sends them.
        return request(body, "Finch-Event-Id", ID, "finch-timestamp", "" + TIMESTAMP, "finch-signature", signatureHeader);
    }

    @Test
    void sdkVectorVerifies() {
        assertThatCode(() -> verify(finch(BODY, "v1," + SIGNATURE), NOW, SECRET)).doesNotThrowAnyException();
    }

    @Test
    void timestampSixMinutesOldOrNewFails() {
        assertThatThrownBy(() -> verify(finch(BODY, "v1," + SIGNATURE), NOW.plusSeconds(360), SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("tolerance");
        assertThatThrownBy(() -> verify(finch(BODY, "v1," + SIGNATURE), NOW.minusSeconds(360), SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("tolerance");
    }

    @Test
    void wrongSecretFails() {
        String other = Base64.getEncoder().encodeToString("foo".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> verify(finch(BODY, "v1," + SIGNATURE), NOW, other)).isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void secretThatIsNotBase64IsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> scheme.key("invalid secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid base64").hasMessageNotContaining("invalid secret");
    }

    @Test
    void secretUsedAsRawStringBytesFails() {
        String wrong = StandardWebhooksScheme.sign(SECRET.getBytes(StandardCharsets.UTF_8), ID, TIMESTAMP,
                BODY.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> verify(finch(BODY, wrong), NOW, SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessage("no signature matches");
    }

    @Test
    void tamperedOrReSerialisedBodyFails() {
        assertThatThrownBy(() -> verify(finch(BODY.replace("ab\"", "ac\""), "v1," + SIGNATURE), NOW, SECRET))
                .isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> verify(finch(BODY.replace(":", ": "), "v1," + SIGNATURE), NOW, SECRET))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void anyV1AmongSeveralMayMatchButOtherVersionsNeverCount() {
        String invalid = Base64.getEncoder().encodeToString("my_sig".getBytes(StandardCharsets.UTF_8));
        assertThatCode(() -> verify(finch(BODY, "v1," + invalid + " v1," + SIGNATURE), NOW, SECRET)).doesNotThrowAnyException();
        assertThatCode(() -> verify(finch(BODY, "v2," + SIGNATURE + " v1," + SIGNATURE), NOW, SECRET)).doesNotThrowAnyException();
        assertThatThrownBy(() -> verify(finch(BODY, "v2," + SIGNATURE), NOW, SECRET)).isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> verify(finch(BODY, SIGNATURE), NOW, SECRET)).isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void malformedOrMissingHeadersAreInvalidSignatures() {
        assertThatThrownBy(() -> verify(request(BODY, "finch-timestamp", "" + TIMESTAMP, "finch-signature", "v1," + SIGNATURE), NOW, SECRET))
                .isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> verify(request(BODY, "Finch-Event-Id", ID, "finch-timestamp", "soon", "finch-signature", "v1," + SIGNATURE), NOW, SECRET))
                .isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> verify(finch(BODY, "v1,%%%"), NOW, SECRET)).isInstanceOf(InvalidSignatureException.class);
        // Finch's own names only: the Standard Webhooks names are not Finch's.
        SignedRequest standardNames = request(BODY, "webhook-id", ID, "webhook-timestamp", "" + TIMESTAMP, "webhook-signature", "v1," + SIGNATURE);
        assertThatThrownBy(() -> verify(standardNames, NOW, SECRET)).isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void signatureHeaderSentTwiceFails() {
        SignedRequest twice = request(BODY, "Finch-Event-Id", ID, "finch-timestamp", "" + TIMESTAMP,
                "finch-signature", "v1," + SIGNATURE, "finch-signature", "v1," + SIGNATURE);
        assertThatThrownBy(() -> verify(twice, NOW, SECRET)).isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void employmentAndPayrollEventsMapToCanonicalTypes() {
        assertThat(scheme.typeMap())
                .containsEntry("employment.created", "employee.created")
                .containsEntry("employment.deleted", "employee.terminated")
                .containsEntry("employment.updated", "employee.status_changed")
                .containsEntry("pay_statement.created", "payroll.record_updated")
                .containsEntry("payment.created", "payroll.record_updated");
        assertThat(scheme.eventIdLocations()).containsExactly("header:Finch-Event-Id");
        assertThat(scheme.eventTypeLocations()).containsExactly("jsonpath:$.event_type");
    }
}
