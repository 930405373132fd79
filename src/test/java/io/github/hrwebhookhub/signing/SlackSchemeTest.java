package io.github.hrwebhookhub.signing;

import static io.github.hrwebhookhub.signing.SchemeTestSupport.context;
import static io.github.hrwebhookhub.signing.SchemeTestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/**
 * Slack, checked against the example in Slack's "Verifying requests from Slack" documentation (also
 * slackapi/python-slack-sdk tests/slack_sdk/signature/test_signature_verifier.py). That body is a form-encoded slash
 * command, so verify is called directly, without the hub's JSON checks.
 */
class SlackSchemeTest {

    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String TIMESTAMP = "1531420618";
    private static final String BODY = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
            + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
            + "&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J"
            + "%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private static final String SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    private static final Instant NOW = Instant.ofEpochSecond(Long.parseLong(TIMESTAMP));

    // An Events API callback signed with the same secret, computed independently:
    // printf '%s' "v0:1531420618:$EVENT_BODY" | openssl dgst -sha256 -hmac '8f742231b10e8888abcd99yyyzzz85a5'
    private static final String EVENT_BODY = "{\"token\":\"XXYYZZ\",\"team_id\":\"T123ABC\",\"api_app_id\":\"A123ABC\","
            + "\"event\":{\"type\":\"team_join\",\"user\":{\"id\":\"U123ABC\"}},\"type\":\"event_callback\","
            + "\"event_id\":\"Ev123ABC\",\"event_time\":1531420618}";
    private static final String EVENT_SIGNATURE = "v0=91d6a8922ee96a5c5b56e2b5d6056ca2c775371173c374ce7736fd4e29dbc896";

    private final SlackScheme scheme = new SlackScheme();

    private void verify(String body, String signature, String timestamp, Instant now, String secret) throws InvalidSignatureException {
        scheme.verify(request(body, "X-Slack-Signature", signature, "X-Slack-Request-Timestamp", timestamp),
                context(scheme, now, null, secret));
    }

    private void verify(String body, String signature) throws InvalidSignatureException {
        verify(body, signature, TIMESTAMP, NOW, SECRET);
    }

    @Test
    void documentedExampleVerifies() {
        assertThatCode(() -> verify(BODY, SIGNATURE)).doesNotThrowAnyException();
    }

    @Test
    void eventCallbackVerifies() {
        assertThatCode(() -> verify(EVENT_BODY, EVENT_SIGNATURE)).doesNotThrowAnyException();
    }

    @Test
    void tamperedBodyFails() {
        assertThatThrownBy(() -> verify(BODY + "------", SIGNATURE)).isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void reSerialisedJsonFails() {
        assertThatThrownBy(() -> verify(EVENT_BODY.replace(",", ", "), EVENT_SIGNATURE))
                .isInstanceOf(InvalidSignatureException.class).hasMessage("no signature matches");
    }

    @Test
    void wrongSecretFails() {
        assertThatThrownBy(() -> verify(BODY, SIGNATURE, TIMESTAMP, NOW, "8f742231b10e8888abcd99yyyzzz85a6"))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void signatureWithoutV0PrefixOrNotHexFails() {
        for (String signature : new String[] {SIGNATURE.substring(3), SIGNATURE.replace("v0=", "v1="),
                SIGNATURE.replace("v0=", "sha256="), "v0=not-hex", "v0="}) {
            assertThatThrownBy(() -> verify(BODY, signature)).as(signature).isInstanceOf(InvalidSignatureException.class);
        }
    }

    @Test
    void timestampIsPartOfWhatIsSigned() {
        assertThatThrownBy(() -> verify(BODY, SIGNATURE, "1531420619", NOW, SECRET)).isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void timestampMoreThanFiveMinutesAwayFailsEitherWay() {
        assertThatThrownBy(() -> verify(BODY, SIGNATURE, TIMESTAMP, NOW.plusSeconds(301), SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("tolerance");
        assertThatThrownBy(() -> verify(BODY, SIGNATURE, TIMESTAMP, NOW.minusSeconds(301), SECRET))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("tolerance");
        assertThatThrownBy(() -> verify(BODY, SIGNATURE, TIMESTAMP, Instant.now(), SECRET))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void malformedHeadersAreInvalidSignatures() {
        assertThatThrownBy(() -> scheme.verify(request(BODY, "X-Slack-Request-Timestamp", TIMESTAMP), context(scheme, NOW, null, SECRET)))
                .isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> scheme.verify(request(BODY, "X-Slack-Signature", SIGNATURE), context(scheme, NOW, null, SECRET)))
                .isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> verify(BODY, SIGNATURE, "yesterday", NOW, SECRET)).isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> scheme.verify(request(BODY, "X-Slack-Signature", SIGNATURE, "X-Slack-Signature", SIGNATURE,
                "X-Slack-Request-Timestamp", TIMESTAMP), context(scheme, NOW, null, SECRET))).isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void eventIdAndTypeComeFromTheEventCallback() {
        assertThat(scheme.eventIdLocations()).startsWith("jsonpath:$.event_id");
        assertThat(scheme.eventTypeLocations()).startsWith("jsonpath:$.event.type");
    }
}
