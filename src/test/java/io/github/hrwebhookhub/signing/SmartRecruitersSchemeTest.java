package io.github.hrwebhookhub.signing;

import static io.github.hrwebhookhub.signing.SchemeTestSupport.context;
import static io.github.hrwebhookhub.signing.SchemeTestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/**
 * SmartRecruiters, checked against the example in developers.smartrecruiters.com/reference/subscriptionsgeneratesecretkey-1.
 * The rendered page shows the body with a space after {@code "candidate_id":} and the link without angle brackets;
 * the published signature reproduces only with the compact body and {@code <http://...>; rel=self}, as used here.
 */
class SmartRecruitersSchemeTest {

    private static final String SECRET = "HeBVky2bccvvkcXPimH8c";
    private static final String TIMESTAMP = "1574080897";
    private static final String BODY = "{\"job_id\":\"jid\",\"candidate_id\":\"cid\"}";
    private static final String LINK = "<http://smartrecruiters.com/endpoint>; rel=self";
    private static final String SIGNATURE = "v1=2e9291f10d44ca10204a4cd81b05d73b6a316b2b605d4e2e0e0b37b40198ce1f";
    // Same request without a link header, which is signed as an empty string:
    // printf '%s' '1574080897.{"job_id":"jid","candidate_id":"cid"}.123.application.created.v201910.' | openssl dgst -sha256 -hmac 'HeBVky2bccvvkcXPimH8c'
    private static final String SIGNATURE_WITHOUT_LINK = "v1=f9a7ef6ffff6c10d88da37b071dce4eef3171722e27371e7704ecf7b28f986a0";
    private static final Instant NOW = Instant.ofEpochSecond(Long.parseLong(TIMESTAMP) + 5);

    private final SmartRecruitersScheme scheme = new SmartRecruitersScheme();

    private static SignedRequest callback(String body, String signature, String timestamp, String eventName) {
        return request(body, "content-type", "application/json", "smartrecruiters-signature", signature,
                "smartrecruiters-timestamp", timestamp, "event-id", "123", "link", LINK,
                "event-name", eventName, "event-version", "v201910");
    }

    private void verify(SignedRequest request, Instant now, String secret) throws InvalidSignatureException {
        scheme.verify(request, context(scheme, now, null, secret));
    }

    private void verify(SignedRequest request) throws InvalidSignatureException {
        verify(request, NOW, SECRET);
    }

    @Test
    void documentedExampleVerifies() {
        assertThatCode(() -> verify(callback(BODY, SIGNATURE, TIMESTAMP, "application.created"))).doesNotThrowAnyException();
    }

    @Test
    void missingLinkHeaderIsSignedAsAnEmptyString() {
        SignedRequest noLink = request(BODY, "smartrecruiters-signature", SIGNATURE_WITHOUT_LINK,
                "smartrecruiters-timestamp", TIMESTAMP, "event-id", "123", "event-name", "application.created",
                "event-version", "v201910");
        assertThatCode(() -> verify(noLink)).doesNotThrowAnyException();
    }

    @Test
    void anyV1AmongSemicolonSeparatedSignaturesMayMatch() {
        String several = "v1=" + "00".repeat(32) + ";v2=abcd;" + SIGNATURE + ";v1=not-hex";
        assertThatCode(() -> verify(callback(BODY, several, TIMESTAMP, "application.created"))).doesNotThrowAnyException();
    }

    @Test
    void otherSchemesOrSeparatorsDoNotCount() {
        for (String signature : new String[] {SIGNATURE.replace("v1=", "v2="), SIGNATURE.substring(3),
                SIGNATURE.replace("v1=", "sha256="), "v1=" + "00".repeat(32) + "," + SIGNATURE}) {
            assertThatThrownBy(() -> verify(callback(BODY, signature, TIMESTAMP, "application.created")))
                    .as(signature).isInstanceOf(InvalidSignatureException.class);
        }
    }

    @Test
    void tamperedOrReSerialisedBodyFails() {
        assertThatThrownBy(() -> verify(callback(BODY.replace("cid", "cie"), SIGNATURE, TIMESTAMP, "application.created")))
                .isInstanceOf(InvalidSignatureException.class);
        // The body as the documentation page renders it, with a space after the colon.
        assertThatThrownBy(() -> verify(callback(BODY.replace("\"candidate_id\":", "\"candidate_id\": "), SIGNATURE, TIMESTAMP,
                "application.created"))).isInstanceOf(InvalidSignatureException.class).hasMessage("no signature matches");
    }

    @Test
    void signedHeadersCannotBeChanged() {
        assertThatThrownBy(() -> verify(callback(BODY, SIGNATURE, TIMESTAMP, "application.status.updated")))
                .isInstanceOf(InvalidSignatureException.class);
        SignedRequest linkWithoutBrackets = request(BODY, "smartrecruiters-signature", SIGNATURE, "smartrecruiters-timestamp", TIMESTAMP,
                "event-id", "123", "link", "http://smartrecruiters.com/endpoint; rel=self", "event-name", "application.created",
                "event-version", "v201910");
        assertThatThrownBy(() -> verify(linkWithoutBrackets)).isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void wrongSecretFails() {
        assertThatThrownBy(() -> verify(callback(BODY, SIGNATURE, TIMESTAMP, "application.created"), NOW, "HeBVky2bccvvkcXPimH8d"))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void timestampOutsideToleranceFailsEitherWay() {
        assertThatThrownBy(() -> verify(callback(BODY, SIGNATURE, TIMESTAMP, "application.created"), NOW.plusSeconds(400), SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("tolerance");
        assertThatThrownBy(() -> verify(callback(BODY, SIGNATURE, TIMESTAMP, "application.created"), NOW.minusSeconds(400), SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("tolerance");
    }

    @Test
    void malformedHeadersAreInvalidSignatures() {
        assertThatThrownBy(() -> verify(callback(BODY, SIGNATURE, "not-a-time", "application.created"))).isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> verify(callback(BODY, "", TIMESTAMP, "application.created"))).isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> verify(request(BODY, "smartrecruiters-timestamp", TIMESTAMP))).isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> verify(request(BODY, "smartrecruiters-signature", SIGNATURE))).isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void signedHeaderSentTwiceFails() {
        SignedRequest twoEventIds = request(BODY, "smartrecruiters-signature", SIGNATURE, "smartrecruiters-timestamp", TIMESTAMP,
                "event-id", "123", "event-id", "456", "link", LINK, "event-name", "application.created", "event-version", "v201910");
        assertThatThrownBy(() -> verify(twoEventIds)).isInstanceOf(InvalidSignatureException.class);
        SignedRequest twoSignatures = request(BODY, "smartrecruiters-signature", SIGNATURE, "smartrecruiters-signature", SIGNATURE,
                "smartrecruiters-timestamp", TIMESTAMP, "event-id", "123", "link", LINK, "event-name", "application.created",
                "event-version", "v201910");
        assertThatThrownBy(() -> verify(twoSignatures)).isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void applicationEventsMapToCandidateTypes() {
        assertThat(scheme.typeMap())
                .containsEntry("application.created", "candidate.applied")
                .containsEntry("application.status.updated", "candidate.stage_advanced");
        assertThat(scheme.eventIdLocations()).containsExactly("header:event-id");
        assertThat(scheme.eventTypeLocations()).containsExactly("header:event-name");
    }
}
