package io.github.hrwebhookhub.signing;

import static io.github.hrwebhookhub.signing.SchemeTestSupport.context;
import static io.github.hrwebhookhub.signing.SchemeTestSupport.eventId;
import static io.github.hrwebhookhub.signing.SchemeTestSupport.eventType;
import static io.github.hrwebhookhub.signing.SchemeTestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

import io.github.hrwebhookhub.config.HubProperties;
import io.github.hrwebhookhub.support.HubConfig;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What one vendor's scheme does beyond the contract every scheme meets ({@link SchemeContractTest}): signing-order and
 * encoding details, several signatures in one header, secret formats, documented vectors that are not the contract's
 * row, and where the event id or type comes from when the row's sample does not show it. Each starts from the vendor's
 * row in {@link SchemeFixtures} where it can.
 */
class SchemeEdgeCasesTest {

    @Nested
    class Ashby {

        private final SchemeFixture ashby = SchemeFixtures.ASHBY;

        @Test
        void signatureMadeWithAnotherSecretFails() {
            // openssl dgst -sha256 -hmac 'another-secret' < src/test/resources/vendor-samples/ashby/candidateStageChange.json
            String otherSecretsSignature = "sha256=b25eca2fb4d8a87f56c1ef1df996b7cf3b8f98342f23a4fa81c0d1a45019da3a";
            assertThatThrownBy(() -> ashby.verify(ashby.withHeader("Ashby-Signature", otherSecretsSignature)))
                    .isInstanceOf(InvalidSignatureException.class).hasMessage("no signature matches");
        }
    }

    @Nested
    class BambooHr {

        private final SchemeFixture bambooHr = SchemeFixtures.BAMBOOHR;

        @Test
        void timestampThenBodyFails() {
            // { printf '%s' 1769885000; cat src/test/resources/vendor-samples/bamboohr/employee.updated.json; } | openssl dgst -sha256 -hmac 'bamboohr-private-key'
            String reversedOrder = "7a384b98e9c314e50704b49968a949d9195ff16a91246f3777e1de59b98cb495";
            assertThatThrownBy(() -> bambooHr.verify(bambooHr.withHeader("X-BambooHR-Signature", reversedOrder)))
                    .isInstanceOf(InvalidSignatureException.class).hasMessage("no signature matches");
        }

        @Test
        void fieldBasedWebhookTypeIsTheEmployeesAction() {
            SignedRequest fieldBased = request("{\"employees\":[{\"id\":\"67890\",\"action\":\"Updated\"}]}");
            assertThat(eventType(bambooHr.scheme(), fieldBased)).isEqualTo("Updated");
            assertThat(bambooHr.scheme().typeMap()).containsEntry("Updated", "employee.status_changed");
        }
    }

    @Nested
    class Deel {

        private final SchemeFixture deel = SchemeFixtures.DEEL;

        @Test
        void signatureOverTheBodyAloneFails() {
            // openssl dgst -sha256 -hmac 'deel-signing-key' < src/test/resources/vendor-samples/deel/contract.status.updated.json
            String withoutPostPrefix = "a9a3e3f523e2de48816377e10c2c82933e5d0f262f892a0d2fbb390c7a6960bd";
            assertThatThrownBy(() -> deel.verify(deel.withHeader("x-deel-signature", withoutPostPrefix)))
                    .isInstanceOf(InvalidSignatureException.class).hasMessage("no signature matches");
        }

        @Test
        void eventIdIsTheMetaEventIdWhenDeelSendsOne() {
            SignedRequest withEventId = request("{\"data\":{\"meta\":{\"event_id\":\"evt-42\",\"event_type\":\"contract.created\"}}}");
            assertThat(eventId(deel.scheme(), withEventId)).isEqualTo("evt-42");
        }
    }

    @Nested
    class Finch {

        private final SchemeFixture finch = SchemeFixtures.FINCH;

        @Test
        void secretThatIsNotBase64IsRefusedWithoutShowingIt() {
            assertThatThrownBy(() -> finch.scheme().key("invalid secret"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not valid base64").hasMessageNotContaining("invalid secret");
        }

        @Test
        void secretUsedAsRawStringBytesFails() {
            String wrong = StandardWebhooksScheme.sign(finch.secret().getBytes(StandardCharsets.UTF_8),
                    finch.header("Finch-Event-Id"), finch.signedAt(), finch.body());
            assertThatThrownBy(() -> finch.verify(finch.withHeader("finch-signature", wrong)))
                    .isInstanceOf(InvalidSignatureException.class).hasMessage("no signature matches");
        }

        @Test
        void anyV1AmongSeveralMayMatchButOtherVersionsNeverCount() {
            String signature = finch.header("finch-signature");
            String invalid = "v1," + SchemeFixtures.base64("my_sig");
            assertThatCode(() -> finch.verify(finch.withHeader("finch-signature", invalid + " " + signature))).doesNotThrowAnyException();
            assertThatCode(() -> finch.verify(finch.withHeader("finch-signature", signature.replace("v1,", "v2,") + " " + signature)))
                    .doesNotThrowAnyException();
        }

        @Test
        void standardWebhooksHeaderNamesAreNotFinchs() {
            SignedRequest standardNames = finch.withHeaderNames(name -> name.toLowerCase(Locale.ROOT).replace("finch-event-", "webhook-")
                    .replace("finch-", "webhook-"));
            assertThat(standardNames.header("webhook-signature")).isNotNull();
            assertThatThrownBy(() -> finch.verify(standardNames)).isInstanceOf(InvalidSignatureException.class);
        }

        @Test
        void eventTypeIsTheEventTypeField() {
            SignedRequest employmentUpdated = request("{\"event_type\":\"employment.updated\"}", "Finch-Event-Id", "msg_1");
            assertThat(eventType(finch.scheme(), employmentUpdated)).isEqualTo("employment.updated");
        }
    }

    @Nested
    class GenericHmac {

        private static final String SECRET = "It's a Secret to Everybody";
        private final GenericHmacScheme scheme = new GenericHmacScheme();

        @Test
        void sha512IsSupported() throws Exception {
            HubProperties.Source source = SchemeFixtures.hmacSource("X-Sig", "HmacSHA512", "hex", "", "{body}", null);
            byte[] mac = Macs.hmac("HmacSHA512", SECRET.getBytes(StandardCharsets.UTF_8), "x".getBytes(StandardCharsets.UTF_8));
            scheme.verify(request("x", "X-Sig", HexFormat.of().formatHex(mac)), context(scheme, Instant.now(), source, SECRET));
        }

        @Test
        void unknownAlgorithmOrEncodingIsRefusedAtStartup() {
            HubProperties.Hmac badAlgorithm = HubConfig.hmac("algorithm", "HmacMD7");
            assertThatThrownBy(() -> GenericHmacScheme.check(badAlgorithm)).hasMessageContaining("HmacMD7");
            HubProperties.Hmac badEncoding = HubConfig.hmac("encoding", "base32");
            assertThatThrownBy(() -> GenericHmacScheme.check(badEncoding)).hasMessageContaining("base32");
        }

        @Test
        void headerNamedInTheSignedContentSentTwiceIsRefused() {
            HubProperties.Source source = SchemeFixtures.hmacSource("X-Sig", "hex", "", "{header:X-Request-Id}.{body}", null);
            String body = "{\"id\":\"evt_1\"}";
            String mac = HexFormat.of().formatHex(Macs.hmacSha256(SECRET.getBytes(StandardCharsets.UTF_8),
                    ("req-1." + body).getBytes(StandardCharsets.UTF_8)));
            assertThatCode(() -> scheme.verify(request(body, "X-Sig", mac, "X-Request-Id", "req-1"),
                    context(scheme, Instant.now(), source, SECRET))).doesNotThrowAnyException();
            assertThatThrownBy(() -> scheme.verify(request(body, "X-Sig", mac, "X-Request-Id", "req-1", "X-Request-Id", "req-2"),
                    context(scheme, Instant.now(), source, SECRET)))
                    .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("more than once");
        }
    }

    @Nested
    class Github {

        private final SchemeFixture github = SchemeFixtures.GITHUB;

        @Test
        void sha1HeaderAloneIsNotEnough() {
            SignedRequest sha1Only = request(github.body(), "X-Hub-Signature", "sha1=0123");
            assertThatThrownBy(() -> github.verify(sha1Only)).isInstanceOf(InvalidSignatureException.class);
        }
    }

    @Nested
    class Greenhouse {

        private final SchemeFixture greenhouse = SchemeFixtures.GREENHOUSE;

        @Test
        void bodyWithItsUnicodeEscapesDecodedFails() {
            String decoded = greenhouse.text().replace("\\u003c", "<").replace("\\u003e", ">");
            assertThat(decoded).contains("<p>Directions");
            assertThatThrownBy(() -> greenhouse.verify(greenhouse.withBody(decoded.getBytes(StandardCharsets.UTF_8))))
                    .isInstanceOf(InvalidSignatureException.class).hasMessage("no signature matches");
        }

        @Test
        void signatureHeaderSentTwiceIsLoggedAsSuch() {
            assertThatThrownBy(() -> greenhouse.verify(greenhouse.repeated(new SchemeFixture.Header("Signature"))))
                    .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("more than once");
        }

        @Test
        void emptySecretIsRefusedAtStartup() {
            assertThatThrownBy(() -> greenhouse.scheme().key("")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("greenhouse");
        }

        @Test
        void eventIdIsTheGreenhouseEventIdHeaderWhenSent() {
            SignedRequest withEventId = greenhouse.withHeader("Greenhouse-Event-ID", "2c1f6f0e-evt");
            assertThat(eventId(greenhouse.scheme(), withEventId)).isEqualTo("2c1f6f0e-evt");
        }
    }

    @Nested
    class Lever {

        private final SchemeFixture lever = SchemeFixtures.LEVER;
        private static final String SIGNATURE = "39911a9e14bc68c145a66b20e8118d24c23dcd2e2c1e7c8b07ddbe9c80582e91";

        private SignedRequest body(String json) {
            return lever.withBody(json.getBytes(StandardCharsets.UTF_8));
        }

        @Test
        void editingDataDoesNotBreakTheSignatureBecauseLeverDoesNotSignIt() {
            String edited = lever.text().replace("\"toStageId\":\"applicant-new\"", "\"toStageId\":\"offer\"");
            assertThat(edited).isNotEqualTo(lever.text());
            assertThatCode(() -> lever.verify(body(edited))).doesNotThrowAnyException();
        }

        @Test
        void triggeredAtSentAsAStringIsSignedTheSameWay() {
            String quoted = lever.text().replace("\"triggeredAt\":1700000000123", "\"triggeredAt\":\"1700000000123\"");
            assertThat(quoted).isNotEqualTo(lever.text());
            assertThatCode(() -> lever.verify(body(quoted))).doesNotThrowAnyException();
        }

        @Test
        void hashingTheWholeBodyIsNotWhatLeverSigns() {
            String unsigned = lever.text().replace(SIGNATURE, "");
            String bodyMac = HexFormat.of().formatHex(Macs.hmacSha256(lever.secret().getBytes(StandardCharsets.UTF_8),
                    unsigned.getBytes(StandardCharsets.UTF_8)));
            assertThatThrownBy(() -> lever.verify(body(lever.text().replace(SIGNATURE, bodyMac))))
                    .isInstanceOf(InvalidSignatureException.class).hasMessage("no signature matches");
        }

        @Test
        void bodyThatIsNotOneJsonObjectIsAnInvalidSignature() {
            for (String bad : new String[] {"not json", "", "[1,2]", "\"text\"", "{\"token\":", lever.text() + " trailing"}) {
                assertThatThrownBy(() -> lever.verify(body(bad))).as(bad).isInstanceOf(InvalidSignatureException.class);
            }
        }

        @Test
        void withoutAnIdTheEventIdIsTheBodyHash() {
            SignedRequest noId = request("{\"event\":\"candidateHired\"}");
            // printf '%s' '{"event":"candidateHired"}' | sha256sum
            assertThat(eventId(lever.scheme(), noId)).isEqualTo("23f85c9a5650b82cf3cd7cb5b76a5a0e3885ac1361e7da5ca5223c64f961d500");
        }
    }

    @Nested
    class Merge {

        private final SchemeFixture merge = SchemeFixtures.MERGE;

        @Test
        void unpaddedSignatureVerifies() {
            String unpadded = merge.header("X-Merge-Webhook-Signature").replace("=", "");
            assertThat(unpadded).isEqualTo("iQU3-OGLmRhsUeFJNmoF-k5N140Xye25qTMch9a7VJo");
            assertThatCode(() -> merge.verify(merge.withHeader("X-Merge-Webhook-Signature", unpadded))).doesNotThrowAnyException();
        }
    }

    /** The scheme for sources that send no signature; it has no row in the contract. */
    @Nested
    class None {

        private final NoneScheme scheme = new NoneScheme();

        @Test
        void acceptsAnyRequestOnlyWithAllowUnsigned() {
            HubProperties.Source unsigned = HubConfig.source("allow-unsigned", true);
            assertThatCode(() -> scheme.verify(request("{}"), context(scheme, Instant.now(), unsigned))).doesNotThrowAnyException();
            assertThatThrownBy(() -> scheme.verify(request("{}"), context(scheme, Instant.now(), HubConfig.source())))
                    .isInstanceOf(InvalidSignatureException.class);
        }
    }

    @Nested
    class Shopify {

        private final SchemeFixture shopify = SchemeFixtures.SHOPIFY;

        @Test
        void withoutAnEventIdHeaderTheWebhookIdIsTheEventId() {
            assertThat(eventId(shopify.scheme(), shopify.withoutHeader("X-Shopify-Event-Id")))
                    .isEqualTo(shopify.header("X-Shopify-Webhook-Id"));
        }
    }

    /**
     * Slack's documented example, from "Verifying requests from Slack" (also slackapi/python-slack-sdk
     * tests/slack_sdk/signature/test_signature_verifier.py): a form-encoded slash command, so it is verified directly,
     * without the hub's JSON checks or event fields.
     */
    @Nested
    class Slack {

        private final SchemeFixture slack = SchemeFixtures.SLACK;
        private final byte[] slashCommand = VendorSamples.bytes("slack", "slash-command.txt");
        private static final String DOCUMENTED_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

        private SignedRequest documented(byte[] body) {
            return request(body, "X-Slack-Signature", DOCUMENTED_SIGNATURE, "X-Slack-Request-Timestamp", "1531420618");
        }

        @Test
        void documentedExampleVerifies() {
            assertThatCode(() -> slack.verify(documented(slashCommand))).doesNotThrowAnyException();
        }

        @Test
        void documentedExampleWithItsBodyChangedFails() {
            byte[] changed = (new String(slashCommand, StandardCharsets.UTF_8) + "------").getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> slack.verify(documented(changed))).isInstanceOf(InvalidSignatureException.class);
        }
    }

    @Nested
    class SmartRecruiters {

        private final SchemeFixture smartRecruiters = SchemeFixtures.SMARTRECRUITERS;

        @Test
        void missingLinkHeaderIsSignedAsAnEmptyString() {
            // printf '%s' '1574080897.{"job_id":"jid","candidate_id":"cid"}.123.application.created.v201910.' | openssl dgst -sha256 -hmac 'HeBVky2bccvvkcXPimH8c'
            String withoutLink = "v1=f9a7ef6ffff6c10d88da37b071dce4eef3171722e27371e7704ecf7b28f986a0";
            SignedRequest noLink = request(smartRecruiters.body(), "smartrecruiters-signature", withoutLink,
                    "smartrecruiters-timestamp", "1574080897", "event-id", "123", "event-name", "application.created",
                    "event-version", "v201910");
            assertThatCode(() -> smartRecruiters.verify(noLink)).doesNotThrowAnyException();
        }

        @Test
        void anyV1AmongSemicolonSeparatedSignaturesMayMatch() {
            String several = "v1=" + "00".repeat(32) + ";v2=abcd;" + smartRecruiters.header("smartrecruiters-signature") + ";v1=not-hex";
            assertThatCode(() -> smartRecruiters.verify(smartRecruiters.withHeader("smartrecruiters-signature", several)))
                    .doesNotThrowAnyException();
        }

        @Test
        void signedHeadersCannotBeChanged() {
            assertThatThrownBy(() -> smartRecruiters.verify(smartRecruiters.withHeader("event-name", "application.status.updated")))
                    .isInstanceOf(InvalidSignatureException.class).hasMessage("no signature matches");
            // the link as the documentation page renders it, without the angle brackets
            assertThatThrownBy(() -> smartRecruiters.verify(smartRecruiters.withHeader("link", "http://smartrecruiters.com/endpoint; rel=self")))
                    .isInstanceOf(InvalidSignatureException.class).hasMessage("no signature matches");
        }
    }

    @Nested
    class StandardWebhooks {

        private final SchemeFixture standard = SchemeFixtures.STANDARD_WEBHOOKS;

        @Test
        void signMatchesTheReferenceVector() {
            assertThat(StandardWebhooksScheme.sign(standard.scheme().key(standard.secret()), standard.header("webhook-id"),
                    standard.signedAt(), standard.body())).isEqualTo(standard.header("webhook-signature"));
        }

        @Test
        void anyOfSeveralSpaceSeparatedSignaturesMayMatch() {
            String several = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v1a,abc " + standard.header("webhook-signature");
            assertThatCode(() -> standard.verify(standard.withHeader("webhook-signature", several))).doesNotThrowAnyException();
        }

        @Test
        void secretUsedAsRawStringBytesFails() {
            String wrong = StandardWebhooksScheme.sign(standard.secret().getBytes(StandardCharsets.UTF_8), standard.header("webhook-id"),
                    standard.signedAt(), standard.body());
            assertThatThrownBy(() -> standard.verify(standard.withHeader("webhook-signature", wrong)))
                    .isInstanceOf(InvalidSignatureException.class).hasMessage("no signature matches");
        }

        @Test
        void secretThatIsNotBase64IsRefusedWithAClearMessage() {
            assertThatThrownBy(() -> standard.scheme().key("whsec_this is not base64!"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid base64");
        }
    }

    @Nested
    class Stripe {

        private final SchemeFixture stripe = SchemeFixtures.STRIPE;
        private final String header = stripe.header("Stripe-Signature");

        @Test
        void anyOfSeveralV1SignaturesMayMatch() {
            String hex = header.substring(header.indexOf("v1=") + 3);
            assertThatCode(() -> stripe.verify(stripe.withHeader("Stripe-Signature", header + ",v1=bad_signature"))).doesNotThrowAnyException();
            String several = "t=" + stripe.signedAt() + ",v1=" + "00".repeat(32) + ",v1=" + hex + ",v0=" + "11".repeat(32);
            assertThatCode(() -> stripe.verify(stripe.withHeader("Stripe-Signature", several))).doesNotThrowAnyException();
        }

        @Test
        void v0SignatureIsIgnoredEvenWhenItMatches() {
            assertThatThrownBy(() -> stripe.verify(stripe.withHeader("Stripe-Signature", header.replace("v1=", "v0="))))
                    .isInstanceOf(InvalidSignatureException.class);
        }

        @Test
        void secretIsUsedAsUtf8NotBase64Decoded() {
            // A whsec_ secret whose tail happens to be valid base64: a verifier that decodes it would compute this.
            String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
            assertThat(stripe.scheme().key(secret)).isEqualTo(secret.getBytes(StandardCharsets.UTF_8));
            byte[] decodedKey = Base64.getDecoder().decode(secret.substring("whsec_".length()));
            String wrong = HexFormat.of().formatHex(Macs.hmacSha256(decodedKey,
                    (stripe.signedAt() + ".").getBytes(StandardCharsets.UTF_8), stripe.body()));
            assertThatThrownBy(() -> stripe.verify(stripe.withHeader("Stripe-Signature", "t=" + stripe.signedAt() + ",v1=" + wrong),
                    stripe.verifyAt(), secret))
                    .isInstanceOf(InvalidSignatureException.class).hasMessage("no signature matches");
        }

        @Test
        void apiKeyInsteadOfSigningSecretIsRefusedWithoutShowingIt() {
            assertThatThrownBy(() -> stripe.scheme().key("sk_test_example_api_key"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("whsec_").hasMessageNotContaining("example_api_key");
        }

        @Test
        void eventTypeIsTheTypeField() {
            SignedRequest event = request("{\"id\":\"evt_1\",\"type\":\"customer.created\"}");
            assertThat(eventType(stripe.scheme(), event)).isEqualTo("customer.created");
        }
    }

    @Nested
    class Svix {

        private final SchemeFixture svix = SchemeFixtures.SVIX;

        private SignedRequest underWebhookNames() {
            return svix.withHeaderNames(name -> name.replace("svix-", "webhook-"));
        }

        @Test
        void referenceVectorVerifiesUnderWebhookHeaders() {
            assertThat(underWebhookNames().header("webhook-signature")).isNotNull();
            assertThatCode(() -> svix.verify(underWebhookNames())).doesNotThrowAnyException();
        }

        @Test
        void underWebhookHeadersTheEventIdIsTheWebhookId() {
            assertThat(eventId(svix.scheme(), underWebhookNames())).isEqualTo(svix.header("svix-id"));
        }

        @Test
        void secretWithoutWhsecPrefixIsTheSameKey() {
            assertThatCode(() -> svix.verify(svix.request(), svix.verifyAt(), svix.secret().substring("whsec_".length())))
                    .doesNotThrowAnyException();
        }

        @Test
        void secretUsedAsRawStringBytesFails() {
            String wrong = StandardWebhooksScheme.sign(svix.secret().getBytes(StandardCharsets.UTF_8), svix.header("svix-id"),
                    svix.signedAt(), svix.body());
            assertThatThrownBy(() -> svix.verify(svix.withHeader("svix-signature", wrong)))
                    .isInstanceOf(InvalidSignatureException.class).hasMessage("no signature matches");
        }

        @Test
        void anyOfSeveralSpaceSeparatedSignaturesMayMatch() {
            // The list used by svix's test_multi_sig_payload_is_valid.
            String several = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= "
                    + svix.header("svix-signature") + " v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
            assertThatCode(() -> svix.verify(svix.withHeader("svix-signature", several))).doesNotThrowAnyException();
        }

        @Test
        void secretThatIsNotBase64IsRefusedWithoutShowingIt() {
            assertThatThrownBy(() -> svix.scheme().key("whsec_not*base64*at*all"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("svix").hasMessageNotContaining("not*base64*at*all");
        }
    }

    @Nested
    class Workable {

        private final SchemeFixture workable = SchemeFixtures.WORKABLE;

        @Test
        void upperCaseHexVerifiesToo() {
            String upper = workable.header("X-Workable-Signature").toUpperCase(Locale.ROOT);
            assertThatCode(() -> workable.verify(workable.withHeader("X-Workable-Signature", upper))).doesNotThrowAnyException();
        }
    }
}
