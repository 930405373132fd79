package io.github.hrwebhookhub.signing;

import static io.github.hrwebhookhub.signing.SchemeTestSupport.context;
import static io.github.hrwebhookhub.signing.SchemeTestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/**
 * Lever signs only {@code token + triggeredAt}, carried with the signature in the body. No published vector was found,
 * so the signature is computed independently with openssl; the body follows the documented field names.
 */
class LeverSchemeTest {

    private static final String SECRET = "lever-signature-token";
    private static final String TOKEN = "3f1c8e2a9b7d4c6e0a5f1b2d8c9e7a60";
    private static final String TRIGGERED_AT = "1700000000123";
    // printf '%s' '3f1c8e2a9b7d4c6e0a5f1b2d8c9e7a601700000000123' | openssl dgst -sha256 -hmac 'lever-signature-token'
    private static final String SIGNATURE = "39911a9e14bc68c145a66b20e8118d24c23dcd2e2c1e7c8b07ddbe9c80582e91";

    private final LeverScheme scheme = new LeverScheme();

    private static String body(String token, String triggeredAt, String signature, String toStageId) {
        return "{\"id\":\"8d2f6a1c-4b3e-4f5a-9c7d-1e2f3a4b5c6d\",\"triggeredAt\":" + triggeredAt
                + ",\"event\":\"candidateStageChange\",\"signature\":\"" + signature + "\",\"token\":\"" + token + "\","
                + "\"data\":{\"opportunityId\":\"250d8f03-738a-4bba-a671-8a3d73477145\","
                + "\"candidateId\":\"250d8f03-738a-4bba-a671-8a3d73477145\","
                + "\"fromStageId\":\"lead-new\",\"toStageId\":\"" + toStageId + "\"}}";
    }

    private static final String BODY = body(TOKEN, TRIGGERED_AT, SIGNATURE, "applicant-new");

    private void verify(String body, String secret) throws InvalidSignatureException {
        scheme.verify(request(body), context(scheme, Instant.now(), null, secret));
    }

    @Test
    void signatureOverTokenAndTriggeredAtVerifies() {
        assertThatCode(() -> verify(BODY, SECRET)).doesNotThrowAnyException();
    }

    @Test
    void editingDataDoesNotBreakTheSignatureBecauseLeverDoesNotSignIt() {
        assertThatCode(() -> verify(body(TOKEN, TRIGGERED_AT, SIGNATURE, "offer"), SECRET)).doesNotThrowAnyException();
    }

    @Test
    void changedTokenFails() {
        assertThatThrownBy(() -> verify(body("3f1c8e2a9b7d4c6e0a5f1b2d8c9e7a61", TRIGGERED_AT, SIGNATURE, "applicant-new"), SECRET))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void changedTriggeredAtFails() {
        assertThatThrownBy(() -> verify(body(TOKEN, "1700000000124", SIGNATURE, "applicant-new"), SECRET))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void triggeredAtSentAsAStringIsSignedTheSameWay() {
        assertThatCode(() -> verify(body(TOKEN, "\"" + TRIGGERED_AT + "\"", SIGNATURE, "applicant-new"), SECRET))
                .doesNotThrowAnyException();
    }

    @Test
    void wrongSecretFails() {
        assertThatThrownBy(() -> verify(BODY, "another-token")).isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void hashingTheWholeBodyIsNotWhatLeverSigns() {
        String bodyMac = java.util.HexFormat.of().formatHex(Macs.hmacSha256(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                body(TOKEN, TRIGGERED_AT, "", "applicant-new").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> verify(body(TOKEN, TRIGGERED_AT, bodyMac, "applicant-new"), SECRET))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void nonJsonBodyIsAnInvalidSignature() {
        for (String bad : new String[] {"not json", "", "[1,2]", "\"text\"", "{\"token\":", BODY + " trailing"}) {
            assertThatThrownBy(() -> verify(bad, SECRET)).as(bad).isInstanceOf(InvalidSignatureException.class);
        }
    }

    @Test
    void missingOrMalformedFieldsAreInvalidSignaturesNotErrors() {
        String[] bad = {
            BODY.replace("\"token\"", "\"tok\""),
            BODY.replace("\"signature\"", "\"sig\""),
            BODY.replace("\"triggeredAt\"", "\"when\""),
            body(TOKEN, "1.7E12", SIGNATURE, "x"),
            body(TOKEN, "null", SIGNATURE, "x"),
            body(TOKEN, TRIGGERED_AT, "zz-not-hex", "x"),
            "{\"token\":12,\"triggeredAt\":1,\"signature\":\"00\"}",
        };
        for (String body : bad) {
            assertThatThrownBy(() -> verify(body, SECRET)).as(body).isInstanceOf(InvalidSignatureException.class);
        }
    }

    @Test
    void duplicateTokenFieldIsRefusedRatherThanGuessedAt() {
        String twoTokens = BODY.replace("\"token\":\"" + TOKEN + "\"", "\"token\":\"other\",\"token\":\"" + TOKEN + "\"");
        assertThatThrownBy(() -> verify(twoTokens, SECRET)).isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void eventIdAndTypeComeFromTheBody() {
        assertThat(VendorSamples.read(BODY, scheme.eventIdLocations().get(0))).isEqualTo("8d2f6a1c-4b3e-4f5a-9c7d-1e2f3a4b5c6d");
        assertThat(scheme.eventIdLocations()).endsWith("sha256");
        assertThat(VendorSamples.read(BODY, scheme.eventTypeLocations().get(0))).isEqualTo("candidateStageChange");
    }

    @Test
    void typeMapCoversApplicationStageAndHire() {
        assertThat(scheme.typeMap())
                .containsEntry("applicationCreated", "candidate.applied")
                .containsEntry("candidateStageChange", "candidate.stage_advanced")
                .containsEntry("candidateHired", "candidate.hired")
                .doesNotContainKey("candidateArchiveChange");
    }
}
